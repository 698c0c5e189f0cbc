import { ConnectDate, ConnectTime, ConnectTimestamp, logicalTypeOf, type Schema, type SchemaType } from '../../src/api/index.js';
import { javaDoubleToString, javaFloatToString } from './java-number-format.js';
import { describeValue } from './struct-values.js';

export type CastTarget = 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string';
export const CAST_TARGETS: readonly CastTarget[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string'];
const CAST_INPUTS: ReadonlySet<SchemaType> = new Set([...CAST_TARGETS, 'bytes']);

/** A value Cast cannot convert; the caller adds the alias, field and record. */
export class CastProblem extends Error {}

export function isCastInput(type: SchemaType): boolean {
  return CAST_INPUTS.has(type);
}

const MS_PER_DAY = 86_400_000;

/** Kafka's Values.dateFormatFor: time-only, date-only or full ISO timestamp, in UTC. */
function formatDate(d: Date): string {
  const ms = d.getTime();
  const iso = d.toISOString();
  if (ms >= 0 && ms < MS_PER_DAY) return `${iso.slice(11, 23)}Z`;
  if (ms % MS_PER_DAY === 0) return iso.slice(0, 10);
  return iso;
}

function inferType(value: unknown): SchemaType | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    case 'bigint':
      return 'int64';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
  }
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'int64';
  return undefined;
}

/** Java narrowing of an integral value to `bits` (two's complement wrap, as `(byte) 300 == 44`). */
function wrap(n: bigint, bits: number): number | bigint {
  const w = BigInt.asIntN(bits, n);
  return bits === 64 && !Number.isSafeInteger(Number(w)) ? w : Number(w);
}

/** Java's double → long: toward zero, NaN → 0, saturating at the long range. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9.223372036854776e18) return 2n ** 63n - 1n;
  if (d <= -9.223372036854776e18) return -(2n ** 63n);
  return BigInt(Math.trunc(d));
}

/** Java's double → int (saturating at the int range), the first step of `(byte) d` / `(short) d`. */
function doubleToInt(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  return BigInt(Math.max(-2147483648, Math.min(2147483647, Math.trunc(d))));
}

function parseJavaInt(s: string, bits: number): bigint {
  if (!JAVA_INT.test(s)) throw new CastProblem(`For input string: "${s}"`);
  const n = BigInt(s);
  const lim = 1n << BigInt(bits - 1);
  if (n < -lim || n >= lim) throw new CastProblem(`Value (${s}) was out of range for requested data type`);
  return n;
}

const JAVA_FLOAT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const JAVA_INT = /^[+-]?\d+$/;

function parseJavaFloat(s: string): number {
  const t = s.trim();
  if (!JAVA_FLOAT.test(t)) throw new CastProblem(`For input string: "${s}"`);
  const last = t.charCodeAt(t.length - 1) | 32; // lower-cased: a Java 'f'/'d' suffix
  return Number(last === 102 || last === 100 ? t.slice(0, -1) : t);
}

function toInteger(value: unknown, bits: 8 | 16 | 32 | 64): number | bigint {
  if (typeof value === 'bigint') return wrap(value, bits);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return wrap(BigInt(value), bits);
    return wrap(bits === 64 ? doubleToLong(value) : doubleToInt(value), bits);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return wrap(parseJavaInt(value, bits), bits);
  throw new CastProblem(`Unexpected type in Cast transformation: ${describeValue(value)}`);
}

function toFloat(value: unknown, single: boolean): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'string') n = parseJavaFloat(value);
  else throw new CastProblem(`Unexpected type in Cast transformation: ${describeValue(value)}`);
  return single ? Math.fround(n) : n;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'number') return Math.trunc(value) !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new CastProblem(`Unexpected type in Cast transformation: ${describeValue(value)}`);
}

function toStringValue(value: unknown, from: SchemaType | undefined): string {
  if (value instanceof Date) return formatDate(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'number') {
    if (from === 'float32') return javaFloatToString(value);
    if (from === 'float64' || !Number.isInteger(value)) return javaDoubleToString(value);
    return String(value);
  }
  return String(value);
}

/**
 * Kafka's Cast.castValueToType: `schema` is the value's schema, or null for schemaless values (the type
 * is then inferred from the JS value). Logical Date/Time/Timestamp become their int encodings before a
 * numeric cast; Decimal strings cast like numbers.
 */
export function castValue(schema: Schema | null, value: unknown, target: CastTarget): unknown {
  if (value === null || value === undefined) return null;
  const from = schema === null ? inferType(value) : schema.type;
  if (from === undefined) throw new CastProblem(`Cast transformation was passed a value of type ${describeValue(value)} which is not supported by Connect's data API`);
  if (!CAST_INPUTS.has(from)) throw new CastProblem(`Cast transformation does not support casting to/from ${from}`);
  let v = value;
  const logical = schema === null ? undefined : logicalTypeOf(schema);
  if (target !== 'string' && logical !== undefined) {
    if (logical === 'Date') v = ConnectDate.fromLogical(schema!, value as Date);
    else if (logical === 'Time') v = ConnectTime.fromLogical(schema!, value as Date);
    else if (logical === 'Timestamp') v = ConnectTimestamp.fromLogical(schema!, value as Date);
    else if (logical === 'Decimal') v = target === 'boolean' ? Number(value) : decimalForNumber(value as string, target);
  } else if (schema === null && v instanceof Date && target !== 'string') {
    v = v.getTime();
  }
  if (from === 'bytes' && logical === undefined && target !== 'string') {
    throw new CastProblem(`Cast transformation does not support casting bytes to ${target}; only to string`);
  }
  switch (target) {
    case 'int8':
      return toInteger(v, 8);
    case 'int16':
      return toInteger(v, 16);
    case 'int32':
      return toInteger(v, 32);
    case 'int64':
      return toInteger(v, 64);
    case 'float32':
      return toFloat(v, true);
    case 'float64':
      return toFloat(v, false);
    case 'boolean':
      return toBoolean(v);
    case 'string':
      return toStringValue(v, from);
  }
}

/** A Decimal string as the number Java's BigDecimal.xxxValue() would give: integral part for ints. */
function decimalForNumber(s: string, target: CastTarget): number | bigint {
  if (target === 'float32' || target === 'float64') return Number(s);
  return BigInt(s.split('.')[0]!);
}
