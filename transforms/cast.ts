import {
  ConfigError,
  SchemaBuilder,
  defineConfig,
  describedAs,
  type ConnectRecord,
  type RawConfig,
  type Schema,
} from '../src/api/index.js';
import { CAST_TARGETS, CastProblem, castValue, isCastInput, type CastTarget } from './support/cast-values.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { copySchemaBasics, readField, type PlainObject, copyObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

interface CastSpec {
  readonly whole: CastTarget | null;
  readonly fields: ReadonlyMap<string, CastTarget>;
}

function parseSpec(name: string, items: readonly string[]): CastSpec {
  const bad = (msg: string) => new ConfigError(`Invalid value ${items.join(',')} for configuration ${name}: ${msg}`, { [name]: [msg] });
  if (items.length === 0) throw bad('Must specify at least one field to cast.');
  const target = (t: string): CastTarget => {
    const lower = t.trim().toLowerCase() as CastTarget;
    if (!CAST_TARGETS.includes(lower)) throw bad(`Invalid type found in casting spec: ${t.trim()}`);
    return lower;
  };
  const fields = new Map<string, CastTarget>();
  let whole: CastTarget | null = null;
  for (const item of items) {
    const parts = item.split(':');
    if (parts.length === 1) {
      if (items.length > 1) throw bad('Cast expects only one type when casting the whole value, or field:type pairs.');
      whole = target(parts[0]!);
    } else if (parts.length === 2) {
      fields.set(parts[0]!.trim(), target(parts[1]!));
    } else {
      throw bad('Cast expects field:type pairs, e.g. f1:int32,f2:string.');
    }
  }
  return { whole, fields };
}

const specValidator = describedAs('list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>', (name, value) => {
  if (Array.isArray(value)) parseSpec(name, value as string[]);
});

export const castConfig = defineConfig({
  spec: {
    type: 'list',
    validator: specValidator,
    importance: 'high',
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
  },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'cast types';

function targetBuilder(t: CastTarget): SchemaBuilder {
  return t === 'boolean' ? SchemaBuilder.bool() : SchemaBuilder.type(t);
}

/** Casts the whole key/value, or top-level fields, to a primitive type. */
export class Cast<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #spec: CastSpec = { whole: null, fields: new Map() };
  #replaceNull = true;
  #schemas = new WeakMap<Schema, Schema>();
  /** Per input schema, the cast target of each field by index (undefined = copy as is). */
  #targets = new WeakMap<Schema, (CastTarget | undefined)[]>();
  #names: string[] = [];
  #types: CastTarget[] = [];

  constructor(
    private readonly part: RecordPart,
    shortName = `Cast$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return castConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = castConfig.parse(configs);
    this.#spec = parseSpec('spec', c.spec);
    this.#names = [...this.#spec.fields.keys()];
    this.#types = [...this.#spec.fields.values()];
    this.#replaceNull = c['replace.null.with.default'];
    this.#schemas = new WeakMap();
    this.#targets = new WeakMap();
  }

  apply(record: R): R {
    const value = this.part.value(record);
    if (value === null || value === undefined) return record;
    const schema = this.part.schema(record);
    const whole = this.#spec.whole;
    if (schema === null) {
      if (whole !== null) return this.part.with(record, null, this.#cast(record, null, null, value, whole));
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem);
      const out: PlainObject = copyObject(value as PlainObject);
      for (let i = 0; i < this.#names.length; i++) {
        const name = this.#names[i]!;
        out[name] = this.#cast(record, name, null, out[name], this.#types[i]!);
      }
      return this.part.with(record, null, out);
    }
    let updated = this.#schemas.get(schema);
    if (updated === undefined) {
      updated = this.#buildSchema(record, schema);
      this.#schemas.set(schema, updated);
      if (whole === null) this.#targets.set(schema, schema.fields!.map((f) => this.#spec.fields.get(f.name)));
    }
    if (whole !== null) return this.part.with(record, updated, this.#cast(record, null, schema, value, whole));
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    const src = value as PlainObject;
    const out: PlainObject = {};
    const fields = schema.fields!;
    const targets = this.#targets.get(schema)!;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = readField(src, f, this.#replaceNull);
      const t = targets[i];
      out[f.name] = t === undefined ? v : this.#cast(record, f.name, f.schema, v, t);
    }
    return this.part.with(record, updated, out);
  }

  #cast(record: R, field: string | null, schema: Schema | null, value: unknown, t: CastTarget): unknown {
    try {
      return castValue(schema, value, t);
    } catch (err) {
      if (err instanceof CastProblem || err instanceof RangeError || err instanceof SyntaxError) {
        this.fail(record, err.message, field, err);
      }
      throw err;
    }
  }

  #buildSchema(record: R, schema: Schema): Schema {
    const whole = this.#spec.whole;
    let b: SchemaBuilder;
    if (whole !== null) {
      if (!isCastInput(schema.type)) this.fail(record, `Cast transformation does not support casting to/from ${schema.type}`);
      // A logical name (Timestamp, Decimal…) would no longer fit the cast type, so it is not carried over.
      b = schema.name?.startsWith('org.apache.kafka.connect.data.') ? targetBuilder(whole) : copySchemaBasics(schema, targetBuilder(whole));
    } else {
      if (schema.type !== 'struct') this.fail(record, `Only Struct schemas supported for [${PURPOSE}], found: ${schema.type}`);
      b = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields!) {
        const t = this.#spec.fields.get(f.name);
        if (t === undefined) {
          b = b.field(f.name, f.schema);
          continue;
        }
        if (!isCastInput(f.schema.type)) this.fail(record, `Cast transformation does not support casting to/from ${f.schema.type}`, f.name);
        let fb = targetBuilder(t);
        if (f.schema.optional) fb = fb.optional();
        if (f.schema.defaultValue !== undefined && f.schema.defaultValue !== null) {
          fb = fb.defaultValue(this.#cast(record, f.name, f.schema, f.schema.defaultValue, t));
        }
        b = b.field(f.name, fb.build());
      }
    }
    if (schema.optional) b = b.optional();
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && whole !== null) {
      b = b.defaultValue(this.#cast(record, null, schema, schema.defaultValue, whole));
    }
    return b.build();
  }
}

export const descriptors = keyValueDescriptors(
  'Cast',
  castConfig,
  'Cast fields or the whole key/value to another primitive type',
  (part, shortName) => new Cast(part, shortName),
);
