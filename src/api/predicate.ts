import type { ConfigDef, RawConfig } from './config/define-config.js';
import type { ConnectRecord } from './records.js';

/**
 * Decides whether a transform applies to a record (`transforms.<t>.predicate`, optionally `negate`).
 * Synchronous and side-effect free; called once per record.
 */
export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  /** Called once with the predicate's sub-config (`predicates.<alias>.` stripped). */
  configure(configs: RawConfig): void;
  test(record: R): boolean;
  config(): ConfigDef<object>;
  /** Safe to call more than once. */
  close(): void;
  version?(): string;
}
