import { SchemaBuilder, defineConfig, fieldOf, nonNullOrEmpty, newRecord, type ConnectRecord, type Field, type RawConfig, type Schema } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { readField, type PlainObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

export const valueToKeyConfig = defineConfig({
  fields: {
    type: 'list',
    validator: nonNullOrEmpty,
    importance: 'high',
    doc: 'Field names on the record value to extract as the record key.',
  },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'copying fields from value to key';

/** Replaces the key with a struct (or map) of the named value fields. */
export class ValueToKey<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #fields: readonly string[] = [];
  #replaceNull = true;
  #plans = new WeakMap<Schema, { keySchema: Schema; sources: Field[] }>();

  constructor(shortName = 'ValueToKey') {
    super(shortName);
  }

  config() {
    return valueToKeyConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = valueToKeyConfig.parse(configs);
    this.#fields = c.fields;
    this.#replaceNull = c['replace.null.with.default'];
    this.#plans = new WeakMap();
  }

  apply(record: R): R {
    const value = record.value;
    const schema = record.valueSchema;
    if (schema === null) {
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem);
      const key: PlainObject = {};
      for (let i = 0; i < this.#fields.length; i++) {
        const name = this.#fields[i]!;
        key[name] = (value as PlainObject)[name] ?? null;
      }
      return newRecord(record, { keySchema: null, key });
    }
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    let plan = this.#plans.get(schema);
    if (plan === undefined) {
      plan = this.#plan(record, schema);
      this.#plans.set(schema, plan);
    }
    const key: PlainObject = {};
    for (let i = 0; i < plan.sources.length; i++) {
      const f = plan.sources[i]!;
      key[f.name] = readField(value as PlainObject, f, this.#replaceNull);
    }
    return newRecord(record, { keySchema: plan.keySchema, key });
  }

  #plan(record: R, schema: Schema): { keySchema: Schema; sources: Field[] } {
    let b = SchemaBuilder.struct();
    const sources: Field[] = [];
    for (const name of this.#fields) {
      const f = schema.type === 'struct' ? fieldOf(schema, name) : undefined;
      if (f === undefined) this.fail(record, `Field does not exist: ${name}`, name);
      b = b.field(name, f.schema);
      sources.push(f);
    }
    return { keySchema: b.build(), sources };
  }
}

export const descriptor = singleDescriptor(
  'ValueToKey',
  valueToKeyConfig,
  'Replace the record key with fields of the value',
  () => new ValueToKey(),
);
