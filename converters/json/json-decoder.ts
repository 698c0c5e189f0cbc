/**
 * JSON (as parsed by JsonReader) → Connect schema and data, following Kafka's JsonConverter read rules.
 * Where Kafka silently coerces a mismatched JSON type (a string in an int32 field reads as 0, 300 in an
 * int8 field wraps to 44) we raise a DataError instead, so the record can go to the DLQ rather than be
 * corrupted.
 */
import { decimalFromBytes, decimalFromUnscaled, parseDecimal, rescaleUnscaled } from '../../src/api/decimal-codec.js';
import { DataError } from '../../src/api/errors.js';
import { dateFromDays, decimalScale, timeFromMillis, timestampFromMillis } from '../../src/api/logical-types.js';
import { LogicalTypeNames, type Field, type Schema, type SchemaType } from '../../src/api/schema.js';
import { JsonDecimal, JsonReader, type JsonObject, type JsonValue } from './json-reader.js';
import { atPath } from './json-path-error.js';
import { SchemaInternCache } from './schema-intern-cache.js';

const TYPES_BY_JSON_NAME: Readonly<Record<string, SchemaType>> = {
  boolean: 'boolean',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float: 'float32',
  double: 'float64',
  bytes: 'bytes',
  string: 'string',
  array: 'array',
  map: 'map',
  struct: 'struct',
};

const INT_RANGES = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export interface JsonDecoderOptions {
  readonly replaceNullWithDefault: boolean;
  /** `schemas.cache.size`: how many distinct schema texts stay interned. */
  readonly schemaCacheSize: number;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonDecimal);
}

function jsonType(v: JsonValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof JsonDecimal || typeof v === 'bigint') return 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function mismatch(schema: Schema, v: JsonValue): DataError {
  const what = schema.name === undefined ? schema.type : `${schema.type} (${schema.name})`;
  return new DataError(`expected JSON for a ${what}, got ${jsonType(v)}`);
}

/** Stores `key` as an own data property even when it is "__proto__". */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export class JsonDecoder {
  readonly #opts: JsonDecoderOptions;
  readonly #schemas: SchemaInternCache;
  readonly #reader = new JsonReader();

  constructor(opts: JsonDecoderOptions) {
    this.#opts = opts;
    this.#schemas = new SchemaInternCache(opts.schemaCacheSize);
  }

  /** The schema for an envelope's schema text; the same text always yields the same Schema object. */
  schemaFromText(text: string): Schema | null {
    const cached = this.#schemas.get(text);
    if (cached !== undefined) return cached;
    const node = this.#reader.parse(text);
    const schema = node === undefined ? null : this.schema(node);
    this.#schemas.set(text, schema);
    return schema;
  }

  get cachedSchemaCount(): number {
    return this.#schemas.size;
  }

  /** Schema JSON → Schema (Kafka's `asConnectSchema`). */
  schema(node: JsonValue): Schema | null {
    if (node === null) return null;
    if (!isObject(node)) throw new DataError(`schema must be a JSON object, got ${jsonType(node)}`);
    const typeName = node.type;
    if (typeof typeName !== 'string') throw new DataError("Schema must contain 'type' field");
    const type = Object.hasOwn(TYPES_BY_JSON_NAME, typeName) ? TYPES_BY_JSON_NAME[typeName] : undefined;
    if (type === undefined) throw new DataError(`Unknown schema type: ${typeName}`);
    const out: { -readonly [K in keyof Schema]: Schema[K] } = { type, optional: node.optional === true };
    if (typeof node.name === 'string') out.name = node.name;
    if (typeof node.version === 'number' && Number.isInteger(node.version)) out.version = node.version;
    if (typeof node.doc === 'string') out.doc = node.doc;
    if (isObject(node.parameters)) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(node.parameters)) {
        if (typeof v !== 'string') throw new DataError('Schema parameters must have string values.');
        put(params, k, v);
      }
      out.parameters = Object.freeze(params);
    }
    switch (type) {
      case 'array': {
        const items = node.items;
        if (items === undefined || items === null) throw new DataError('Array schema did not specify the element type');
        out.valueSchema = this.#childSchema(items, 'items');
        break;
      }
      case 'map': {
        if (node.keys === undefined || node.keys === null) throw new DataError('Map schema did not specify the key type');
        if (node.values === undefined || node.values === null) throw new DataError('Map schema did not specify the value type');
        out.keySchema = this.#childSchema(node.keys, 'keys');
        out.valueSchema = this.#childSchema(node.values, 'values');
        break;
      }
      case 'struct': {
        const fields = node.fields;
        if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.');
        const list: Field[] = [];
        const names = new Set<string>();
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          const name = isObject(f) ? f.field : undefined;
          if (typeof name !== 'string') throw new DataError("Struct schema's field name not specified properly");
          if (names.has(name)) throw new DataError(`Struct schema has duplicate field '${name}'`);
          names.add(name);
          list.push(Object.freeze({ name, index: i, schema: this.#childSchema(f, name) }));
        }
        out.fields = Object.freeze(list);
        break;
      }
      default:
        break;
    }
    if (Object.hasOwn(node, 'default')) {
      try {
        const dflt = this.value(out, node.default);
        if (dflt !== null) out.defaultValue = dflt;
      } catch (err) {
        throw atPath(err, 'default');
      }
    }
    return Object.freeze(out);
  }

  #childSchema(node: JsonValue, segment: string): Schema {
    let s: Schema | null;
    try {
      s = this.schema(node);
    } catch (err) {
      throw atPath(err, segment);
    }
    if (s === null) throw new DataError(`${segment} schema must not be null`);
    return s;
  }

  /** A payload (or default) → JS value (Kafka's `convertToConnect`). `schema` null = schemaless. */
  value(schema: Schema | null, node: JsonValue | undefined): unknown {
    if (schema === null) return node === undefined ? null : this.schemaless(node);
    if (node === null || node === undefined) {
      if (this.#opts.replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null) {
        return schema.defaultValue;
      }
      if (schema.optional) return null;
      throw new DataError(`Invalid null value for required ${schema.type} field`);
    }
    if (schema.name !== undefined) {
      const logical = this.#logical(schema, node);
      if (logical !== undefined) return logical;
    }
    switch (schema.type) {
      case 'boolean':
        if (typeof node !== 'boolean') throw mismatch(schema, node);
        return node;
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGES[schema.type];
        if (typeof node !== 'number' || !Number.isInteger(node)) throw mismatch(schema, node);
        if (node < min || node > max) throw new DataError(`${node} is out of range for ${schema.type}`);
        return node;
      }
      case 'int64':
        return int64Value(schema, node);
      case 'float32':
      case 'float64':
        return floatValue(schema, node);
      case 'string':
        if (typeof node !== 'string') throw mismatch(schema, node);
        return node;
      case 'bytes':
        return bytesValue(schema, node);
      case 'array': {
        if (!Array.isArray(node)) throw mismatch(schema, node);
        const items = schema.valueSchema ?? null;
        const out = new Array<unknown>(node.length);
        for (let i = 0; i < node.length; i++) {
          try {
            out[i] = this.value(items, node[i]);
          } catch (err) {
            throw atPath(err, i);
          }
        }
        return out;
      }
      case 'map':
        return this.#map(schema, node);
      case 'struct': {
        if (!isObject(node)) throw new DataError(`Structs should be encoded as JSON objects, but found ${jsonType(node)}`);
        const fields = schema.fields ?? [];
        const out: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          try {
            put(out, f.name, this.value(f.schema, Object.hasOwn(node, f.name) ? node[f.name] : undefined));
          } catch (err) {
            throw atPath(err, f.name);
          }
        }
        return out;
      }
    }
  }

  #map(schema: Schema, node: JsonValue): unknown {
    const keySchema = schema.keySchema ?? null;
    const valueSchema = schema.valueSchema ?? null;
    if (keySchema === null || keySchema.type === 'string') {
      if (!isObject(node)) throw new DataError(`Maps with string fields should be encoded as JSON objects, but found ${jsonType(node)}`);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(node)) {
        try {
          put(out, k, this.value(valueSchema, node[k]));
        } catch (err) {
          throw atPath(err, k);
        }
      }
      return out;
    }
    if (!Array.isArray(node)) {
      throw new DataError(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${jsonType(node)}`);
    }
    const out = new Map<unknown, unknown>();
    for (let i = 0; i < node.length; i++) {
      const entry = node[i]!;
      if (!Array.isArray(entry)) throw new DataError(`Found invalid map entry instead of array tuple: ${jsonType(entry)}`);
      if (entry.length !== 2) throw new DataError(`Found invalid map entry, expected length 2 but found :${entry.length}`);
      try {
        out.set(this.value(keySchema, entry[0]), this.value(valueSchema, entry[1]));
      } catch (err) {
        throw atPath(err, i);
      }
    }
    return out;
  }

  #logical(schema: Schema, node: JsonValue): unknown {
    switch (schema.name) {
      case LogicalTypeNames.Decimal: {
        if (schema.type !== 'bytes') return undefined;
        const scale = decimalScale(schema);
        if (typeof node === 'string') return decimalFromBytes(bytesValue(schema, node), scale);
        if (typeof node === 'number' || typeof node === 'bigint' || node instanceof JsonDecimal) {
          return numericDecimal(node instanceof JsonDecimal ? node.text : String(node), scale);
        }
        throw new DataError(`Invalid type for Decimal, underlying representation should be numeric or bytes but was ${jsonType(node)}`);
      }
      case LogicalTypeNames.Date:
        if (schema.type !== 'int32') return undefined;
        if (typeof node !== 'number' || !Number.isInteger(node)) throw mismatch(schema, node);
        return dateFromDays(node);
      case LogicalTypeNames.Time:
        if (schema.type !== 'int32') return undefined;
        if (typeof node !== 'number' || !Number.isInteger(node)) throw mismatch(schema, node);
        return timeFromMillis(node);
      case LogicalTypeNames.Timestamp:
        if (schema.type !== 'int64') return undefined;
        if ((typeof node !== 'number' || !Number.isInteger(node)) && typeof node !== 'bigint') throw mismatch(schema, node);
        return timestampFromMillis(node);
      default:
        return undefined;
    }
  }

  /**
   * Schemaless JSON → JS value as Kafka infers it: integers are int64 (number, or bigint past 2^53), other
   * numbers float64, objects string-keyed maps (plain objects), arrays arrays. The reader's tree already
   * has that shape, so it is returned as is unless it holds a number a double cannot carry exactly.
   */
  schemaless(node: JsonValue): unknown {
    if (node instanceof JsonDecimal) return Number(node.text);
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i]!;
        if (typeof v === 'object' && v !== null) node[i] = this.schemaless(v) as JsonValue;
      }
      return node;
    }
    for (const k of Object.keys(node)) {
      const v = node[k]!;
      if (typeof v === 'object' && v !== null) node[k] = this.schemaless(v) as JsonValue;
    }
    return node;
  }
}

function int64Value(schema: Schema, node: JsonValue): number | bigint {
  if (typeof node === 'number') {
    if (!Number.isInteger(node)) throw mismatch(schema, node);
    return Number.isSafeInteger(node) ? node : rangeChecked(BigInt(node));
  }
  if (typeof node === 'bigint') return rangeChecked(node);
  if (node instanceof JsonDecimal) {
    const d = parseDecimal(node.text);
    const whole = d.scale <= 0 ? d.unscaled * 10n ** BigInt(-d.scale) : rescaleUnscaled(d.unscaled, d.scale, 0, node.text);
    const n = rangeChecked(whole);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  throw mismatch(schema, node);
}

function rangeChecked(n: bigint): bigint {
  if (n < INT64_MIN || n > INT64_MAX) throw new DataError(`${n} is out of range for int64`);
  return n;
}

function floatValue(schema: Schema, node: JsonValue): number {
  if (typeof node === 'number') return node;
  if (typeof node === 'bigint') return Number(node);
  if (node instanceof JsonDecimal) return Number(node.text);
  // Jackson writes non-finite doubles as these strings.
  if (node === 'NaN') return NaN;
  if (node === 'Infinity') return Infinity;
  if (node === '-Infinity') return -Infinity;
  throw mismatch(schema, node);
}

function bytesValue(schema: Schema, node: JsonValue): Uint8Array {
  if (typeof node !== 'string') throw mismatch(schema, node);
  if (node.length % 4 === 1 || !BASE64_RE.test(node)) throw new DataError('Invalid bytes field: not base64');
  return Buffer.from(node, 'base64');
}

/**
 * A NUMERIC decimal as written → the JS Decimal string. It is expressed at the schema's scale when that
 * keeps every digit ("12.3" at scale 2 → "12.30"); a number with more digits keeps them all (Kafka keeps
 * the JSON number's own BigDecimal) — never rounded.
 */
function numericDecimal(text: string, scale: number): string {
  const d = parseDecimal(text);
  if (d.scale <= scale) return decimalFromUnscaled(rescaleUnscaled(d.unscaled, d.scale, scale), scale);
  try {
    return decimalFromUnscaled(rescaleUnscaled(d.unscaled, d.scale, scale), scale);
  } catch {
    return decimalFromUnscaled(d.unscaled, d.scale);
  }
}
