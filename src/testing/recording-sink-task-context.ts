import type { Logger } from '../api/logger.js';
import { silentLogger } from '../api/logger.js';
import type { ErrantRecordReporter, SinkTaskContext } from '../api/sink-task.js';
import type { ConnectorProps } from '../api/task.js';
import { TaskGauges } from '../runtime/task-gauges.js';
import { topicPartitionKey, type TopicPartition, type TopicPartitionOffset } from '../api/topic-partition.js';
import type { CollectingErrantRecordReporter } from './collecting-errant-record-reporter.js';

/**
 * A SinkTaskContext that records what the task asked of the runtime — rewinds (`offset`), `timeout`,
 * `pause`/`resume`, `requestCommit`, gauges set through `metrics` — so a unit test can assert on it.
 */
export class RecordingSinkTaskContext implements SinkTaskContext {
  readonly log: Logger;
  /** What the task set through `context.metrics` (`metrics.get(name, labels)`, `metrics.values()`). */
  readonly metrics = new TaskGauges();
  /** Offsets the task asked to consume from next, by `topic-partition`. */
  readonly requestedOffsets = new Map<string, number>();
  readonly #paused = new Map<string, TopicPartition>();
  /** The last `timeout(ms)` the task set, or null. */
  timeoutMs: number | null = null;
  /** How many times the task called `requestCommit()`. */
  commitRequests = 0;
  #assignment: TopicPartition[];

  constructor(
    readonly props: ConnectorProps,
    assignment: readonly TopicPartition[],
    readonly reporter: CollectingErrantRecordReporter | null,
    log: Logger = silentLogger,
  ) {
    this.#assignment = [...assignment];
    this.log = log;
  }

  configs(): ConnectorProps {
    return this.props;
  }

  offset(tpOrOffsets: TopicPartition | readonly TopicPartitionOffset[], offset?: number): void {
    if (Array.isArray(tpOrOffsets)) {
      for (const o of tpOrOffsets as readonly TopicPartitionOffset[]) this.requestedOffsets.set(topicPartitionKey(o), o.offset);
    } else {
      this.requestedOffsets.set(topicPartitionKey(tpOrOffsets as TopicPartition), offset!);
    }
  }

  timeout(ms: number): void {
    this.timeoutMs = ms;
  }

  assignment(): readonly TopicPartition[] {
    return this.#assignment;
  }

  /** Changes the assignment the task sees (the harness calls open/close around it). */
  setAssignment(partitions: readonly TopicPartition[]): void {
    this.#assignment = [...partitions];
  }

  pause(...partitions: TopicPartition[]): void {
    for (const tp of partitions) this.#paused.set(topicPartitionKey(tp), tp);
  }

  resume(...partitions: TopicPartition[]): void {
    for (const tp of partitions) this.#paused.delete(topicPartitionKey(tp));
  }

  /** The partitions paused right now. */
  paused(): TopicPartition[] {
    return [...this.#paused.values()];
  }

  requestCommit(): void {
    this.commitRequests++;
  }

  errantRecordReporter(): ErrantRecordReporter | null {
    return this.reporter?.report ?? null;
  }
}
