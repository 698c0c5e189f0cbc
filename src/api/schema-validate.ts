import { parseDecimal, rescaleUnscaled } from './decimal-codec.js';
import { SchemaValidationError } from './errors.js';
import { DECIMAL_SCALE_PARAM, LogicalTypeNames, type Schema } from './schema.js';

/**
 * Checks a plain JS value against a schema (see the value table in schema.ts) and throws a
 * `SchemaValidationError` whose message names the path: `after.address.zip: expected int32, got string`.
 *
 * `null`/`undefined` pass where the schema is optional or has a default (the default stands in for it).
 * Struct values must not carry keys that are not fields. `rootPath` prefixes every path (e.g. "value").
 */
export function validateValue(schema: Schema, value: unknown, rootPath = ''): void {
  try {
    check(schema, value);
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    const path = joinPath(rootPath, e.segments.reverse().join(''));
    throw new SchemaValidationError(path, e.message);
  }
}

/** Like `validateValue`, but returns the error (or `null`) instead of throwing. */
export function checkValue(schema: Schema, value: unknown, rootPath = ''): SchemaValidationError | null {
  try {
    validateValue(schema, value, rootPath);
    return null;
  } catch (e) {
    if (e instanceof SchemaValidationError) return e;
    throw e;
  }
}

/** Internal: a mismatch collecting path segments innermost-first while it unwinds (no work on success). */
class Mismatch extends Error {
  readonly segments: string[] = [];
}

const INT_RANGES = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MILLIS_PER_DAY = 86_400_000;

function check(schema: Schema, value: unknown): void {
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== undefined) return;
    throw new Mismatch(`expected ${describeSchema(schema)}, got ${describeValue(value)} (the schema is not optional and has no default)`);
  }
  if (schema.name !== undefined && checkLogical(schema, value)) return;
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': {
      if (typeof value !== 'number') throw mismatch(schema, value);
      if (!Number.isInteger(value)) throw new Mismatch(`expected ${schema.type}, got non-integer ${value}`);
      const [min, max] = INT_RANGES[schema.type];
      if (value < min || value > max) {
        throw new Mismatch(`expected ${schema.type}, got ${value} (out of range ${min}..${max})`);
      }
      return;
    }
    case 'int64':
      if (typeof value === 'bigint') {
        if (value < INT64_MIN || value > INT64_MAX) throw new Mismatch(`expected int64, got ${value}n (out of the 64-bit range)`);
        return;
      }
      if (typeof value !== 'number') throw mismatch(schema, value);
      if (!Number.isInteger(value)) throw new Mismatch(`expected int64, got non-integer ${value}`);
      if (!Number.isSafeInteger(value)) {
        throw new Mismatch(`expected int64, got ${value} which is beyond 2^53 and may have lost precision; use a bigint`);
      }
      return;
    case 'float32':
    case 'float64':
      if (typeof value !== 'number') throw mismatch(schema, value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(schema, value);
      return;
    case 'string':
      if (typeof value !== 'string') throw mismatch(schema, value);
      return;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw mismatch(schema, value);
      return;
    case 'array':
      checkArray(schema, value);
      return;
    case 'map':
      checkMap(schema, value);
      return;
    case 'struct':
      checkStruct(schema, value);
      return;
  }
}

/** Returns true when the schema is a logical type it fully checked; false to fall through to the base type. */
function checkLogical(schema: Schema, value: unknown): boolean {
  switch (schema.name) {
    case LogicalTypeNames.Decimal: {
      if (schema.type !== 'bytes') return false;
      const scale = Number(schema.parameters?.[DECIMAL_SCALE_PARAM]);
      if (!Number.isInteger(scale)) {
        throw new Mismatch(`Decimal schema has no integer '${DECIMAL_SCALE_PARAM}' parameter`);
      }
      if (typeof value !== 'string') throw new Mismatch(`expected Decimal (a decimal string), got ${describeValue(value)}`);
      try {
        const p = parseDecimal(value);
        rescaleUnscaled(p.unscaled, p.scale, scale, value);
      } catch (e) {
        throw new Mismatch(`expected Decimal with scale ${scale}: ${(e as Error).message}`);
      }
      return true;
    }
    case LogicalTypeNames.Date:
      if (schema.type !== 'int32') return false;
      checkDate(value, 'Date');
      if ((value as Date).getTime() % MILLIS_PER_DAY !== 0) {
        throw new Mismatch(`expected Date (a JS Date at midnight UTC), got ${(value as Date).toISOString()}`);
      }
      return true;
    case LogicalTypeNames.Time: {
      if (schema.type !== 'int32') return false;
      checkDate(value, 'Time');
      const ms = (value as Date).getTime();
      if (ms < 0 || ms >= MILLIS_PER_DAY) {
        throw new Mismatch(`expected Time (a JS Date on 1970-01-01 UTC), got ${(value as Date).toISOString()}`);
      }
      return true;
    }
    case LogicalTypeNames.Timestamp:
      if (schema.type !== 'int64') return false;
      checkDate(value, 'Timestamp');
      return true;
    default:
      return false;
  }
}

function checkDate(value: unknown, logical: string): void {
  if (!(value instanceof Date)) throw new Mismatch(`expected ${logical} (a JS Date), got ${describeValue(value)}`);
  if (Number.isNaN(value.getTime())) throw new Mismatch(`expected ${logical}, got an invalid Date`);
}

function checkArray(schema: Schema, value: unknown): void {
  if (!Array.isArray(value)) throw mismatch(schema, value);
  const element = schema.valueSchema;
  if (element === undefined) return;
  for (let i = 0; i < value.length; i++) {
    try {
      check(element, value[i]);
    } catch (e) {
      throw within(e, `[${i}]`);
    }
  }
}

function checkMap(schema: Schema, value: unknown): void {
  const keySchema = schema.keySchema;
  const valueSchema = schema.valueSchema;
  if (value instanceof Map) {
    for (const [k, v] of value) checkEntry(keySchema, valueSchema, k, v);
    return;
  }
  if (!isPlainObject(value)) throw mismatch(schema, value);
  for (const k of Object.keys(value)) checkEntry(keySchema, valueSchema, k, value[k]);
}

function checkEntry(keySchema: Schema | undefined, valueSchema: Schema | undefined, k: unknown, v: unknown): void {
  const segment = () => `[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]`;
  if (keySchema !== undefined) {
    try {
      check(keySchema, k);
    } catch (e) {
      if (e instanceof Mismatch) e.message = `map key: ${e.message}`;
      throw within(e, segment());
    }
  }
  if (valueSchema !== undefined) {
    try {
      check(valueSchema, v);
    } catch (e) {
      throw within(e, segment());
    }
  }
}

function checkStruct(schema: Schema, value: unknown): void {
  if (!isPlainObject(value)) throw mismatch(schema, value);
  const fields = schema.fields ?? [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as (typeof fields)[number];
    try {
      check(f.schema, value[f.name]);
    } catch (e) {
      throw within(e, `.${f.name}`);
    }
  }
  // Reject keys that are not fields: every converter would drop them silently.
  const names = fieldNames(schema);
  for (const k in value) {
    if (!names.has(k) && Object.hasOwn(value, k)) {
      const m = new Mismatch(`not a field of ${describeSchema(schema)} (fields: ${[...names].join(', ') || 'none'})`);
      m.segments.push(`.${k}`);
      throw m;
    }
  }
}

const fieldNameCache = new WeakMap<Schema, ReadonlySet<string>>();
function fieldNames(schema: Schema): ReadonlySet<string> {
  let names = fieldNameCache.get(schema);
  if (names === undefined) {
    names = new Set((schema.fields ?? []).map((f) => f.name));
    fieldNameCache.set(schema, names);
  }
  return names;
}

function within(e: unknown, segment: string): unknown {
  if (e instanceof Mismatch) e.segments.push(segment);
  return e;
}

function mismatch(schema: Schema, value: unknown): Mismatch {
  return new Mismatch(`expected ${describeSchema(schema)}, got ${describeValue(value)}`);
}

function joinPath(root: string, rest: string): string {
  if (root === '') return rest.startsWith('.') ? rest.slice(1) : rest;
  return root + rest;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Date) &&
    !(v instanceof Map) &&
    !(v instanceof Set)
  );
}

/** `int32`, `struct 'Address'`, `map<string, int64>`, `array<string>`, `Decimal` … for messages. */
export function describeSchema(schema: Schema): string {
  switch (schema.name) {
    case LogicalTypeNames.Decimal:
      return 'Decimal';
    case LogicalTypeNames.Date:
      return 'Date';
    case LogicalTypeNames.Time:
      return 'Time';
    case LogicalTypeNames.Timestamp:
      return 'Timestamp';
  }
  if (schema.type === 'struct') return schema.name === undefined ? 'struct' : `struct '${schema.name}'`;
  if (schema.type === 'array') return `array<${schema.valueSchema ? describeSchema(schema.valueSchema) : '?'}>`;
  if (schema.type === 'map') {
    const k = schema.keySchema ? describeSchema(schema.keySchema) : '?';
    return `map<${k}, ${schema.valueSchema ? describeSchema(schema.valueSchema) : '?'}>`;
  }
  return schema.type;
}

/** The JS kind of a value, for messages: `string`, `number`, `bigint`, `array`, `bytes`, `Date`, `Map`, `object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'Date';
  if (value instanceof Map) return 'Map';
  return typeof value;
}
