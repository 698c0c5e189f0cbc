import {
  ConfigError,
  SchemaBuilder,
  defineConfig,
  fieldOf,
  newRecord,
  nonNullOrEmpty,
  oneOf,
  type ConnectRecord,
  type RawConfig,
  type Schema,
} from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { copySchemaBasics, readField, type PlainObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

export const headerFromConfig = defineConfig({
  fields: {
    type: 'list',
    validator: nonNullOrEmpty,
    importance: 'high',
    doc: 'Field names in the record whose values are to be copied or moved to headers.',
  },
  headers: {
    type: 'list',
    validator: nonNullOrEmpty,
    importance: 'high',
    doc: 'Header names, in the same order as the field names listed in the fields configuration property.',
  },
  operation: {
    type: 'string',
    validator: oneOf('move', 'copy'),
    importance: 'high',
    doc: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
  },
  ...replaceNullWithDefaultKey,
});

/** Copies or moves fields of the key/value into headers (header schema = field schema). */
export class HeaderFrom<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #fields: readonly string[] = [];
  #headers: readonly string[] = [];
  #move = false;
  #replaceNull = true;
  #moved = new WeakMap<Schema, Schema>();

  constructor(
    private readonly part: RecordPart,
    shortName = `HeaderFrom$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return headerFromConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = headerFromConfig.parse(configs);
    if (c.fields.length !== c.headers.length) {
      const msg = `'fields' config must have the same number of elements as 'headers' config.`;
      throw new ConfigError(msg, { fields: [msg] });
    }
    this.#fields = c.fields;
    this.#headers = c.headers;
    this.#move = c.operation === 'move';
    this.#replaceNull = c['replace.null.with.default'];
    this.#moved = new WeakMap();
  }

  apply(record: R): R {
    const value = this.part.value(record);
    const schema = this.part.schema(record);
    const purpose = `header ${this.#move ? 'move' : 'copy'}`;
    const headers = record.headers.duplicate();
    if (schema === null) {
      const problem = mapProblem(value, purpose);
      if (problem !== undefined) this.fail(record, problem);
      const src = value as PlainObject;
      for (let i = 0; i < this.#fields.length; i++) headers.add(this.#headers[i]!, src[this.#fields[i]!] ?? null, null);
      let out = src;
      if (this.#move) {
        // Copy without the moved keys (`delete` would drop the object into V8's slow dictionary mode).
        out = {};
        for (const k in src) if (!this.#fields.includes(k)) out[k] = src[k];
      }
      return this.#move ? this.part.withHeaders(record, null, out, headers) : newRecord(record, { headers });
    }
    const problem = structProblem(value, purpose);
    if (problem !== undefined) this.fail(record, problem);
    const src = value as PlainObject;
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!;
      const f = schema.type === 'struct' ? fieldOf(schema, name) : undefined;
      if (f === undefined) this.fail(record, `Field does not exist: ${name}`, name);
      try {
        headers.add(this.#headers[i]!, readField(src, f, this.#replaceNull), f.schema);
      } catch (err) {
        this.fail(record, (err as Error).message, name, err);
      }
    }
    if (!this.#move) return newRecord(record, { headers });
    let moved = this.#moved.get(schema);
    if (moved === undefined) {
      let b = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields!) if (!this.#fields.includes(f.name)) b = b.field(f.name, f.schema);
      moved = b.build();
      this.#moved.set(schema, moved);
    }
    const out: PlainObject = {};
    const fields = moved.fields!;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out[f.name] = readField(src, f, this.#replaceNull);
    }
    return this.part.withHeaders(record, moved, out, headers);
  }
}

export const descriptors = keyValueDescriptors(
  'HeaderFrom',
  headerFromConfig,
  'Copy or move fields into headers',
  (part, shortName) => new HeaderFrom(part, shortName),
);
