/**
 * Per-Schema compiled payload writers: for a schema, a function value → JSON text that does only what that
 * schema needs (field-name prefixes prepared once, no per-field dispatch on type, no per-field try/catch).
 * The output is the text JsonEncoder.value() writes — byte for byte; the differential test checks it on
 * random schemas and values. Anything unusual (logical types, maps, bad values) goes to the generic writer:
 * on any failure the whole value is redone by it, so errors carry the generic writer's message and path.
 */
import { LogicalTypeNames, type Schema } from '../../src/api/schema.js';
import { jsonDouble, jsonFloat, jsonString } from './json-text.js';

export type ValueWriter = (value: unknown) => string;

const LOGICAL = new Set<string>(Object.values(LogicalTypeNames));
const INT_RANGES = { int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Thrown inside compiled writers; never escapes (the generic writer redoes the value and throws its own error). */
class Bail extends Error {}
const BAIL = new Bail();

export class JsonValueCompiler {
  readonly #compiled = new WeakMap<Schema, ValueWriter>();

  constructor(
    /** The generic writer (JsonEncoder.value): the reference, and the fallback for whatever is not compiled. */
    private readonly generic: (schema: Schema, value: unknown) => string,
    private readonly replaceNullWithDefault: boolean,
  ) {}

  /** The top-level writer for `schema`: compiled, with the generic writer as the fallback on any failure. */
  writer(schema: Schema): ValueWriter {
    let w = this.#compiled.get(schema);
    if (w === undefined) {
      const inner = this.#compile(schema);
      const generic = this.generic;
      w = (value) => {
        try {
          return inner(value);
        } catch {
          return generic(schema, value);
        }
      };
      this.#compiled.set(schema, w);
    }
    return w;
  }

  #compile(schema: Schema): ValueWriter {
    const nonNull = this.#nonNull(schema);
    const hasDefault = this.replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null;
    if (hasDefault || !schema.optional) {
      // null → the default's text, or a failure (required field): both are rare; let the generic writer do them
      return (v) => (v === null || v === undefined ? bail() : nonNull(v));
    }
    return (v) => (v === null || v === undefined ? 'null' : nonNull(v));
  }

  #nonNull(schema: Schema): ValueWriter {
    if (schema.name !== undefined && LOGICAL.has(schema.name)) return this.#viaGeneric(schema);
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGES[schema.type];
        return (v) => {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bail();
          return String(v);
        };
      }
      case 'int64':
        return (v) => {
          if (typeof v === 'number') {
            if (!Number.isSafeInteger(v)) bail();
            return String(v);
          }
          if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) bail();
          return v.toString();
        };
      case 'float32':
        return (v) => (typeof v === 'number' ? jsonFloat(v) : bail());
      case 'float64':
        return (v) => (typeof v === 'number' ? jsonDouble(v) : bail());
      case 'boolean':
        return (v) => (v === true ? 'true' : v === false ? 'false' : bail());
      case 'string':
        return (v) => (typeof v === 'string' ? jsonString(v) : bail());
      case 'bytes':
        return (v) => (v instanceof Uint8Array ? `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"` : bail());
      case 'array': {
        if (schema.valueSchema === undefined) return this.#viaGeneric(schema);
        const item = this.#compile(schema.valueSchema);
        return (v) => {
          if (!Array.isArray(v)) bail();
          const a = v as unknown[];
          let out = '[';
          for (let i = 0; i < a.length; i++) out += (i === 0 ? '' : ',') + item(a[i]);
          return `${out}]`;
        };
      }
      case 'struct':
        return this.#struct(schema);
      default:
        return this.#viaGeneric(schema);
    }
  }

  #struct(schema: Schema): ValueWriter {
    const fields = schema.fields ?? [];
    const n = fields.length;
    const names = fields.map((f) => f.name);
    const prefixes = fields.map((f, i) => `${i === 0 ? '' : ','}${jsonString(f.name)}:`);
    const writers = fields.map((f) => this.#compile(f.schema));
    return (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map || v instanceof Uint8Array) bail();
      const obj = v as Record<string, unknown>;
      let out = '{';
      for (let i = 0; i < n; i++) {
        const name = names[i]!;
        out += prefixes[i]! + writers[i]!(Object.hasOwn(obj, name) ? obj[name] : undefined);
      }
      return `${out}}`;
    };
  }

  #viaGeneric(schema: Schema): ValueWriter {
    const generic = this.generic;
    return (v) => generic(schema, v);
  }
}

function bail(): never {
  throw BAIL;
}
