/**
 * Connect data → JSON text, exactly as Kafka's JsonConverter writes it (field order, type names, number
 * layout). Text is built directly, with no intermediate tree; a schema's JSON is built once per Schema
 * object (WeakMap: schemas are immutable and compared by identity).
 */
import { bigintToTwosComplement, decimalToUnscaled } from '../../src/api/decimal-codec.js';
import { DataError } from '../../src/api/errors.js';
import { dateToDays, decimalScale, timestampToMillis, timeToMillis } from '../../src/api/logical-types.js';
import { LogicalTypeNames, type Schema } from '../../src/api/schema.js';
import { javaBigDecimalString } from './java-number-format.js';
import { jsonDouble, jsonFloat, jsonString } from './json-text.js';
import { grow } from './json-byte-text.js';
import { atPath } from './json-path-error.js';
import { JsonValueCompiler } from './json-value-compiler.js';

/** Kafka's type names in schema JSON (note `float`/`double`, not float32/float64). */
export const JSON_TYPE_NAMES = {
  boolean: 'boolean',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float',
  float64: 'double',
  bytes: 'bytes',
  string: 'string',
  array: 'array',
  map: 'map',
  struct: 'struct',
} as const;

const INT_RANGES = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface JsonEncoderOptions {
  /** `decimal.format=NUMERIC`: Decimals as JSON numbers instead of base64 bytes. */
  readonly decimalNumeric: boolean;
  /** `replace.null.with.default`: a null value with a schema default is written as the default. */
  readonly replaceNullWithDefault: boolean;
  /** A schema's payload writer is compiled at its this-many-th value (json-value-compiler.ts); default 32. */
  readonly compileAtUse?: number;
}

const COMPILE_AT_USE = 32;

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'Date';
  if (value instanceof Map) return 'Map';
  return typeof value;
}

function typeError(schema: Schema, value: unknown): DataError {
  const what = schema.name === undefined ? schema.type : `${schema.type} (${schema.name})`;
  return new DataError(`expected a ${what} value, got ${describe(value)}`);
}

/** The least room asked of the slab for a compiled value. */
const EXPECTED_MIN = 1024;

/**
 * Hands out byte ranges of a large buffer, a new one when it runs out: Buffer.allocUnsafe's shared pool is
 * 8 KiB, so envelopes of a few KB would cost a new ArrayBuffer every second or third record. Compiled writers
 * write straight into it: `room` promises space, `commit` hands out what was written.
 */
class ByteSlab {
  static readonly SIZE = 256 * 1024;
  #buf: Buffer = Buffer.allocUnsafe(0);
  #at = 0;

  take(n: number): Buffer {
    if (n > ByteSlab.SIZE >>> 3) return Buffer.allocUnsafe(n);
    if (this.#at + n > this.#buf.length) {
      this.#buf = Buffer.allocUnsafe(ByteSlab.SIZE);
      this.#at = 0;
    }
    const out = this.#buf.subarray(this.#at, this.#at + n);
    this.#at = (this.#at + n + 7) & ~7;
    return out;
  }

  /** The slab's buffer, with at least `n` free bytes from `this.at` (a new buffer when it has less). */
  room(n: number): Buffer {
    if (this.#at + n > this.#buf.length) {
      this.#buf = Buffer.allocUnsafe(Math.max(ByteSlab.SIZE, n));
      this.#at = 0;
    }
    return this.#buf;
  }

  get at(): number {
    return this.#at;
  }

  /** Hands out [this.at, end) of `buf`: the slab's buffer, or a bigger copy of it, which becomes the slab. */
  commit(buf: Buffer, end: number): Buffer {
    const out = buf.subarray(this.#at, end);
    this.#buf = buf;
    this.#at = (end + 7) & ~7;
    return out;
  }
}

export class JsonEncoder {
  readonly #opts: JsonEncoderOptions;
  readonly #schemaJson = new WeakMap<Schema, string>();
  /** `{"schema":<schema>,"payload":` as UTF-8, per Schema object: most of an envelope's bytes, encoded once. */
  readonly #envelopePrefix = new WeakMap<Schema, Buffer>();
  readonly #slab = new ByteSlab();
  readonly #compiler: JsonValueCompiler;
  /** Room asked of the slab beyond the prefix: twice the last compiled value's bytes. */
  #expectedBytes = EXPECTED_MIN;

  constructor(opts: JsonEncoderOptions) {
    this.#opts = opts;
    this.#compiler = new JsonValueCompiler((schema, value) => this.value(schema, value), {
      replaceNullWithDefault: opts.replaceNullWithDefault,
      compileAtUse: opts.compileAtUse ?? COMPILE_AT_USE,
    });
  }

  /** `value(schema, value)` through the schema's compiled writer (same text, less work per record). */
  compiledValue(schema: Schema, value: unknown): string {
    return this.#compiler.text(schema, value);
  }

  /** The bytes of `value(schema, value)` (as Buffer.from would encode them), written straight into the slab. */
  valueBytes(schema: Schema, value: unknown): Buffer {
    const out = this.#writeToSlab(schema, value, null, false);
    return out ?? Buffer.from(this.value(schema, value), 'utf8');
  }

  /**
   * The envelope in two parts, `shared ++ own` = envelopeBytes(schema, value): `shared` is the cached
   * `{"schema":…,"payload":` of this Schema object, `own` the payload and the closing brace. The producer
   * writes the two one after the other, so the schema is neither copied nor allocated per record.
   */
  envelopeParts(schema: Schema | null | undefined, value: unknown): { shared: Buffer | null; own: Buffer } {
    if (schema === null || schema === undefined) return { shared: null, own: Buffer.from(this.envelope(null, value), 'utf8') };
    const own = this.#writeToSlab(schema, value, null, true) ?? Buffer.from(`${this.value(schema, value)}}`, 'utf8');
    return { shared: this.#prefixOf(schema), own };
  }

  /** `{"schema":…,"payload":…}` */
  envelope(schema: Schema | null | undefined, value: unknown): string {
    const s = schema ?? null;
    return `{"schema":${s === null ? 'null' : this.schema(s)},"payload":${this.value(s, value)}}`;
  }

  /**
   * The envelope as UTF-8 bytes, the same bytes as `Buffer.from(envelope(schema, value))`: the schema part is
   * copied from a cached buffer instead of being re-encoded with every record.
   */
  envelopeBytes(schema: Schema | null | undefined, value: unknown): Buffer {
    if (schema === null || schema === undefined) return Buffer.from(this.envelope(null, value), 'utf8');
    const prefix = this.#prefixOf(schema);
    const out = this.#writeToSlab(schema, value, prefix, true);
    if (out !== undefined) return out;
    // a value the compiled writer leaves to the generic one (which throws the error, if there is one)
    const payload = this.value(schema, value);
    const n = Buffer.byteLength(payload, 'utf8');
    const bytes = this.#slab.take(prefix.length + n + 1);
    prefix.copy(bytes, 0);
    bytes.write(payload, prefix.length, n, 'utf8');
    bytes[bytes.length - 1] = 0x7d; // }
    return bytes;
  }

  /** `{"schema":<schema>,"payload":` as UTF-8, cached per Schema object. */
  #prefixOf(schema: Schema): Buffer {
    let prefix = this.#envelopePrefix.get(schema);
    if (prefix === undefined) {
      prefix = Buffer.from(`{"schema":${this.schema(schema)},"payload":`, 'utf8');
      this.#envelopePrefix.set(schema, prefix);
    }
    return prefix;
  }

  /**
   * `prefix` + the value's JSON (+ `}` when `close`) written by the compiled writer into the slab; undefined
   * when the value is left to the generic writer. The slab is asked for room for twice the last value's size,
   * so a value rarely outgrows it (it would then be a bigger copy of the slab, which becomes the slab).
   */
  #writeToSlab(schema: Schema, value: unknown, prefix: Buffer | null, close: boolean): Buffer | undefined {
    const prefixLength = prefix === null ? 0 : prefix.length;
    const slab = this.#slab;
    const buf = slab.room(prefixLength + this.#expectedBytes);
    const start = slab.at;
    if (prefix !== null) prefix.copy(buf, start);
    let end = this.#compiler.writeInto(schema, value, buf, start + prefixLength);
    if (end < 0) return undefined;
    let written = this.#compiler.written;
    if (close) {
      if (end === written.length) written = grow(written, end, 1);
      written[end++] = 0x7d; // }
    }
    this.#expectedBytes = Math.max(EXPECTED_MIN, 2 * (end - start - prefixLength));
    return slab.commit(written, end);
  }

  /** The schema's JSON: type, items | keys+values | fields, optional, name, version, doc, parameters, default. */
  schema(schema: Schema): string {
    const cached = this.#schemaJson.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${JSON_TYPE_NAMES[schema.type]}"`;
    switch (schema.type) {
      case 'array':
        out += `,"items":${this.#child(schema.valueSchema, schema, 'items')}`;
        break;
      case 'map':
        out += `,"keys":${this.#child(schema.keySchema, schema, 'keys')},"values":${this.#child(schema.valueSchema, schema, 'values')}`;
        break;
      case 'struct': {
        const fields = schema.fields ?? [];
        out += ',"fields":[';
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          const fieldJson = this.schema(f.schema);
          out += `${i === 0 ? '' : ','}${fieldJson.slice(0, -1)},"field":${jsonString(f.name)}}`;
        }
        out += ']';
        break;
      }
      default:
        break;
    }
    out += `,"optional":${schema.optional}`;
    if (schema.name !== undefined) out += `,"name":${jsonString(schema.name)}`;
    if (schema.version !== undefined) out += `,"version":${schema.version}`;
    if (schema.doc !== undefined) out += `,"doc":${jsonString(schema.doc)}`;
    if (schema.parameters !== undefined) {
      out += ',"parameters":{';
      let first = true;
      for (const [k, v] of Object.entries(schema.parameters)) {
        out += `${first ? '' : ','}${jsonString(k)}:${jsonString(v)}`;
        first = false;
      }
      out += '}';
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      try {
        out += `,"default":${this.value(schema, schema.defaultValue)}`;
      } catch (err) {
        throw atPath(err, 'default');
      }
    }
    out += '}';
    this.#schemaJson.set(schema, out);
    return out;
  }

  #child(child: Schema | undefined, parent: Schema, what: string): string {
    if (child === undefined) throw new DataError(`${parent.type} schema has no ${what} schema`);
    return this.schema(child);
  }

  /** A value's JSON. `schema` null means schemaless: the JSON shape follows the JS value. */
  value(schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null';
      if (this.#opts.replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null) {
        return this.value(schema, schema.defaultValue);
      }
      if (schema.optional) return 'null';
      throw new DataError(`null value for a required ${schema.type} field with no default`);
    }
    if (schema === null) return this.#schemaless(value);
    if (schema.name !== undefined) {
      const logical = this.#logical(schema, value);
      if (logical !== undefined) return logical;
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGES[schema.type];
        const n = typeof value === 'bigint' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isInteger(n)) throw typeError(schema, value);
        if (n < min || n > max) throw new DataError(`${String(value)} is out of range for ${schema.type}`);
        return String(n);
      }
      case 'int64':
        return int64Text(schema, value);
      case 'float32':
        if (typeof value === 'number') return jsonFloat(value);
        if (typeof value === 'bigint') return jsonFloat(Number(value));
        throw typeError(schema, value);
      case 'float64':
        if (typeof value === 'number') return jsonDouble(value);
        if (typeof value === 'bigint') return jsonDouble(Number(value));
        throw typeError(schema, value);
      case 'boolean':
        if (typeof value !== 'boolean') throw typeError(schema, value);
        return value ? 'true' : 'false';
      case 'string':
        if (typeof value !== 'string') throw typeError(schema, value);
        return jsonString(value);
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw typeError(schema, value);
        return `"${base64(value)}"`;
      case 'array': {
        if (!Array.isArray(value)) throw typeError(schema, value);
        const items = schema.valueSchema ?? null;
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          try {
            out += (i === 0 ? '' : ',') + this.value(items, value[i]);
          } catch (err) {
            throw atPath(err, i);
          }
        }
        return `${out}]`;
      }
      case 'map':
        return this.#map(schema, value);
      case 'struct':
        return this.#struct(schema, value);
    }
  }

  #logical(schema: Schema, value: unknown): string | undefined {
    switch (schema.name) {
      case LogicalTypeNames.Decimal: {
        if (schema.type !== 'bytes') return undefined;
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') throw typeError(schema, value);
        const scale = decimalScale(schema);
        const unscaled = decimalToUnscaled(String(value), scale);
        return this.#opts.decimalNumeric ? javaBigDecimalString(unscaled, scale) : `"${base64(bigintToTwosComplement(unscaled))}"`;
      }
      case LogicalTypeNames.Date:
        return schema.type === 'int32' ? String(dateToDays(value as Date)) : undefined;
      case LogicalTypeNames.Time:
        return schema.type === 'int32' ? String(timeToMillis(value as Date)) : undefined;
      case LogicalTypeNames.Timestamp:
        return schema.type === 'int64' ? String(timestampToMillis(value as Date)) : undefined;
      default:
        return undefined;
    }
  }

  #map(schema: Schema, value: unknown): string {
    const keySchema = schema.keySchema ?? null;
    const valueSchema = schema.valueSchema ?? null;
    const objectMode = keySchema === null || keySchema.type === 'string';
    let out = objectMode ? '{' : '[';
    let first = true;
    const add = (k: unknown, v: unknown) => {
      try {
        const valueJson = this.value(valueSchema, v);
        if (objectMode) {
          if (typeof k !== 'string') throw new DataError(`map key ${String(k)} is not a string`);
          out += `${first ? '' : ','}${jsonString(k)}:${valueJson}`;
        } else {
          out += `${first ? '' : ','}[${this.value(keySchema, k)},${valueJson}]`;
        }
      } catch (err) {
        throw atPath(err, String(k));
      }
      first = false;
    };
    if (value instanceof Map) {
      for (const [k, v] of value) add(k, v);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)) {
      // A plain object's keys are strings; a numeric/boolean key schema reads them back as such.
      for (const k of Object.keys(value)) add(objectMode ? k : keyFromString(keySchema!, k), (value as Record<string, unknown>)[k]);
    } else {
      throw typeError(schema, value);
    }
    return out + (objectMode ? '}' : ']');
  }

  #struct(schema: Schema, value: unknown): string {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map || value instanceof Uint8Array) {
      throw typeError(schema, value);
    }
    const fields = schema.fields ?? [];
    const obj = value as Record<string, unknown>;
    let out = '{';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = Object.hasOwn(obj, f.name) ? obj[f.name] : undefined;
      try {
        out += `${i === 0 ? '' : ','}${jsonString(f.name)}:${this.value(f.schema, v)}`;
      } catch (err) {
        throw atPath(err, f.name);
      }
    }
    return `${out}}`;
  }

  /** Schemaless: the JSON shape follows the JS value, as Kafka infers a schema type from the Java class. */
  #schemaless(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return jsonString(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return value.toString();
      case 'number':
        if (!Number.isInteger(value)) return jsonDouble(value);
        return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
      case 'object': {
        if (value === null) return 'null';
        if (value instanceof Uint8Array) return `"${base64(value)}"`;
        if (value instanceof Date) return String(timestampToMillis(value));
        if (Array.isArray(value)) {
          let out = '[';
          for (let i = 0; i < value.length; i++) {
            try {
              out += (i === 0 ? '' : ',') + this.value(null, value[i]);
            } catch (err) {
              throw atPath(err, i);
            }
          }
          return `${out}]`;
        }
        if (value instanceof Map) {
          let allStrings = true;
          for (const k of value.keys()) if (typeof k !== 'string') allStrings = false;
          let out = allStrings ? '{' : '[';
          let first = true;
          for (const [k, v] of value) {
            try {
              const valueJson = this.value(null, v);
              out += first ? '' : ',';
              out += allStrings ? `${jsonString(k as string)}:${valueJson}` : `[${this.value(null, k)},${valueJson}]`;
            } catch (err) {
              throw atPath(err, String(k));
            }
            first = false;
          }
          return out + (allStrings ? '}' : ']');
        }
        let out = '{';
        let first = true;
        for (const k of Object.keys(value)) {
          const v = (value as Record<string, unknown>)[k];
          if (v === undefined) continue;
          try {
            out += `${first ? '' : ','}${jsonString(k)}:${this.value(null, v)}`;
          } catch (err) {
            throw atPath(err, k);
          }
          first = false;
        }
        return `${out}}`;
      }
      default:
        throw new DataError(`a ${typeof value} value has no JSON form`);
    }
  }
}

function int64Text(schema: Schema, value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw typeError(schema, value);
    if (Number.isSafeInteger(value)) return String(value);
    return int64Text(schema, BigInt(value));
  }
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw new DataError(`${value} is out of range for int64`);
    return value.toString();
  }
  throw typeError(schema, value);
}

/** A plain object's string key, read as the map's key type (int/float/boolean keys are written as numbers). */
function keyFromString(keySchema: Schema, key: string): unknown {
  switch (keySchema.type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'float32':
    case 'float64': {
      const n = Number(key);
      if (key.trim() === '' || Number.isNaN(n)) throw new DataError(`map key ${JSON.stringify(key)} is not a ${keySchema.type}`);
      return n;
    }
    case 'int64':
      if (!/^-?\d+$/.test(key)) throw new DataError(`map key ${JSON.stringify(key)} is not an int64`);
      return BigInt(key);
    case 'boolean':
      if (key !== 'true' && key !== 'false') throw new DataError(`map key ${JSON.stringify(key)} is not a boolean`);
      return key === 'true';
    default:
      return key;
  }
}
