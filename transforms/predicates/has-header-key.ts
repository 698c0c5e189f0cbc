import { defineConfig, nonNullOrEmpty, type ConfigDef, type ConnectRecord, type Predicate, type RawConfig } from '../../src/api/index.js';
import { predicateDescriptor } from '../support/descriptors.js';
import { TRANSFORMS_VERSION } from '../support/transform-base.js';

export const hasHeaderKeyConfig = defineConfig({
  name: { type: 'string', validator: nonNullOrEmpty, importance: 'medium', doc: 'The header name.' },
});

/** True when the record has at least one header with the configured key. */
export class HasHeaderKey<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  #name = '';

  configure(configs: RawConfig): void {
    this.#name = hasHeaderKeyConfig.parse(configs).name;
  }

  test(record: R): boolean {
    return record.headers.has(this.#name);
  }

  config(): ConfigDef<object> {
    return hasHeaderKeyConfig;
  }

  close(): void {}

  version(): string {
    return TRANSFORMS_VERSION;
  }
}

export const descriptor = predicateDescriptor(
  'HasHeaderKey',
  hasHeaderKeyConfig,
  'True for records with a header of the given name',
  () => new HasHeaderKey(),
);
