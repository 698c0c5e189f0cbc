import { ConfigError, defineConfig, type ConnectRecord, type RawConfig, type Schema } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { TransformBase } from './support/transform-base.js';

export const setSchemaMetadataConfig = defineConfig({
  'schema.name': { type: 'string', default: null, importance: 'high', doc: 'Schema name to set.' },
  'schema.version': { type: 'int', default: null, importance: 'high', doc: 'Schema version to set.' },
  ...replaceNullWithDefaultKey,
});

/**
 * Sets the key/value schema's name and/or version. Values are plain data (not bound to a schema object as
 * Java Structs are), so the value passes through unchanged; only the schema is swapped, once per schema.
 */
export class SetSchemaMetadata<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #name: string | null = null;
  #version: number | null = null;
  #schemas = new WeakMap<Schema, Schema>();

  constructor(
    private readonly part: RecordPart,
    shortName = `SetSchemaMetadata$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return setSchemaMetadataConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = setSchemaMetadataConfig.parse(configs);
    if (c['schema.name'] === null && c['schema.version'] === null) {
      throw new ConfigError('Neither schema name nor version configured', { 'schema.name': ['Neither schema name nor version configured'] });
    }
    this.#name = c['schema.name'];
    this.#version = c['schema.version'];
    this.#schemas = new WeakMap();
  }

  apply(record: R): R {
    const schema = this.part.schema(record);
    if (schema === null) this.fail(record, 'Schema required for [updating schema metadata]');
    let updated = this.#schemas.get(schema);
    if (updated === undefined) {
      const copy: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema };
      if (this.#name !== null) copy.name = this.#name;
      if (this.#version !== null) copy.version = this.#version;
      updated = Object.freeze(copy);
      this.#schemas.set(schema, updated);
    }
    return this.part.with(record, updated, this.part.value(record));
  }
}

export const descriptors = keyValueDescriptors(
  'SetSchemaMetadata',
  setSchemaMetadataConfig,
  'Set the schema name and/or version',
  (part, shortName) => new SetSchemaMetadata(part, shortName),
);
