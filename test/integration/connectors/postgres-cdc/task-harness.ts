/**
 * Drives a PostgresCdcTask the way the runtime does, without Kafka: poll → commitRecord for each record →
 * store the last record's offset (an in-memory offset store) → commit(). Lets tests control exactly which
 * offsets are committed, and restart a task from them.
 */
import {
  silentLogger,
  type OffsetStorageReader,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
  type SourceTaskContext,
} from '../../../../src/api/index.js';
import { PostgresCdcTask } from '../../../../connectors/postgres-cdc/postgres-cdc-task.js';
import { TaskGauges } from '../../../../src/testing/index.js';

export class MapOffsetStore implements OffsetStorageReader {
  readonly map = new Map<string, SourceOffset>();

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    const v = this.map.get(JSON.stringify(partition));
    // Round-trip through JSON as a real store does.
    return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as SourceOffset);
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const out = new Map<SourcePartition, SourceOffset | null>();
    for (const p of partitions) out.set(p, await this.offset(p));
    return out;
  }

  put(partition: SourcePartition, offset: SourceOffset): void {
    this.map.set(JSON.stringify(partition), offset);
  }
}

/** TaskGauges that also keep every value set, in order (to check how progress moved). */
export class RecordingGauges extends TaskGauges {
  readonly history: { name: string; value: number; labels: Readonly<Record<string, string>> }[] = [];

  override setGauge(name: string, value: number, labels: Readonly<Record<string, string>> = {}): void {
    this.history.push({ name, value, labels });
    super.setGauge(name, value, labels);
  }

  /** Values set for `name` with label table=`table`, in order. */
  valuesOf(name: string, table: string): number[] {
    return this.history.filter((h) => h.name === name && h.labels.table === table).map((h) => h.value);
  }
}

export class TaskHarness {
  readonly task = new PostgresCdcTask();
  readonly received: SourceRecord[] = [];
  /** What the task reported through context.metrics. */
  readonly metrics = new RecordingGauges();

  constructor(
    readonly props: Record<string, string>,
    readonly store = new MapOffsetStore(),
  ) {
    const context: SourceTaskContext = {
      configs: () => props,
      offsetStorageReader: store,
      transactionContext: () => null,
      log: silentLogger,
      metrics: this.metrics,
    };
    this.task.initialize(context);
  }

  async start(): Promise<this> {
    await this.task.start(this.props);
    return this;
  }

  /** Polls until `count` more records arrived (or throws after the deadline). */
  async pollFor(count: number, timeoutMs = 20_000): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out: got ${out.length} of ${count} records: ${JSON.stringify(out.map((r) => r.topic))}`);
      const batch = await this.task.poll();
      if (batch !== null) out.push(...batch);
    }
    this.received.push(...out);
    return out;
  }

  /** Polls until the task is idle for `quietMs`, returning what arrived. */
  async pollQuiet(quietMs = 1500): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    let lastAt = Date.now();
    while (Date.now() - lastAt < quietMs) {
      const batch = await this.task.poll();
      if (batch !== null && batch.length > 0) {
        out.push(...batch);
        lastAt = Date.now();
      }
    }
    this.received.push(...out);
    return out;
  }

  /** As the runtime after Kafka acknowledged `records` and the offset flush stored the last one's offset. */
  async commit(records: readonly SourceRecord[]): Promise<void> {
    for (const r of records) await this.task.commitRecord(r, { topic: r.topic, partition: 0, offset: 0, timestamp: null });
    const last = records[records.length - 1];
    if (last?.sourceOffset && last.sourcePartition) this.store.put(last.sourcePartition, last.sourceOffset);
    await this.task.commit();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }
}

export async function waitUntil(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
