import type { Logger } from './logger.js';
import type { OffsetStorageReader } from './offset-storage-reader.js';
import type { SourceRecord } from './records.js';
import { Task, type ConnectorProps, type MaybePromise } from './task.js';
import { ConnectError } from './errors.js';
import type { TaskMetrics } from './task-metrics.js';
import { withTaskMetrics } from './with-task-metrics.js';

/** Where the producer wrote a record (handed to `commitRecord` once Kafka acknowledged it). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}

/** Lets a task define transaction boundaries itself (exactly-once, `transaction.boundary=connector`). */
export interface TransactionContext {
  /** Commit after the next poll batch, or right after `record` when given. */
  commitTransaction(record?: SourceRecord): void;
  /** Abort after the next poll batch, or right after `record` when given. */
  abortTransaction(record?: SourceRecord): void;
}

export type TransactionBoundary = 'poll' | 'interval' | 'connector';

export interface SourceTaskContext {
  /** The task's config (as given to `start`). */
  configs(): ConnectorProps;
  readonly offsetStorageReader: OffsetStorageReader;
  /** Non-null only with exactly-once support and `transaction.boundary=connector`. */
  transactionContext(): TransactionContext | null;
  /** Already bound to `{ connector, task }`. */
  readonly log: Logger;
  /**
   * Gauges about the task's own progress (`GET /metrics`, task status). The runtime and the test kit always
   * set it; a context built by hand without it gets a no-op, so `this.context.metrics` is always there.
   */
  readonly metrics?: TaskMetrics;
}

/**
 * Reads from the external system. The runtime calls `poll()` in a loop; each returned record carries
 * its `sourcePartition`/`sourceOffset`, which the runtime commits once Kafka has the record — so a
 * restarted task resumes from `context.offsetStorageReader`.
 */
export abstract class SourceTask extends Task {
  static readonly TRANSACTION_BOUNDARY_CONFIG = 'transaction.boundary';
  override readonly kind = 'source' as const;
  #context: (SourceTaskContext & { readonly metrics: TaskMetrics }) | undefined;

  /** Called by the runtime once, before `start`. */
  initialize(context: SourceTaskContext): void {
    this.#context = withTaskMetrics(context);
  }

  protected get context(): SourceTaskContext & { readonly metrics: TaskMetrics } {
    if (this.#context === undefined) {
      throw new ConnectError(`${this.constructor.name}: context used before initialize(context) was called`, { code: 'TRIB_LIFECYCLE' });
    }
    return this.#context;
  }

  /**
   * New records, or `null`/`[]` when there are none yet. Wait a little for data rather than spin, but
   * return soon after `stop()` is called. Throw `RetriableError` for transient failures.
   */
  abstract poll(): Promise<SourceRecord[] | null>;

  /** Called after source offsets were flushed; e.g. acknowledge upstream up to them. */
  commit(): MaybePromise<void> {}

  /**
   * Called for each record once Kafka acknowledged it; `metadata` is null when a transform dropped the
   * record (it then never reached Kafka, but its offset still counts as done).
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): MaybePromise<void> {}
}
