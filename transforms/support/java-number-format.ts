/**
 * Java's `Double.toString` / `Float.toString`, so casts to string print what Kafka prints
 * (`1.0`, `1.0E10`, `1.5E-4`), not JavaScript's `1`, `10000000000`, `0.00015`.
 */
export function javaDoubleToString(d: number): string {
  return formatJava(d, shortestDouble(d));
}

export function javaFloatToString(f: number): string {
  return formatJava(f, shortestFloat(f));
}

function shortestDouble(d: number): string {
  return Math.abs(d).toExponential();
}

/** The fewest significant digits that read back as the same float32. */
function shortestFloat(f: number): string {
  const a = Math.abs(f);
  for (let p = 1; p <= 9; p++) {
    const s = a.toExponential(p - 1);
    if (Math.fround(Number(s)) === a) return s;
  }
  return a.toExponential(8);
}

function formatJava(v: number, exp: string): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return `${sign}0.0`;
  const [mant, e] = exp.split('e') as [string, string];
  const digits = mant.replace('.', '');
  const power = Number(e);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e7) {
    // plain notation with at least one fractional digit
    if (power >= 0) {
      const intPart = digits.slice(0, power + 1).padEnd(power + 1, '0');
      const frac = digits.slice(power + 1) || '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-power - 1)}${digits}`;
  }
  const frac = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${frac}E${power}`;
}
