import { SchemaBuilder, defineConfig, type ConnectRecord, type RawConfig, type Schema } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { TransformBase } from './support/transform-base.js';

export const hoistFieldConfig = defineConfig({
  field: {
    type: 'string',
    importance: 'medium',
    doc: 'Field name for the single field that will be created in the resulting Struct or Map.',
  },
});

/** Wraps the whole key or value in a single-field struct (schema'd) or map (schemaless). */
export class HoistField<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #field = '';
  #schemas = new WeakMap<Schema, Schema>();

  constructor(
    private readonly part: RecordPart,
    shortName = `HoistField$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return hoistFieldConfig;
  }

  protected configureWith(configs: RawConfig): void {
    this.#field = hoistFieldConfig.parse(configs).field;
    this.#schemas = new WeakMap();
  }

  apply(record: R): R {
    const value = this.part.value(record) ?? null;
    const schema = this.part.schema(record);
    if (schema === null) return this.part.with(record, null, this.#wrap(value));
    let hoisted = this.#schemas.get(schema);
    if (hoisted === undefined) {
      hoisted = SchemaBuilder.struct().field(this.#field, schema).build();
      this.#schemas.set(schema, hoisted);
    }
    if (value === null && !schema.optional && schema.defaultValue === undefined) {
      this.fail(record, 'Invalid value: null used for required field', this.#field);
    }
    return this.part.with(record, hoisted, this.#wrap(value));
  }

  /** `{ [field]: value }` without a computed-key literal (slower in V8 than a plain store). */
  #wrap(value: unknown): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    o[this.#field] = value;
    return o;
  }
}

export const descriptors = keyValueDescriptors(
  'HoistField',
  hoistFieldConfig,
  'Wrap the key or value in a single-field struct or map',
  (part, shortName) => new HoistField(part, shortName),
);
