import {
  ConnectTimestamp,
  SchemaBuilder,
  Schemas,
  defineConfig,
  type ConnectRecord,
  type RawConfig,
  type Schema,
} from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { copySchemaBasics, readField, type PlainObject, copyObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

const suffixDoc = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

export const insertFieldConfig = defineConfig({
  'topic.field': { type: 'string', default: null, importance: 'medium', doc: `Field name for Kafka topic. ${suffixDoc}` },
  'partition.field': { type: 'string', default: null, importance: 'medium', doc: `Field name for Kafka partition. ${suffixDoc}` },
  'offset.field': {
    type: 'string',
    default: null,
    importance: 'medium',
    doc: `Field name for Kafka offset - only applicable to sink connectors. ${suffixDoc}`,
  },
  'timestamp.field': { type: 'string', default: null, importance: 'medium', doc: `Field name for record timestamp. ${suffixDoc}` },
  'static.field': { type: 'string', default: null, importance: 'medium', doc: `Field name for static data field. ${suffixDoc}` },
  'static.value': { type: 'string', default: null, importance: 'medium', doc: 'Static field value, if field name configured.' },
  ...replaceNullWithDefaultKey,
});

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

function insertionSpec(raw: string | null): InsertionSpec | null {
  if (raw === null || raw === '') return null;
  const last = raw[raw.length - 1];
  if (last === '!') return { name: raw.slice(0, -1), optional: false };
  if (last === '?') return { name: raw.slice(0, -1), optional: true };
  return { name: raw, optional: true };
}

const PURPOSE = 'field insertion';

/** Inserts the record's topic, partition, offset, timestamp and/or a static string into the key or value. */
export class InsertField<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNull = true;
  #widened = new WeakMap<Schema, Schema>();

  constructor(
    private readonly part: RecordPart,
    shortName = `InsertField$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return insertFieldConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = insertFieldConfig.parse(configs);
    this.#topic = insertionSpec(c['topic.field']);
    this.#partition = insertionSpec(c['partition.field']);
    this.#offset = insertionSpec(c['offset.field']);
    this.#timestamp = insertionSpec(c['timestamp.field']);
    this.#static = insertionSpec(c['static.field']);
    this.#staticValue = c['static.value'];
    this.#replaceNull = c['replace.null.with.default'];
    this.#widened = new WeakMap();
  }

  apply(record: R): R {
    const value = this.part.value(record);
    if (value === null || value === undefined) return record; // tombstones pass through, as in Kafka
    const schema = this.part.schema(record);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value);
  }

  #offsetOf(record: R): number | null {
    const o = (record as { kafkaOffset?: unknown }).kafkaOffset;
    if (typeof o !== 'number') {
      this.fail(record, `Only SinkRecord supported for [${PURPOSE}] of the offset, found a record without a Kafka offset`, this.#offset!.name);
    }
    return o;
  }

  #applySchemaless(record: R, value: unknown): R {
    const problem = mapProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    const out: PlainObject = copyObject(value as PlainObject);
    if (this.#topic !== null) out[this.#topic.name] = record.topic;
    if (this.#partition !== null) out[this.#partition.name] = record.kafkaPartition;
    if (this.#offset !== null) out[this.#offset.name] = this.#offsetOf(record);
    if (this.#timestamp !== null) out[this.#timestamp.name] = record.timestamp;
    if (this.#static !== null) out[this.#static.name] = this.#staticValue;
    return this.part.with(record, null, out);
  }

  #applyWithSchema(record: R, schema: Schema, value: unknown): R {
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    let widened = this.#widened.get(schema);
    if (widened === undefined) {
      widened = this.#widen(record, schema);
      this.#widened.set(schema, widened);
    }
    const src = value as PlainObject;
    const out: PlainObject = {};
    const fields = schema.fields!;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out[f.name] = readField(src, f, this.#replaceNull);
    }
    if (this.#topic !== null) this.#put(record, out, this.#topic, record.topic);
    if (this.#partition !== null) this.#put(record, out, this.#partition, record.kafkaPartition);
    if (this.#offset !== null) this.#put(record, out, this.#offset, this.#offsetOf(record));
    if (this.#timestamp !== null) {
      this.#put(record, out, this.#timestamp, record.timestamp === null ? null : new Date(record.timestamp));
    }
    if (this.#static !== null) this.#put(record, out, this.#static, this.#staticValue);
    return this.part.with(record, widened, out);
  }

  #put(record: R, out: PlainObject, spec: InsertionSpec, v: unknown): void {
    if ((v === null || v === undefined) && !spec.optional) {
      this.fail(record, 'Invalid value: null used for required field', spec.name);
    }
    out[spec.name] = v;
  }

  #widen(record: R, schema: Schema): Schema {
    if (schema.type !== 'struct') this.fail(record, `Only Struct schemas supported for [${PURPOSE}], found: ${schema.type}`);
    let b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields!) b = b.field(f.name, f.schema);
    const add = (spec: InsertionSpec | null, required: Schema, optional: Schema) => {
      if (spec !== null) b = b.field(spec.name, spec.optional ? optional : required);
    };
    try {
      add(this.#topic, Schemas.STRING, Schemas.OPTIONAL_STRING);
      add(this.#partition, Schemas.INT32, Schemas.OPTIONAL_INT32);
      add(this.#offset, Schemas.INT64, Schemas.OPTIONAL_INT64);
      add(this.#timestamp, ConnectTimestamp.SCHEMA, ConnectTimestamp.OPTIONAL_SCHEMA);
      add(this.#static, Schemas.STRING, Schemas.OPTIONAL_STRING);
    } catch (err) {
      this.fail(record, (err as Error).message, null, err);
    }
    return b.build();
  }
}

export const descriptors = keyValueDescriptors(
  'InsertField',
  insertFieldConfig,
  'Insert the topic, partition, offset, timestamp or a static value as a field',
  (part, shortName) => new InsertField(part, shortName),
);
