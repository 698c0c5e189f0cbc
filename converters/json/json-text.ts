/**
 * JSON text fragments written byte-for-byte like Jackson (Kafka's JSON library): strings escape `"`, `\` and
 * control characters (short forms \b \t \n \f \r, otherwise \u00XX with upper-case hex); `/` and non-ASCII
 * are written as they are.
 */
import { javaDoubleString, javaFloatString } from './java-number-format.js';

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const HEX = '0123456789ABCDEF';

export function jsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(from, i);
    from = i + 1;
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x09: out += '\\t'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0d: out += '\\r'; break;
      default: out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    }
  }
  return `${out}${s.slice(from)}"`;
}

/** A float64 as Jackson writes a Java double; NaN and ±Infinity become the strings Jackson writes for them. */
export function jsonDouble(x: number): string {
  if (Number.isFinite(x)) return javaDoubleString(x);
  return Number.isNaN(x) ? '"NaN"' : x > 0 ? '"Infinity"' : '"-Infinity"';
}

/** A float32 as Jackson writes a Java float. */
export function jsonFloat(x: number): string {
  if (Number.isFinite(x)) return javaFloatString(x);
  return jsonDouble(x);
}
