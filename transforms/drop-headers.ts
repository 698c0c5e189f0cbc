import { defineConfig, newRecord, nonNullOrEmpty, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { TransformBase } from './support/transform-base.js';

export const dropHeadersConfig = defineConfig({
  headers: { type: 'list', validator: nonNullOrEmpty, importance: 'high', doc: 'The name of the headers to be removed.' },
});

/** Removes every header whose key is listed. */
export class DropHeaders<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #names: readonly string[] = [];

  constructor(shortName = 'DropHeaders') {
    super(shortName);
  }

  config() {
    return dropHeadersConfig;
  }

  protected configureWith(configs: RawConfig): void {
    this.#names = dropHeadersConfig.parse(configs).headers;
  }

  apply(record: R): R {
    const names = this.#names;
    let found = false;
    for (let i = 0; i < names.length && !found; i++) found = record.headers.has(names[i]!);
    if (!found) return record; // nothing to drop: no copy
    const headers = record.headers.duplicate();
    for (let i = 0; i < names.length; i++) headers.remove(names[i]!);
    return newRecord(record, { headers });
  }
}

export const descriptor = singleDescriptor('DropHeaders', dropHeadersConfig, 'Remove headers by name', () => new DropHeaders());
