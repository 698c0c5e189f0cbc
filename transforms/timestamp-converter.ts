import {
  ConfigError,
  SchemaBuilder,
  defineConfig,
  oneOf,
  type ConnectRecord,
  type RawConfig,
  type Schema,
} from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import { JavaDateFormat } from './support/java-date-format.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { copySchemaBasics, readField, type PlainObject, copyObject } from './support/struct-values.js';
import {
  TimestampProblem,
  fromMillis,
  kindOfSchema,
  kindOfValue,
  schemaFor,
  toMillis,
  type TimestampKind,
  type UnixPrecision,
} from './support/timestamp-types.js';
import { TransformBase } from './support/transform-base.js';

export const timestampConverterConfig = defineConfig({
  field: {
    type: 'string',
    default: '',
    importance: 'high',
    doc: 'The field containing the timestamp, or empty if the entire value is a timestamp',
  },
  'target.type': {
    type: 'string',
    validator: oneOf('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'high',
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
  },
  format: {
    type: 'string',
    default: '',
    importance: 'medium',
    doc: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
  },
  'unix.precision': {
    type: 'string',
    default: 'milliseconds',
    validator: oneOf('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'low',
    doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
  },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'converting timestamp formats';

/** Converts a timestamp (whole key/value, or one field) between string, unix, Date, Time and Timestamp, in UTC. */
export class TimestampConverter<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #field = '';
  #target: TimestampKind = 'Timestamp';
  #format: JavaDateFormat | null = null;
  #precision: UnixPrecision = 'milliseconds';
  #replaceNull = true;
  #schemas = new WeakMap<Schema, Schema>();

  constructor(
    private readonly part: RecordPart,
    shortName = `TimestampConverter$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return timestampConverterConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = timestampConverterConfig.parse(configs);
    this.#field = c.field;
    this.#target = c['target.type'];
    this.#precision = c['unix.precision'];
    this.#replaceNull = c['replace.null.with.default'];
    if (c.format !== '') {
      try {
        this.#format = new JavaDateFormat(c.format);
      } catch (err) {
        const msg = `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${(err as Error).message}`;
        throw new ConfigError(msg, { format: [msg] });
      }
    } else {
      this.#format = null;
    }
    if (this.#target === 'string' && this.#format === null) {
      const msg = 'TimestampConverter requires format option to be specified when using string timestamps';
      throw new ConfigError(msg, { format: [msg] });
    }
    this.#schemas = new WeakMap();
  }

  #convert(record: R, value: unknown, from: TimestampKind | null): unknown {
    if (value === null || value === undefined) return null;
    try {
      const kind = from ?? kindOfValue(value);
      return fromMillis(toMillis(value, kind, this.#precision, this.#format), this.#target, this.#precision, this.#format);
    } catch (err) {
      if (err instanceof TimestampProblem) this.fail(record, err.message, this.#field === '' ? null : this.#field, err);
      throw err;
    }
  }

  apply(record: R): R {
    const value = this.part.value(record);
    const schema = this.part.schema(record);
    if (schema === null) {
      if (value === null || value === undefined || this.#field === '') {
        return this.part.with(record, null, this.#convert(record, value, null));
      }
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem, this.#field);
      const out: PlainObject = copyObject(value as PlainObject);
      out[this.#field] = this.#convert(record, out[this.#field], null);
      return this.part.with(record, null, out);
    }
    if (this.#field === '') {
      let from: TimestampKind;
      try {
        from = kindOfSchema(schema);
      } catch (err) {
        this.fail(record, (err as Error).message, null, err);
      }
      return this.part.with(record, schemaFor(this.#target, schema.optional), this.#convert(record, value, from));
    }
    if (value !== null && value !== undefined) {
      const problem = structProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem, this.#field);
    }
    let updated = this.#schemas.get(schema);
    if (updated === undefined) {
      updated = this.#buildSchema(record, schema);
      this.#schemas.set(schema, updated);
    }
    if (value === null || value === undefined) return this.part.with(record, updated, null);
    const src = value as PlainObject;
    const out: PlainObject = {};
    const fields = schema.fields!;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = readField(src, f, this.#replaceNull);
      out[f.name] = f.name === this.#field ? this.#convert(record, v, kindOfSchema(f.schema)) : v;
    }
    return this.part.with(record, updated, out);
  }

  #buildSchema(record: R, schema: Schema): Schema {
    if (schema.type !== 'struct') this.fail(record, `Only Struct schemas supported for [${PURPOSE}], found: ${schema.type}`, this.#field);
    // As Kafka: a schema without the field passes through unchanged (records of other tables, say).
    let b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields!) {
      if (f.name !== this.#field) {
        b = b.field(f.name, f.schema);
        continue;
      }
      try {
        kindOfSchema(f.schema);
      } catch (err) {
        this.fail(record, (err as Error).message, f.name, err);
      }
      b = b.field(f.name, schemaFor(this.#target, f.schema.optional));
    }
    return b.build();
  }
}

export const descriptors = keyValueDescriptors(
  'TimestampConverter',
  timestampConverterConfig,
  'Convert timestamps between string, unix, Date, Time and Timestamp',
  (part, shortName) => new TimestampConverter(part, shortName),
);
