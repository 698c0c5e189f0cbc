import { Connector, type ConnectorContext } from './connector.js';
import type { OffsetStorageReader, SourcePartitionOffset } from './offset-storage-reader.js';
import type { SourceTask } from './source-task.js';
import type { ConnectorProps, MaybePromise, TaskClass } from './task.js';

export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED';
export type ConnectorTransactionBoundaries = 'SUPPORTED' | 'UNSUPPORTED';

export interface SourceConnectorContext extends ConnectorContext {
  readonly offsetStorageReader: OffsetStorageReader;
}

/** A connector whose tasks read from an external system into Kafka. */
export abstract class SourceConnector extends Connector {
  override readonly kind = 'source' as const;

  override initialize(context: SourceConnectorContext): void {
    super.initialize(context);
  }

  protected override get context(): SourceConnectorContext {
    return super.context as SourceConnectorContext;
  }

  abstract override taskClass(): TaskClass<SourceTask>;

  /** Whether this config can run with exactly-once delivery; null = unknown (the worker then refuses when it is required). */
  exactlyOnceSupport(_props: ConnectorProps): MaybePromise<ExactlyOnceSupport | null> {
    return null;
  }

  /** Whether tasks can define their own transaction boundaries (`transaction.boundary=connector`). */
  canDefineTransactionBoundaries(_props: ConnectorProps): MaybePromise<ConnectorTransactionBoundaries> {
    return 'UNSUPPORTED';
  }

  /**
   * Called when a user alters or resets offsets over REST (a null offset erases that partition). Return
   * true if the connector handled it (e.g. also reset external state); false = not supported, which the
   * worker treats as "only Kafka's offsets changed".
   */
  alterOffsets(_props: ConnectorProps, _offsets: readonly SourcePartitionOffset[]): MaybePromise<boolean> {
    return false;
  }
}
