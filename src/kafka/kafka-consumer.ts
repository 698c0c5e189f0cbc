/**
 * A thin group consumer over kafkajs for sink tasks, with the knobs at-least-once delivery needs and
 * nothing committed behind the runtime's back:
 *
 * - `autoCommit: false`: kafkajs never commits; the runtime commits exactly what `SinkTask.preCommit`
 *   returned, via `commit()`.
 * - `eachBatchAutoResolve: false`: the fetch position advances only over records the runtime `resolve`d,
 *   so a batch abandoned half-way (stop, seek) is fetched again rather than skipped.
 * - One batch at a time (`partitionsConsumedConcurrently: 1`), so task calls never overlap.
 *
 * kafkajs has no "partitions revoked" callback; assignment changes arrive as GROUP_JOIN events after the
 * rejoin. The runtime commits (best effort) on the REBALANCING event that precedes the rejoin, and closes the
 * partitions it lost after it, without committing them again (the new owner starts from the last committed
 * offset: duplicates at worst, never loss).
 */
import { Kafka, type Consumer, type EachBatchPayload, type IHeaders } from 'kafkajs';
import type { Logger } from '../api/logger.js';
import type { TopicPartition, TopicPartitionOffset } from '../api/topic-partition.js';
import { kafkaJsConfig, type ClientProps } from './kafka-client-config.js';
import { consumerOptions, fromBeginning } from './kafkajs-options.js';
import { kafkaJsLevel, kafkaJsLogCreator } from './kafkajs-logger.js';
import type { IncomingRecord, RawHeader } from './kafka-record.js';
import { registerCompressionCodecs } from './compression-codecs.js';

export interface ConsumerBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly IncomingRecord[];
  /** True once a seek made the rest of this batch obsolete. */
  isStale(): boolean;
  /** Keeps the group membership alive during long processing. */
  heartbeat(): Promise<void>;
  /** Marks records up to `offset` (inclusive) as consumed: the next fetch starts after it. */
  resolve(offset: number): void;
}

export class KafkaConsumer {
  readonly groupId: string;
  readonly clientId: string;
  readonly #consumer: Consumer;
  readonly #fromBeginning: boolean;
  #assignmentListeners: Array<(assignment: TopicPartition[]) => void> = [];
  #crashListeners: Array<(err: Error) => void> = [];
  #rebalanceListeners: Array<() => void> = [];
  #connected = false;
  #closed?: Promise<void>;

  constructor(props: ClientProps, log: Logger) {
    registerCompressionCodecs();
    const config = kafkaJsConfig(props, props['client.id'] ?? 'tributary-consumer');
    this.clientId = config.clientId ?? 'tributary-consumer';
    this.groupId = props['group.id'] ?? 'connect-unknown';
    const kafka = new Kafka({ ...config, logLevel: kafkaJsLevel(log), logCreator: kafkaJsLogCreator(log) });
    this.#consumer = kafka.consumer(consumerOptions(props, this.groupId));
    this.#fromBeginning = fromBeginning(props);
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, (e) => {
      const assignment: TopicPartition[] = [];
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
        for (const partition of partitions) assignment.push({ topic, partition });
      }
      for (const l of this.#assignmentListeners) l(assignment);
    });
    this.#consumer.on(this.#consumer.events.REBALANCING, () => {
      for (const l of this.#rebalanceListeners) l();
    });
    this.#consumer.on(this.#consumer.events.CRASH, (e) => {
      if (e.payload.restart) return; // kafkajs restarts itself after retriable crashes
      for (const l of this.#crashListeners) l(e.payload.error);
    });
  }

  /** Called with the full new assignment after every (re)join. */
  onAssignment(listener: (assignment: TopicPartition[]) => void): void {
    this.#assignmentListeners.push(listener);
  }

  /**
   * Called when kafkajs noticed a rebalance and is about to rejoin. The old generation can still commit
   * until the join completes, so this is the (best-effort) moment to commit before partitions move.
   */
  onRebalancing(listener: () => void): void {
    this.#rebalanceListeners.push(listener);
  }

  /** Called when the consumer stopped for good on an error. */
  onCrash(listener: (err: Error) => void): void {
    this.#crashListeners.push(listener);
  }

  async connect(): Promise<void> {
    await this.#consumer.connect();
    this.#connected = true;
  }

  /**
   * Topic names, or a regex (matched against the topics that exist when `run` starts). A named topic that
   * does not exist yet (and is not auto-created) is waited for, as a Java consumer does, until `signal` aborts.
   */
  async subscribe(topics: readonly string[] | RegExp, signal?: AbortSignal, onWaiting?: (err: Error) => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#consumer.subscribe({ topics: topics instanceof RegExp ? [topics] : [...topics], fromBeginning: this.#fromBeginning });
        return;
      } catch (err) {
        const type = (err as { type?: string }).type;
        if (signal?.aborted) return; // stopping: the caller checks its own signal
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
        onWaiting?.(err as Error);
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(5000, 200 * 2 ** Math.min(attempt, 5)));
          signal?.addEventListener('abort', done, { once: true });
        });
        if (signal?.aborted) return;
      }
    }
  }

  async run(onBatch: (batch: ConsumerBatch) => Promise<void>): Promise<void> {
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async (p: EachBatchPayload) => {
        const { topic, partition } = p.batch;
        const msgs = p.batch.messages;
        const records: IncomingRecord[] = new Array(msgs.length);
        for (let i = 0; i < msgs.length; i++) {
          const m = msgs[i]!;
          const ctx = (m as unknown as { batchContext?: { timestampType?: number } }).batchContext;
          records[i] = {
            topic,
            partition,
            offset: Number(m.offset),
            key: m.key,
            value: m.value,
            headers: fromKafkaJsHeaders(m.headers),
            timestamp: Number(m.timestamp),
            timestampType: ctx?.timestampType === 1 ? 'LogAppendTime' : 'CreateTime',
          };
        }
        await onBatch({
          topic,
          partition,
          records,
          isStale: p.isStale,
          heartbeat: p.heartbeat,
          resolve: (offset) => p.resolveOffset(String(offset)),
        });
      },
    });
  }

  pause(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#consumer.pause(group(partitions));
  }

  resume(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#consumer.resume(group(partitions));
  }

  /** Fetch `tp` from `offset` next (an assigned partition only). */
  seek(tp: TopicPartition, offset: number): void {
    this.#consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
  }

  /** Commits these next-offsets for the group (the consumer must be running and own the partitions). */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.#consumer.commitOffsets(
      offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset), ...(o.metadata ? { metadata: o.metadata } : {}) })),
    );
  }

  /** Stops fetching and leaves the group; waits for the running batch handler to return. */
  async stop(): Promise<void> {
    await this.#consumer.stop();
  }

  /** Idempotent. */
  close(): Promise<void> {
    return (this.#closed ??= this.#connected ? this.#consumer.disconnect() : Promise.resolve());
  }
}

function group(partitions: readonly TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const byTopic = new Map<string, number[]>();
  for (const tp of partitions) {
    let list = byTopic.get(tp.topic);
    if (list === undefined) byTopic.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  return [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps }));
}

const NO_HEADERS: readonly RawHeader[] = [];

function fromKafkaJsHeaders(h: IHeaders | undefined): readonly RawHeader[] {
  if (h === undefined) return NO_HEADERS;
  const out: RawHeader[] = [];
  for (const key in h) {
    const v = h[key];
    if (Array.isArray(v)) for (const x of v) out.push({ key, value: toBytes(x) });
    else out.push({ key, value: toBytes(v) });
  }
  return out.length === 0 ? NO_HEADERS : out;
}

function toBytes(v: Buffer | string | undefined | null): Buffer | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? Buffer.from(v) : v;
}
