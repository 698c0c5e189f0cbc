import type { ConfigDef, ConnectRecord, RawConfig, Transformation } from '../../src/api/index.js';
import { TransformError } from './transform-error.js';

/**
 * The internal config key through which the runtime tells a transform its alias (`transforms=<alias>`),
 * so errors can name it. Not part of any ConfigDef; when absent the transform names itself by its short
 * class name (`InsertField$Value`).
 */
export const TRANSFORM_ALIAS_KEY = 'transform.alias';

export const TRANSFORMS_VERSION = '0.1.0';

/** What every built-in SMT shares: alias bookkeeping, `fail`, an idempotent `close`, the version. */
export abstract class TransformBase<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected alias: string;

  constructor(protected readonly shortName: string) {
    this.alias = shortName;
  }

  configure(configs: RawConfig): void {
    const alias = configs[TRANSFORM_ALIAS_KEY];
    this.alias = typeof alias === 'string' && alias !== '' ? alias : this.shortName;
    this.configureWith(configs);
  }

  /** Parse the transform's own keys. */
  protected abstract configureWith(configs: RawConfig): void;
  abstract config(): ConfigDef<object>;
  abstract apply(record: R): R | null;

  close(): void {}

  version(): string {
    return TRANSFORMS_VERSION;
  }

  protected fail(record: ConnectRecord, message: string, field: string | null = null, cause?: unknown): never {
    throw new TransformError(this.alias, record, message, field, cause);
  }
}
