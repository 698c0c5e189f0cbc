/**
 * Connect values → the text PostgreSQL's input functions read. The sink sends every column as text and
 * casts in SQL, so one converter per column (chosen once per schema) is all the per-row work there is.
 */
import { DataError, logicalTypeOf, type Schema } from '../../../src/api/index.js';

export type TextOf = (value: unknown) => string;

function bytesText(v: unknown): string {
  if (!(v instanceof Uint8Array)) throw new DataError(`expected bytes, got ${typeof v}`, { code: 'TRIB_JDBC_VALUE' });
  return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
}

function dateOf(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v));
  throw new DataError(`expected a Date, got ${typeof v}`, { code: 'TRIB_JDBC_VALUE' });
}

const MS_PER_DAY = 86_400_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), by Howard Hinnant's civil-from-days; years 0–9999. */
function civilDate(days: number): string | null {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return null;
  return `${PAD2[(y / 100) | 0]}${PAD2[y % 100]}-${PAD2[m]}-${PAD2[d]}`;
}

// Timestamps of one batch mostly share a day: keep the last day's text.
let lastDay = NaN;
let lastDayText: string | null = null;

function dayText(days: number): string | null {
  if (days !== lastDay) {
    lastDay = days;
    lastDayText = civilDate(days);
  }
  return lastDayText;
}

/**
 * `Date#toISOString()` without its cost (it dominated the sink's per-record time): same text for years
 * 0–9999, toISOString itself outside them.
 */
export function isoTimestamp(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const date = Number.isFinite(days) ? dayText(days) : null;
  if (date === null) return new Date(ms).toISOString();
  let rem = ms - days * MS_PER_DAY;
  const h = (rem / 3_600_000) | 0;
  rem -= h * 3_600_000;
  const mi = (rem / 60_000) | 0;
  rem -= mi * 60_000;
  const sec = (rem / 1000) | 0;
  return `${date}T${PAD2[h]}:${PAD2[mi]}:${PAD2[sec]}.${PAD3[rem - sec * 1000]}Z`;
}

function msOf(v: unknown): number {
  const ms = dateOf(v).getTime();
  if (Number.isNaN(ms)) throw new DataError('invalid Date', { code: 'TRIB_JDBC_VALUE' });
  return ms;
}

const timestampText: TextOf = (v) => (typeof v === 'string' ? v : isoTimestamp(msOf(v)));
const dateText: TextOf = (v) => (typeof v === 'string' ? v : isoTimestamp(msOf(v)).slice(0, 10));
const timeText: TextOf = (v) => (typeof v === 'string' ? v : isoTimestamp(msOf(v)).slice(11, 23));
const plainText: TextOf = (v) => (typeof v === 'string' ? v : String(v));
const boolText: TextOf = (v) => (v === true ? 't' : v === false ? 'f' : String(v));

/** An array element inside an array literal: quoted, with `"` and `\` escaped. */
function quoteElement(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `"${s}"`;
}

export function arrayLiteral(values: readonly unknown[], element: TextOf): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : Array.isArray(v) ? arrayLiteral(v, element) : quoteElement(element(v));
  }
  return `${out}}`;
}

/** A `text[]` parameter literal from column texts (built here: pg's own array encoder is slower). */
export function textArrayParam(texts: readonly (string | null)[]): string {
  let out = '{';
  const n = texts.length;
  for (let i = 0; i < n; i++) {
    if (i > 0) out += ',';
    const v = texts[i];
    out += v === null || v === undefined ? 'NULL' : quoteElement(v);
  }
  return `${out}}`;
}

/**
 * Plain data → JSON text. Written by hand because JSON.stringify cannot write a bigint: int64 values beyond
 * 2^53 go out as exact JSON numbers (jsonb keeps them exactly). Bytes are base64, Dates ISO, Maps objects.
 */
function writeJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'bigint': return v.toString();
    case 'number': return Number.isFinite(v) ? String(v) : 'null';
    case 'string': return JSON.stringify(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'object': {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'null' : `"${isoTimestamp(v.getTime())}"`;
      if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
      if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
      return `{${entries.map(([k, x]) => `${JSON.stringify(String(k))}:${writeJson(x)}`).join(',')}}`;
    }
    default: return 'null';
  }
}

export const jsonText: TextOf = (v) => (typeof v === 'string' ? v : writeJson(v));

/** True for schemas a column holds natively (primitives, logical types, arrays of those). */
export function isNativeColumnSchema(schema: Schema): boolean {
  if (schema.type === 'struct' || schema.type === 'map') return false;
  if (schema.type === 'array') {
    const el = schema.valueSchema!;
    return el.type !== 'struct' && el.type !== 'map' && el.type !== 'array';
  }
  return true;
}

/** The text converter for a value of `schema` (json = the column holds nested data as JSON). */
export function textOfSchema(schema: Schema, json: boolean): TextOf {
  if (json) return jsonText;
  switch (logicalTypeOf(schema)) {
    case 'Decimal': return plainText;
    case 'Date': return dateText;
    case 'Time': return timeText;
    case 'Timestamp': return timestampText;
    default: break;
  }
  switch (schema.type) {
    case 'boolean': return boolText;
    case 'bytes': return bytesText;
    case 'array': {
      const element = textOfSchema(schema.valueSchema!, false);
      return (v) => {
        if (!Array.isArray(v)) throw new DataError(`expected an array, got ${typeof v}`, { code: 'TRIB_JDBC_VALUE' });
        return arrayLiteral(v, element);
      };
    }
    case 'struct':
    case 'map': return jsonText;
    default: return plainText;
  }
}

/** The converter for a schemaless value going into a column of SQL type `sqlType`. */
export function textOfSchemaless(sqlType: string): TextOf {
  if (sqlType === 'json' || sqlType === 'jsonb') return jsonText;
  if (sqlType === 'bytea') return (v) => (v instanceof Uint8Array ? bytesText(v) : plainText(v));
  if (sqlType.endsWith('[]')) return (v) => (Array.isArray(v) ? arrayLiteral(v, schemalessElement) : plainText(v));
  return schemalessElement;
}

function schemalessElement(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return isoTimestamp(msOf(v));
  if (typeof v === 'object' && v !== null) return jsonText(v);
  return String(v);
}
