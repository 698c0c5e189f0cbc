import { ConnectError } from './errors.js';
import type { Logger } from './logger.js';
import type { SinkRecord } from './records.js';
import { Task, type ConnectorProps, type MaybePromise } from './task.js';
import type { TaskMetrics } from './task-metrics.js';
import { withTaskMetrics } from './with-task-metrics.js';
import type { TopicPartition, TopicPartitionOffset, TopicPartitionOffsets } from './topic-partition.js';

/**
 * Sends one bad record to the dead-letter queue (per `errors.tolerance`/`errors.deadletterqueue.*`)
 * and lets the task carry on. The promise settles when the report is durable. If tolerance is `none`
 * it rejects, and the task fails.
 */
export type ErrantRecordReporter = (record: SinkRecord, error: Error) => Promise<void>;

export interface SinkTaskContext {
  /** The task's config (as given to `start`). */
  configs(): ConnectorProps;
  /** Rewind or skip: consume `tp` from `offset` next (e.g. offsets the sink stored itself). */
  offset(tp: TopicPartition, offset: number): void;
  offset(offsets: readonly TopicPartitionOffset[]): void;
  /** After a `RetriableError` from `put`, redeliver the same batch after `ms` instead of the default backoff. */
  timeout(ms: number): void;
  /** The partitions currently assigned to this task. */
  assignment(): readonly TopicPartition[];
  /** Stop fetching these partitions (e.g. downstream is full) until `resume`. */
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Ask for an offset commit (flush/preCommit) soon, instead of waiting for the interval. */
  requestCommit(): void;
  /** The DLQ reporter, or null when error reporting is not configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
  /** Already bound to `{ connector, task }`. */
  readonly log: Logger;
  /**
   * Gauges about the task's own progress (`GET /metrics`, task status). The runtime and the test kit always
   * set it; a context built by hand without it gets a no-op, so `this.context.metrics` is always there.
   */
  readonly metrics?: TaskMetrics;
}

/**
 * Writes Kafka records to the external system. `put` receives batches; offsets are committed only for
 * what `preCommit` returns (by default: everything, after `flush`), so nothing is acknowledged before it
 * is durable downstream.
 */
export abstract class SinkTask extends Task {
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';
  override readonly kind = 'sink' as const;
  #context: (SinkTaskContext & { readonly metrics: TaskMetrics }) | undefined;

  /** Called by the runtime once, before `start`. */
  initialize(context: SinkTaskContext): void {
    this.#context = withTaskMetrics(context);
  }

  protected get context(): SinkTaskContext & { readonly metrics: TaskMetrics } {
    if (this.#context === undefined) {
      throw new ConnectError(`${this.constructor.name}: context used before initialize(context) was called`, { code: 'TRIB_LIFECYCLE' });
    }
    return this.#context;
  }

  /** New partitions were assigned (after a rebalance, and at start). */
  open(_partitions: readonly TopicPartition[]): MaybePromise<void> {}

  /** Partitions are being taken away: write out what is buffered for them. */
  close(_partitions: readonly TopicPartition[]): MaybePromise<void> {}

  /**
   * A batch of records (possibly empty). Buffering is allowed; make it durable in `flush`/`preCommit`.
   * Throw `RetriableError` to have the same batch redelivered.
   */
  abstract put(records: readonly SinkRecord[]): MaybePromise<void>;

  /** Make everything `put` so far durable. `currentOffsets` are the next offsets after those records. */
  flush(_currentOffsets: TopicPartitionOffsets): MaybePromise<void> {}

  /**
   * The offsets safe to commit. Default: `flush` then all of `currentOffsets`. Sinks that write
   * asynchronously return only what is durable (or `[]` to commit nothing now).
   */
  async preCommit(currentOffsets: TopicPartitionOffsets): Promise<TopicPartitionOffsets> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }
}
