/**
 * Schemaless typing of XML text. IBM's converter guesses booleans and numbers and saturates integers
 * beyond int32; here text becomes a boolean or number only when it reads back as exactly the same text
 * ("007", "1.10" and "1e3" stay strings), and integers of any size stay exact (bigint beyond 2^53).
 */
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]$/;

export function inferValue(text: string): unknown {
  const n = text.length;
  if (n === 0) return text;
  const c = text.charCodeAt(0);
  // Fast exit for the common case of ordinary words.
  if (c !== 45 /* - */ && (c < 48 || c > 57) && c !== 116 /* t */ && c !== 102 /* f */) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (INTEGER.test(text)) {
    if (text === '-0') return text;
    if (n <= 15) return Number(text);
    const big = BigInt(text);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (DECIMAL.test(text)) {
    const v = Number(text);
    if (Number.isFinite(v) && String(v) === text) return v;
  }
  return text;
}
