/**
 * Drives one SinkTask directly: initialize → start → open(assignment) → put … → preCommit → close → stop,
 * as the runtime would. `commit()` computes the current offsets from what was `put` (last offset + 1 per
 * partition) and returns what `preCommit` said is safe to commit, so a test sees exactly what a worker
 * would commit to Kafka.
 */
import type { Logger } from '../api/logger.js';
import type { SinkRecord } from '../api/records.js';
import type { SinkTask } from '../api/sink-task.js';
import type { ConnectorProps, TaskClass } from '../api/task.js';
import { topicPartitionKey, type TopicPartition, type TopicPartitionOffset, type TopicPartitionOffsets } from '../api/topic-partition.js';
import { CollectingErrantRecordReporter } from './collecting-errant-record-reporter.js';
import { RecordingSinkTaskContext } from './recording-sink-task-context.js';

export interface SinkTaskHarnessOptions {
  /** Defaults to the partitions of the first `put`, i.e. [] at start. */
  readonly assignment?: readonly TopicPartition[];
  /** `'all'`/`'none'` gives the task an errant-record reporter with that tolerance; omitted = no DLQ configured. */
  readonly errantRecordTolerance?: 'all' | 'none';
  readonly log?: Logger;
}

export class SinkTaskHarness<T extends SinkTask = SinkTask> {
  readonly task: T;
  readonly context: RecordingSinkTaskContext;
  /** Offsets `preCommit` returned so far, by `topic-partition`: what the worker would have committed. */
  readonly committed = new Map<string, TopicPartitionOffset>();
  readonly #current = new Map<string, TopicPartitionOffset>();
  #stopped = false;

  private constructor(task: T, context: RecordingSinkTaskContext) {
    this.task = task;
    this.context = context;
  }

  static async start<T extends SinkTask>(
    task: T | TaskClass<T>,
    props: ConnectorProps,
    options: SinkTaskHarnessOptions = {},
  ): Promise<SinkTaskHarness<T>> {
    const instance = typeof task === 'function' ? new task() : task;
    const reporter = options.errantRecordTolerance ? new CollectingErrantRecordReporter(options.errantRecordTolerance) : null;
    const context = new RecordingSinkTaskContext(props, options.assignment ?? [], reporter, options.log);
    instance.initialize(context);
    await instance.start(props);
    if (context.assignment().length > 0) await instance.open(context.assignment());
    return new SinkTaskHarness(instance, context);
  }

  /** What the task set through `context.metrics` (same object as `context.metrics`). */
  get metrics() {
    return this.context.metrics;
  }

  /** Records the task reported through `context.errantRecordReporter()` (empty without a reporter). */
  get reported() {
    return this.context.reporter?.reported ?? [];
  }

  /** Hands a batch to `put`; partitions not assigned yet are opened first, as after a rebalance. */
  async put(records: readonly SinkRecord[]): Promise<void> {
    const known = new Set(this.context.assignment().map(topicPartitionKey));
    const fresh: TopicPartition[] = [];
    for (const r of records) {
      const tp = { topic: r.originalTopic, partition: r.originalKafkaPartition };
      const key = topicPartitionKey(tp);
      if (!known.has(key)) {
        known.add(key);
        fresh.push(tp);
      }
    }
    if (fresh.length > 0) {
      this.context.setAssignment([...this.context.assignment(), ...fresh]);
      await this.task.open(fresh);
    }
    await this.task.put(records);
    for (const r of records) {
      const tp = { topic: r.originalTopic, partition: r.originalKafkaPartition };
      this.#current.set(topicPartitionKey(tp), { ...tp, offset: r.originalKafkaOffset + 1 });
    }
  }

  /** What the worker's offset commit does: `preCommit(current offsets)`; returns (and records) what to commit. */
  async commit(): Promise<TopicPartitionOffsets> {
    const safe = await this.task.preCommit([...this.#current.values()]);
    for (const o of safe) this.committed.set(topicPartitionKey(o), o);
    return safe;
  }

  /** Closes the assigned partitions and stops the task (idempotent). No commit: call `commit()` first if wanted. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.task.close(this.context.assignment());
    await this.task.stop();
  }
}
