/**
 * A Connect value as JSON text, the way Kafka's JsonConverter writes it with `schemas.enable=false`:
 * bytes as base64, Timestamp as epoch ms, Date as epoch days, Time as ms of the day, Decimal as base64 of
 * the unscaled bytes (or a JSON number with NUMERIC), maps with non-string keys as `[[k, v], …]`.
 * int64 `bigint`s are written as exact JSON numbers.
 */
import {
  DataError,
  LogicalTypeNames,
  dateToDays,
  decimalScale,
  decimalToBytes,
  timeToMillis,
  type Schema,
} from '../../../src/api/index.js';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

export function toJsonText(schema: Schema | null, value: unknown, decimalFormat: DecimalFormat): string {
  if (value === null || value === undefined) return 'null';
  if (schema !== null && schema.name !== undefined) {
    const logical = logicalJson(schema, value, decimalFormat);
    if (logical !== undefined) return logical;
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return objectJson(schema, value as object, decimalFormat);
    default:
      throw new DataError(`cannot write a ${typeof value} value as JSON`);
  }
}

function logicalJson(schema: Schema, value: unknown, decimalFormat: DecimalFormat): string | undefined {
  switch (schema.name) {
    case LogicalTypeNames.Timestamp:
      return value instanceof Date ? String(value.getTime()) : undefined;
    case LogicalTypeNames.Date:
      return value instanceof Date ? String(dateToDays(value)) : undefined;
    case LogicalTypeNames.Time:
      return value instanceof Date ? String(timeToMillis(value)) : undefined;
    case LogicalTypeNames.Decimal:
      if (typeof value !== 'string') return undefined;
      return decimalFormat === 'NUMERIC' ? value : JSON.stringify(Buffer.from(decimalToBytes(value, decimalScale(schema))).toString('base64'));
    default:
      return undefined;
  }
}

function objectJson(schema: Schema | null, value: object, decimalFormat: DecimalFormat): string {
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  if (value instanceof Date) return String(value.getTime());
  if (Array.isArray(value)) {
    const items = schema?.valueSchema ?? null;
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + toJsonText(items, value[i], decimalFormat);
    return out + ']';
  }
  if (value instanceof Map) return mapJson(schema, value, decimalFormat);
  if (schema !== null && schema.type === 'struct' && schema.fields !== undefined) {
    const fields = schema.fields;
    const struct = value as Record<string, unknown>;
    let out = '{';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out += (i === 0 ? '' : ',') + JSON.stringify(f.name) + ':' + toJsonText(f.schema, struct[f.name], decimalFormat);
    }
    return out + '}';
  }
  const valueSchema = schema?.type === 'map' ? (schema.valueSchema ?? null) : null;
  let out = '{';
  let first = true;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + toJsonText(valueSchema, (value as Record<string, unknown>)[k], decimalFormat);
    first = false;
  }
  return out + '}';
}

function mapJson(schema: Schema | null, map: Map<unknown, unknown>, decimalFormat: DecimalFormat): string {
  const keySchema = schema?.keySchema ?? null;
  const valueSchema = schema?.valueSchema ?? null;
  let stringKeys = true;
  for (const k of map.keys()) if (typeof k !== 'string') { stringKeys = false; break; }
  let out = stringKeys ? '{' : '[';
  let first = true;
  for (const [k, v] of map) {
    out += first ? '' : ',';
    first = false;
    out += stringKeys
      ? JSON.stringify(k) + ':' + toJsonText(valueSchema, v, decimalFormat)
      : '[' + toJsonText(keySchema, k, decimalFormat) + ',' + toJsonText(valueSchema, v, decimalFormat) + ']';
  }
  return out + (stringKeys ? '}' : ']');
}
