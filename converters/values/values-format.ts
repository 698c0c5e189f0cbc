/**
 * Kafka's `Values.convertToString`: the text SimpleHeaderConverter writes for a header value. Top-level
 * strings are written as they are; inside arrays/maps/structs strings (and base64 bytes) are quoted with
 * `\` and `"` escaped; arrays are `[a,b]`, maps and structs `{"k":v}` with no spaces; numbers as Java
 * prints them (1.0, 1.0E10); Dates as `yyyy-MM-dd` (midnight), `HH:mm:ss.SSSZ` (before the first day
 * ends) or `yyyy-MM-ddTHH:mm:ss.SSSZ`, in UTC. The schema, when given, decides how numbers, Decimals
 * (their plain digits, unquoted) and struct field order are written.
 */
import { parseDecimal } from '../../src/api/decimal-codec.js';
import { DataError } from '../../src/api/errors.js';
import { LogicalTypeNames, type Schema } from '../../src/api/schema.js';
import { javaBigDecimalString, javaDoubleString, javaFloatString } from '../json/java-number-format.js';

const MILLIS_PER_DAY = 86_400_000;

export function convertToString(schema: Schema | null | undefined, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(schema ?? null, value, false);
}

function escape(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (schema !== null && schema.name === LogicalTypeNames.Decimal && (typeof value === 'string' || typeof value === 'number')) {
    const d = parseDecimal(String(value));
    return javaBigDecimalString(d.unscaled, d.scale);
  }
  switch (typeof value) {
    case 'number':
      if (schema?.type === 'float32') return Number.isFinite(value) ? javaFloatString(value) : javaSpecial(value);
      if (schema?.type === 'float64' || !Number.isInteger(value)) return Number.isFinite(value) ? javaDoubleString(value) : javaSpecial(value);
      return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return embedded ? `"${escape(value)}"` : value;
    case 'object':
      break;
    default:
      throw new DataError(`Failed to serialize unexpected value type ${typeof value}: ${String(value)}`);
  }
  if (value instanceof Uint8Array) {
    const b64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? `"${b64}"` : b64;
  }
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) {
    const items = schema?.valueSchema ?? null;
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + append(items, value[i], true);
    return `${out}]`;
  }
  if (schema?.type === 'struct') {
    const obj = value as Record<string, unknown>;
    let out = '{';
    const fields = schema.fields ?? [];
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out += `${i === 0 ? '' : ','}"${escape(f.name)}":${append(f.schema, Object.hasOwn(obj, f.name) ? obj[f.name] : null, true)}`;
    }
    return `${out}}`;
  }
  const keySchema = schema?.keySchema ?? null;
  const valueSchema = schema?.valueSchema ?? null;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    out += `${i === 0 ? '' : ','}${append(keySchema, k, true)}:${append(valueSchema, v, true)}`;
  }
  return `${out}}`;
}

function javaSpecial(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

function formatDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new DataError('Failed to serialize an invalid Date');
  const iso = d.toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)
  if (ms < MILLIS_PER_DAY) return iso.slice(11);
  if (ms % MILLIS_PER_DAY === 0) return iso.slice(0, 10);
  return iso;
}
