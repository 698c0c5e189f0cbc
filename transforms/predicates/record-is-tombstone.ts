import { defineConfig, type ConfigDef, type ConnectRecord, type Predicate, type RawConfig } from '../../src/api/index.js';
import { predicateDescriptor } from '../support/descriptors.js';
import { TRANSFORMS_VERSION } from '../support/transform-base.js';

export const recordIsTombstoneConfig = defineConfig({});

/** True for tombstones: records whose value is null. */
export class RecordIsTombstone<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  configure(_configs: RawConfig): void {}

  test(record: R): boolean {
    return record.value === null || record.value === undefined;
  }

  config(): ConfigDef<object> {
    return recordIsTombstoneConfig;
  }

  close(): void {}

  version(): string {
    return TRANSFORMS_VERSION;
  }
}

export const descriptor = predicateDescriptor('RecordIsTombstone', recordIsTombstoneConfig, 'True for tombstones (null value)', () => new RecordIsTombstone());
