/**
 * A compacted Kafka topic read as a log: every record from the beginning is handed to `onRecord` in order
 * (per partition), writes go through a producer, and `readToEnd()` resolves once everything written before
 * the call has been consumed — the read-your-writes step every internal store takes before it answers.
 *
 * Apache Kafka's KafkaBasedLog `assign()`s all partitions; kafkajs has no manual assignment, so we consume
 * with a private group id (unique per instance, never committed): the one member gets every partition and
 * starts from the earliest offset. Costs one group join at start.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../api/logger.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { KafkaConsumer } from '../kafka/kafka-consumer.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import type { ClientProps } from '../kafka/kafka-client-config.js';
import type { RecordAck } from '../kafka/kafka-record.js';

export interface LogRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  /** null = tombstone */
  readonly value: string | null;
}

export interface KafkaBasedLogOptions {
  readonly topic: string;
  /** Client properties (bootstrap.servers, security) shared by the consumer, producer and admin. */
  readonly clientProps: ClientProps;
  readonly log: Logger;
  /** Called for every record, in offset order per partition. */
  readonly onRecord: (record: LogRecord) => void;
  /** Producer property overrides (e.g. the status store's retries=0). */
  readonly producerProps?: ClientProps;
}

interface Waiter {
  readonly target: Map<number, number>;
  readonly resolve: () => void;
}

export class KafkaBasedLog {
  readonly topic: string;
  readonly #opts: KafkaBasedLogOptions;
  readonly #consumer: KafkaConsumer;
  readonly #producer: KafkaProducer;
  #lastSend: Promise<unknown> = Promise.resolve();
  readonly #admin: KafkaAdmin;
  /** Next offset to consume, per partition. */
  readonly #positions = new Map<number, number>();
  #waiters: Waiter[] = [];
  #started = false;
  #stopped?: Promise<void>;
  #crash?: Error;

  constructor(opts: KafkaBasedLogOptions) {
    this.topic = opts.topic;
    this.#opts = opts;
    const base = opts.clientProps;
    this.#consumer = new KafkaConsumer(
      { ...base, 'group.id': `tributary-log-${opts.topic}-${randomUUID()}`, 'auto.offset.reset': 'earliest', 'enable.auto.commit': 'false' },
      opts.log,
    );
    this.#producer = new KafkaProducer({ acks: 'all', ...base, ...(opts.producerProps ?? {}) }, opts.log);
    this.#admin = new KafkaAdmin(base, opts.log);
  }

  /** Starts consuming and reads the topic to its end (the topic must exist). */
  async start(): Promise<void> {
    if (this.#started) throw new Error(`log ${this.topic} already started`);
    this.#started = true;
    await this.#admin.connect();
    await this.#producer.connect();
    await this.#consumer.connect();
    this.#consumer.onCrash((err) => {
      this.#crash = err;
      this.#opts.log.error({ topic: this.topic, err }, 'internal topic reader stopped');
    });
    await this.#consumer.subscribe([this.topic]);
    await this.#consumer.run(async (batch) => {
      let last = -1;
      for (const r of batch.records) {
        this.#opts.onRecord({
          partition: r.partition,
          offset: r.offset,
          key: r.key === null ? null : r.key.toString('utf8'),
          value: r.value === null ? null : r.value.toString('utf8'),
        });
        last = r.offset;
      }
      if (last >= 0) {
        batch.resolve(last);
        this.#positions.set(batch.partition, last + 1);
        this.#checkWaiters();
      }
    });
    await this.readToEnd();
  }

  /** Resolves once every record written before this call has been passed to `onRecord`. */
  async readToEnd(): Promise<void> {
    if (this.#crash) throw this.#crash;
    const target = await this.#admin.endOffsets(this.topic);
    if (this.#reached(target)) return;
    await new Promise<void>((resolve) => {
      this.#waiters.push({ target, resolve });
    });
  }

  /** Writes records (a null value is a tombstone); resolves when the broker acknowledged them all. */
  /**
   * Appends in call order: each send waits for the one before it, so two quick writes of one key (RUNNING then
   * PAUSED) land in the log — which every reader replays — in the order they were made, as Kafka Connect's
   * in-order producer guarantees. Internal topics are low-rate; order matters more than overlap here.
   */
  send(records: ReadonlyArray<{ key: string; value: string | null }>): Promise<RecordAck[]> {
    const outgoing = records.map((r) => ({
      topic: this.topic,
      partition: null,
      key: Buffer.from(r.key, 'utf8'),
      value: r.value === null ? null : Buffer.from(r.value, 'utf8'),
      headers: [],
      timestamp: null,
    }));
    const sent = this.#lastSend.then(() => this.#producer.send(outgoing));
    this.#lastSend = sent.catch(() => undefined);
    return sent;
  }

  /** Next offset to consume on `partition` (0 before anything was read). */
  position(partition: number): number {
    return this.#positions.get(partition) ?? 0;
  }

  /** Idempotent; every client is closed even if one fails. */
  stop(): Promise<void> {
    return (this.#stopped ??= (async () => {
      for (const w of this.#waiters) w.resolve();
      this.#waiters = [];
      const results = await Promise.allSettled([
        this.#consumer.stop().then(() => this.#consumer.close()),
        this.#producer.close(),
        this.#admin.close(),
      ]);
      for (const r of results) if (r.status === 'rejected') this.#opts.log.warn({ topic: this.topic, err: r.reason }, 'closing internal topic client failed');
    })());
  }

  #reached(target: ReadonlyMap<number, number>): boolean {
    for (const [p, end] of target) if (this.position(p) < end) return false;
    return true;
  }

  #checkWaiters(): void {
    if (this.#waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (this.#reached(w.target)) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }
}
