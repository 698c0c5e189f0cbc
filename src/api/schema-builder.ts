import { ConnectError } from './errors.js';
import type { Field, Schema, SchemaType } from './schema.js';
import { validateValue } from './schema-validate.js';

interface Draft {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue?: unknown;
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly fields?: readonly Field[];
  readonly keySchema?: Schema;
  readonly valueSchema?: Schema;
}

/** Something `field()`, `array()` and `map()` accept: a built schema or a builder (built on the spot). */
export type SchemaLike = Schema | SchemaBuilder;

function toSchema(s: SchemaLike): Schema {
  return s instanceof SchemaBuilder ? s.build() : s;
}

/**
 * An immutable, fluent schema builder: every call returns a new builder, so a partly configured builder
 * can be shared and extended safely.
 *
 *     const address = SchemaBuilder.struct().name('Address')
 *       .field('street', Schemas.STRING)
 *       .field('zip', SchemaBuilder.int32().optional())
 *       .build();
 *
 * `build()` checks the default value against the finished schema and returns a frozen `Schema`.
 */
export class SchemaBuilder {
  readonly #draft: Draft;

  private constructor(draft: Draft) {
    this.#draft = draft;
  }

  static type(type: SchemaType): SchemaBuilder {
    if (type === 'struct') return SchemaBuilder.struct();
    if (type === 'array' || type === 'map') {
      throw new ConnectError(`SchemaBuilder.type('${type}') needs element schemas: use SchemaBuilder.${type}(...)`, {
        code: 'TRIB_SCHEMA_BUILD',
      });
    }
    return new SchemaBuilder({ type, optional: false });
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder({ type: 'int8', optional: false });
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder({ type: 'int16', optional: false });
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder({ type: 'int32', optional: false });
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder({ type: 'int64', optional: false });
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder({ type: 'float32', optional: false });
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder({ type: 'float64', optional: false });
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder({ type: 'boolean', optional: false });
  }
  static boolean(): SchemaBuilder {
    return SchemaBuilder.bool();
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder({ type: 'string', optional: false });
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder({ type: 'bytes', optional: false });
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder({ type: 'struct', optional: false, fields: [] });
  }
  static array(valueSchema: SchemaLike): SchemaBuilder {
    return new SchemaBuilder({ type: 'array', optional: false, valueSchema: toSchema(valueSchema) });
  }
  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    return new SchemaBuilder({
      type: 'map',
      optional: false,
      keySchema: toSchema(keySchema),
      valueSchema: toSchema(valueSchema),
    });
  }
  /** Start from an existing schema (e.g. to widen a struct or rename it in a transform). */
  static from(schema: Schema): SchemaBuilder {
    const d: Draft = { ...schema };
    return new SchemaBuilder(schema.type === 'struct' && d.fields === undefined ? { ...d, fields: [] } : d);
  }

  get type(): SchemaType {
    return this.#draft.type;
  }
  /** The fields declared so far (struct only). */
  get fields(): readonly Field[] {
    return this.#draft.fields ?? [];
  }

  optional(): SchemaBuilder {
    return this.#with({ optional: true });
  }
  required(): SchemaBuilder {
    return this.#with({ optional: false });
  }
  /** Checked against the schema in `build()`, so fields may be added after the default is set. */
  defaultValue(value: unknown): SchemaBuilder {
    return this.#with({ defaultValue: value });
  }
  name(name: string): SchemaBuilder {
    return this.#with({ name });
  }
  version(version: number): SchemaBuilder {
    if (!Number.isInteger(version)) throw this.#error(`version must be an integer, got ${version}`);
    return this.#with({ version });
  }
  doc(doc: string): SchemaBuilder {
    return this.#with({ doc });
  }
  parameter(key: string, value: string): SchemaBuilder {
    return this.#with({ parameters: { ...this.#draft.parameters, [key]: value } });
  }
  parameters(params: Readonly<Record<string, string>>): SchemaBuilder {
    return this.#with({ parameters: { ...this.#draft.parameters, ...params } });
  }

  /** Append a struct field. Field names are unique within a struct. */
  field(name: string, schema: SchemaLike): SchemaBuilder {
    const fields = this.#draft.fields;
    if (this.#draft.type !== 'struct' || fields === undefined) {
      throw this.#error(`cannot add field '${name}' to a ${this.#draft.type} schema; only structs have fields`);
    }
    if (name === '') throw this.#error('field name must not be empty');
    for (const f of fields) {
      if (f.name === name) throw this.#error(`duplicate field '${name}'`);
    }
    const field: Field = Object.freeze({ name, index: fields.length, schema: toSchema(schema) });
    return this.#with({ fields: [...fields, field] });
  }

  build(): Schema {
    const d = this.#draft;
    // Only present keys are set, so built schemas compare cleanly with toEqual and JSON.
    const out: { -readonly [K in keyof Schema]: Schema[K] } = { type: d.type, optional: d.optional };
    if (d.name !== undefined) out.name = d.name;
    if (d.version !== undefined) out.version = d.version;
    if (d.doc !== undefined) out.doc = d.doc;
    if (d.parameters !== undefined) out.parameters = Object.freeze({ ...d.parameters });
    if (d.fields !== undefined) out.fields = Object.freeze([...d.fields]);
    if (d.keySchema !== undefined) out.keySchema = d.keySchema;
    if (d.valueSchema !== undefined) out.valueSchema = d.valueSchema;
    if (d.defaultValue !== undefined) {
      validateValue(out, d.defaultValue, 'default');
      out.defaultValue = d.defaultValue;
    }
    return Object.freeze(out);
  }

  #with(change: Partial<Draft>): SchemaBuilder {
    return new SchemaBuilder({ ...this.#draft, ...change });
  }

  #error(message: string): ConnectError {
    const what = this.#draft.name === undefined ? this.#draft.type : `${this.#draft.type} '${this.#draft.name}'`;
    return new ConnectError(`SchemaBuilder(${what}): ${message}`, { code: 'TRIB_SCHEMA_BUILD' });
  }
}
