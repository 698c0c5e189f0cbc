/**
 * Numbers written the way Kafka's JsonConverter (Jackson) writes them, so our bytes match Java's:
 * float64 uses `Double.toString` ("1.0", "1.0E10", "1.5E-4"), float32 uses `Float.toString` (the shortest
 * digits that read back as the same float, "0.1" not "0.10000000149011612"), and NUMERIC decimals use
 * `BigDecimal.toString` ("12.34", "1E-10", "1.23E+4").
 */

/** Java's `Double.toString(x)` for a finite x (JS already finds the shortest digits; only the layout differs). */
export function javaDoubleString(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x); // plain notation in this range
    return s.includes('.') ? s : `${s}.0`;
  }
  // toExponential() with no argument gives the shortest round-trip digits: "1.2345e+21", "1e-7"
  const e = x.toExponential();
  const at = e.indexOf('e');
  const mantissa = e.slice(0, at);
  const exp = e.slice(at + 1);
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp[0] === '+' ? exp.slice(1) : exp}`;
}

/** Java's `Float.toString(Math.fround(x))` for a finite x. */
export function javaFloatString(x: number): string {
  const f = Math.fround(x);
  if (f === 0 || !Number.isFinite(f)) return javaDoubleString(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return javaDoubleString(candidate);
  }
  return javaDoubleString(f); // unreachable: 9 significant digits always identify a float
}

/** Java's `BigDecimal.toString()` for unscaled × 10^-scale (scientific notation when the exponent is small). */
export function javaBigDecimalString(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? '-' : '';
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    const cut = padded.length - scale;
    return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
  }
  const coefficient = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${coefficient}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}
