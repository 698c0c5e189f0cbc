/**
 * Drives one SourceTask directly, without a broker or worker: initialize → start → poll … → stop, as the
 * runtime would. Every polled record counts as acknowledged by Kafka: its offset is committed to the
 * harness's `MapOffsetStorageReader` and `commitRecord` is called with made-up metadata, so a second
 * harness started over the same reader shows whether the task resumes where it left off. Gauges the task
 * sets through `context.metrics` are kept in `metrics`, validated as the worker validates them.
 */
import type { Logger } from '../api/logger.js';
import { silentLogger } from '../api/logger.js';
import type { SourceRecord } from '../api/records.js';
import type { SourceTask, SourceTaskContext } from '../api/source-task.js';
import type { ConnectorProps, TaskClass } from '../api/task.js';
import { TaskGauges } from '../runtime/task-gauges.js';
import { MapOffsetStorageReader } from './map-offset-storage-reader.js';

export interface SourceTaskHarnessOptions {
  /** Offsets a previous run committed (shared between harnesses to test resuming). */
  readonly offsets?: MapOffsetStorageReader;
  readonly log?: Logger;
}

export class SourceTaskHarness<T extends SourceTask = SourceTask> {
  readonly task: T;
  readonly offsets: MapOffsetStorageReader;
  /** Every record polled so far, in order. */
  readonly records: SourceRecord[] = [];
  /** What the task set through `context.metrics` (`metrics.get(name, labels)`, `metrics.values()`). */
  readonly metrics = new TaskGauges();
  #nextOffset = new Map<string, number>();
  #stopped = false;

  private constructor(task: T, offsets: MapOffsetStorageReader) {
    this.task = task;
    this.offsets = offsets;
  }

  /** Creates (when given a class), initializes and starts the task. */
  static async start<T extends SourceTask>(
    task: T | TaskClass<T>,
    props: ConnectorProps,
    options: SourceTaskHarnessOptions = {},
  ): Promise<SourceTaskHarness<T>> {
    const instance = typeof task === 'function' ? new task() : task;
    const harness = new SourceTaskHarness(instance, options.offsets ?? new MapOffsetStorageReader());
    const context: SourceTaskContext = {
      configs: () => props,
      offsetStorageReader: harness.offsets,
      transactionContext: () => null,
      log: options.log ?? silentLogger,
      metrics: harness.metrics,
    };
    instance.initialize(context);
    await instance.start(props);
    return harness;
  }

  /** One `poll()`; the records are "acknowledged" (offsets committed, commitRecord called, then commit). */
  async poll(): Promise<SourceRecord[]> {
    const batch = (await this.task.poll()) ?? [];
    for (const r of batch) {
      this.records.push(r);
      if (r.sourcePartition !== null && r.sourceOffset !== null) this.offsets.commit(r.sourcePartition, r.sourceOffset);
      const partition = r.kafkaPartition ?? 0;
      const key = `${r.topic}\0${partition}`;
      const offset = this.#nextOffset.get(key) ?? 0;
      this.#nextOffset.set(key, offset + 1);
      await this.task.commitRecord(r, { topic: r.topic, partition, offset, timestamp: r.timestamp });
    }
    if (batch.length > 0) await this.task.commit();
    return batch;
  }

  /** Polls until at least `count` records arrived in total (`records`), or throws after `timeoutMs`. */
  async pollUntil(count: number, timeoutMs = 10_000): Promise<SourceRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.records.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms: ${this.records.length} of ${count} records polled`);
      }
      const batch = await this.poll();
      // A task that returns nothing at once would spin; yield to timers it may be waiting on.
      if (batch.length === 0) await new Promise((r) => setImmediate(r));
    }
    return this.records;
  }

  /** Stops the task (idempotent). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.task.stop();
  }
}
