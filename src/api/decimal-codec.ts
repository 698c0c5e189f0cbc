import { DataError } from './errors.js';

/**
 * Exact decimal arithmetic for the Decimal logical type, with bigint so nothing is rounded.
 *
 * A Decimal value is a string in plain notation ("-12.3400"). On the wire Kafka Connect stores the
 * *unscaled* integer (value × 10^scale) as big-endian two's-complement bytes, exactly like Java's
 * `BigInteger.toByteArray()`: the shortest form that keeps the sign bit (128 → 00 80, -1 → ff).
 */

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Guards against "1e999999999" building a gigantic bigint. Java caps BigDecimal scale at int32 too. */
const MAX_EXPONENT = 100_000;

export interface ParsedDecimal {
  /** The digits as an integer: value = unscaled × 10^-scale */
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Parses "12.50", "-0.5", ".5", "1.5E+3" into unscaled + scale, keeping every written digit. */
export function parseDecimal(text: string): ParsedDecimal {
  const m = DECIMAL_RE.exec(text);
  const intDigits = m?.[2] ?? '';
  const fracDigits = m?.[3] ?? '';
  if (m === null || intDigits.length + fracDigits.length === 0) {
    throw new DataError(`not a decimal number: ${JSON.stringify(text)}`, { code: 'TRIB_DECIMAL_INVALID' });
  }
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) {
    throw new DataError(`decimal exponent out of range: ${JSON.stringify(text)}`, { code: 'TRIB_DECIMAL_INVALID' });
  }
  const magnitude = BigInt(intDigits + fracDigits);
  return { unscaled: m[1] === '-' ? -magnitude : magnitude, scale: fracDigits.length - exponent };
}

/** Re-expresses `unscaled` (at `from` scale) at `to` scale; throws if that would drop non-zero digits. */
export function rescaleUnscaled(unscaled: bigint, from: number, to: number, text?: string): bigint {
  if (to >= from) return unscaled * 10n ** BigInt(to - from);
  const divisor = 10n ** BigInt(from - to);
  if (unscaled % divisor !== 0n) {
    const shown = text === undefined ? decimalFromUnscaled(unscaled, from) : text;
    throw new DataError(`decimal ${shown} has more than ${to} fractional digits; it cannot be stored at scale ${to} without rounding`, {
      code: 'TRIB_DECIMAL_SCALE',
    });
  }
  return unscaled / divisor;
}

/** The unscaled integer of `text` at `scale` (exact; throws rather than round). */
export function decimalToUnscaled(text: string, scale: number): bigint {
  const p = parseDecimal(text);
  return rescaleUnscaled(p.unscaled, p.scale, scale, text);
}

/** Formats an unscaled integer at `scale` in plain notation: (-5n, 2) → "-0.05", (5n, -2) → "500". */
export function decimalFromUnscaled(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Big-endian two's-complement bytes of `n`, shortest form (Java `BigInteger.toByteArray()`). */
export function bigintToTwosComplement(n: bigint): Uint8Array {
  // Bytes needed: enough bits for the magnitude plus one sign bit. For negatives, -n-1 has the same bit length.
  const magnitude = n < 0n ? -n - 1n : n;
  const bitLength = magnitude === 0n ? 0 : magnitude.toString(2).length;
  const length = Math.floor(bitLength / 8) + 1;
  let rest = n < 0n ? (1n << BigInt(length * 8)) + n : n;
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** Reads big-endian two's-complement bytes (any length ≥ 1, leading sign bytes allowed). */
export function bigintFromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) {
    throw new DataError('decimal bytes are empty; expected at least one byte of two\'s-complement integer', {
      code: 'TRIB_DECIMAL_INVALID',
    });
  }
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] as number).toString(16).padStart(2, '0');
  const unsigned = BigInt(`0x${hex}`);
  return ((bytes[0] as number) & 0x80) === 0 ? unsigned : unsigned - (1n << BigInt(bytes.length * 8));
}

/** `decimalToBytes("1.5", 1)` → [0x0f]; `decimalToBytes("-1", 0)` → [0xff]. Exact; throws rather than round. */
export function decimalToBytes(text: string, scale: number): Uint8Array {
  return bigintToTwosComplement(decimalToUnscaled(text, scale));
}

/** `decimalFromBytes([0x0f], 1)` → "1.5". The string always carries exactly `scale` fractional digits. */
export function decimalFromBytes(bytes: Uint8Array, scale: number): string {
  return decimalFromUnscaled(bigintFromTwosComplement(bytes), scale);
}
