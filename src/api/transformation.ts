import type { ConfigDef, RawConfig } from './config/define-config.js';
import type { ConnectRecord } from './records.js';

/**
 * A single message transform (SMT). `apply` runs once per record on the hot path, synchronously: parse
 * config in `configure`, cache derived schemas per input schema, and never mutate the input — return
 * `newRecord(record, changes)`, the record itself when nothing changes, or `null` to drop it.
 *
 * Write it generic (`class MyTransform<R extends ConnectRecord> implements Transformation<R>`) so it
 * serves source records and sink records alike.
 */
export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  /** Called once with the transform's sub-config (`transforms.<alias>.` stripped). */
  configure(configs: RawConfig): void;
  apply(record: R): R | null;
  config(): ConfigDef<object>;
  /** Safe to call more than once. */
  close(): void;
  version?(): string;
}
