/**
 * JSON text fragments written straight into a byte buffer, for the compiled writers (json-value-compiler.ts):
 * the same bytes as Buffer.from(<the text json-text.ts writes>), without building a JS string first.
 * Every function takes the buffer and a position, returns the position after what it wrote, and assumes the
 * caller made room (the bounds are documented per function). Anything these cannot write exactly (a string
 * with a lone surrogate) throws WRITE_BAIL, and the generic writer redoes the whole value.
 */
/** Node's Buffer methods without the argument checks of write()/toString() (present since Node 0.x). */
interface BufferFast {
  utf8Write(text: string, offset: number): number;
  utf8Slice(start: number, end: number): string;
}

export function utf8Write(b: Buffer, text: string, offset: number): number {
  return (b as unknown as BufferFast).utf8Write(text, offset);
}

export function utf8Slice(b: Buffer, start: number, end: number): string {
  return (b as unknown as BufferFast).utf8Slice(start, end);
}

/** String.prototype.isWellFormed (Node 20; the project's TS lib predates it): no lone surrogates. */
export function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Thrown by compiled writers to hand a value to the generic writer; never escapes the compiler. */
export const WRITE_BAIL = new (class WriteBail extends Error {})('value left to the generic writer');

export function writeBail(): never {
  throw WRITE_BAIL;
}

/** Room needed for any integer writeSafeInt/writeBigInt64 writes: '-' and 19 digits. */
export const INT_MAX_BYTES = 20;

/** Room needed for jsonStringBytes(s): 6 bytes per UTF-16 unit (\u00XX) and the quotes. */
export function stringMaxBytes(s: string): number {
  return s.length * 6 + 2;
}

/** A new buffer with `need` more bytes of room after `p`, holding b[0, p). */
export function grow(b: Buffer, p: number, need: number): Buffer {
  const out = Buffer.allocUnsafe(Math.max(b.length * 2, p + need + 1024));
  b.copy(out, 0, 0, p);
  return out;
}

/** "00" … "99" as byte pairs: integers are written two digits per division. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 48 + ((i / 10) | 0);
  DIGIT_PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** The digits of n (0 <= n < 1e8, an integer) ending just before q; int32 arithmetic. */
function writeDigitsBefore(b: Buffer, q: number, n: number): void {
  n |= 0;
  while (n >= 100) {
    const t = (n / 100) | 0;
    const r = (n - t * 100) << 1;
    b[--q] = DIGIT_PAIRS[r + 1]!;
    b[--q] = DIGIT_PAIRS[r]!;
    n = t;
  }
  if (n >= 10) {
    const r = n << 1;
    b[--q] = DIGIT_PAIRS[r + 1]!;
    b[--q] = DIGIT_PAIRS[r]!;
  } else {
    b[--q] = 48 + n;
  }
}

/** 0 <= n < 1e8, an integer: its decimal digits. */
function writeSmall(b: Buffer, p: number, n: number): number {
  const len = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : 8;
  writeDigitsBefore(b, p + len, n);
  return p + len;
}

/** A safe integer as String(n) writes it (-0 as "0"). Room: INT_MAX_BYTES. */
export function writeSafeInt(b: Buffer, p: number, n: number): number {
  if (n < 0) {
    b[p++] = 45;
    n = -n;
  }
  if (n < 1e8) return writeSmall(b, p, n);
  // in int32-sized halves, so the digit loops do integer arithmetic (n < 2^53, so hi < 1e8)
  let hi = Math.floor(n / 1e8);
  let lo = n - hi * 1e8;
  if (lo < 0) {
    // n / 1e8 rounded up to an integer: cannot happen below 2^53 (half an ulp of hi < 1e-8), kept as a guard
    hi--;
    lo += 1e8;
  }
  p = writeSmall(b, p, hi);
  write8(b, p, lo);
  return p + 8;
}

/** Exactly 8 digits of n (0 <= n < 1e8), zero-padded, two at a time. */
function write8(b: Buffer, p: number, n: number): void {
  n |= 0;
  let t = (n / 100) | 0;
  let r = (n - t * 100) << 1;
  b[p + 7] = DIGIT_PAIRS[r + 1]!;
  b[p + 6] = DIGIT_PAIRS[r]!;
  n = t;
  t = (n / 100) | 0;
  r = (n - t * 100) << 1;
  b[p + 5] = DIGIT_PAIRS[r + 1]!;
  b[p + 4] = DIGIT_PAIRS[r]!;
  n = t;
  t = (n / 100) | 0;
  r = (n - t * 100) << 1;
  b[p + 3] = DIGIT_PAIRS[r + 1]!;
  b[p + 2] = DIGIT_PAIRS[r]!;
  r = t << 1;
  b[p + 1] = DIGIT_PAIRS[r + 1]!;
  b[p] = DIGIT_PAIRS[r]!;
}

/** Writes an ASCII string's characters (the caller knows it is ASCII). */
export function writeAscii(b: Buffer, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/** Strings at least this long are checked with a RegExp and copied natively; shorter ones char by char. */
const LONG_STRING = 48;
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
/** Jackson's short escapes by character code (0 = none: \u00XX). */
const SHORT_ESCAPE = new Uint8Array(0x60);
SHORT_ESCAPE[0x22] = 0x22;
SHORT_ESCAPE[0x5c] = 0x5c;
SHORT_ESCAPE[0x08] = 0x62; // b
SHORT_ESCAPE[0x09] = 0x74; // t
SHORT_ESCAPE[0x0a] = 0x6e; // n
SHORT_ESCAPE[0x0c] = 0x66; // f
SHORT_ESCAPE[0x0d] = 0x72; // r
/** 1 for the ASCII characters a JSON string holds as they are. */
const PLAIN = new Uint8Array(0x80).fill(1, 0x20);
PLAIN[0x22] = 0;
PLAIN[0x5c] = 0;
const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');

/** A string's JSON text (json-text.ts jsonString) as UTF-8. Room: stringMaxBytes(s). */
export function writeJsonString(b: Buffer, p: number, s: string): number {
  const n = s.length;
  if (n < LONG_STRING) {
    const start = p;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || PLAIN[c] === 0) return writeEscaped(b, start, s);
      b[p++] = c;
    }
    b[p] = 0x22;
    return p + 1;
  }
  if (NEEDS_ESCAPE.test(s) || !isWellFormed(s)) return writeEscaped(b, p, s);
  b[p] = 0x22;
  p += 1 + utf8Write(b, s, p + 1);
  b[p] = 0x22;
  return p + 1;
}

/** The general case: escapes and UTF-8 encoding, character by character. A lone surrogate bails. */
function writeEscaped(b: Buffer, p: number, s: string): number {
  const n = s.length;
  b[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        b[p++] = c;
        continue;
      }
      b[p++] = 0x5c;
      const short = SHORT_ESCAPE[c]!;
      if (short !== 0) {
        b[p++] = short;
      } else {
        b[p] = 0x75; // u00XX
        b[p + 1] = 0x30;
        b[p + 2] = 0x30;
        b[p + 3] = HEX_DIGITS[c >> 4]!;
        b[p + 4] = HEX_DIGITS[c & 15]!;
        p += 5;
      }
    } else if (c < 0x800) {
      b[p] = 0xc0 | (c >> 6);
      b[p + 1] = 0x80 | (c & 0x3f);
      p += 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      b[p] = 0xe0 | (c >> 12);
      b[p + 1] = 0x80 | ((c >> 6) & 0x3f);
      b[p + 2] = 0x80 | (c & 0x3f);
      p += 3;
    } else {
      const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      // a lone surrogate: Buffer.from would write U+FFFD, which does not read back as the generic text
      if (d < 0xdc00 || d > 0xdfff) writeBail();
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      b[p] = 0xf0 | (cp >> 18);
      b[p + 1] = 0x80 | ((cp >> 12) & 0x3f);
      b[p + 2] = 0x80 | ((cp >> 6) & 0x3f);
      b[p + 3] = 0x80 | (cp & 0x3f);
      p += 4;
      i++;
    }
  }
  b[p] = 0x22;
  return p + 1;
}

/**
 * Any JSON text as UTF-8. Room: 3 bytes per UTF-16 unit. A lone surrogate would become U+FFFD in the bytes
 * but stay itself in the generic writer's text, so it bails instead.
 */
export function writeText(b: Buffer, p: number, text: string): number {
  if (!isWellFormed(text)) writeBail();
  return p + utf8Write(b, text, p);
}
