/**
 * Runs one SourceTask: poll → SMT chain → converters → producer, with
 *
 * - backpressure: at most `maxInFlight` records between poll and Kafka's ack; when Kafka is slow the loop
 *   stops polling, so memory stays bounded;
 * - ordered sends: one produce request in flight per task by default (Kafka Connect's
 *   max.in.flight.requests.per.connection=1; a higher producer setting allows more); records polled meanwhile
 *   are batched into the next request, which is where throughput comes from;
 * - offsets: every `offset.flush.interval.ms` and on stop, each source partition's newest offset whose record
 *   *and every record before it* Kafka acknowledged goes to the offset store (SubmittedRecords), then
 *   `task.commit()`. Records dropped by an SMT or tolerated failures count as done (`commitRecord(r, null)`).
 */
import { RetriableError } from '../../api/errors.js';
import type { OffsetStorageReader } from '../../api/offset-storage-reader.js';
import type { SourceRecord } from '../../api/records.js';
import type { RecordMetadata, SourceTask } from '../../api/source-task.js';
import type { Logger } from '../../api/logger.js';
import type { KafkaAdmin } from '../../kafka/kafka-admin.js';
import type { OutgoingRecord, RecordAck } from '../../kafka/kafka-record.js';
import type { OffsetBackingStore } from '../../storage/offset-backing-store.js';
import { offsetKey, offsetValue } from '../../storage/offset-key.js';
import { systemClock, type Clock } from '../clock.js';
import { dlqCounts } from '../errors/dlq-reporter.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { ProcessingContext } from '../errors/processing-context.js';
import { RetryWithTolerance, type ErrorCounters, type ErrorPolicyConfig } from '../errors/retry-with-tolerance.js';
import { Notifier } from '../notifier.js';
import { closeAll } from '../service.js';
import type { State, TargetState, TaskId } from '../status.js';
import type { TaskConverters } from '../task-converters.js';
import type { TransformChain } from '../transform-chain.js';
import { WorkerTask, type CommitLag, type DlqCounts } from '../worker-task.js';
import { convertSourceRecord } from './convert-source-record.js';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.js';
import type { TopicCreation } from './topic-creation.js';

/** What the producer side needs (KafkaProducer fits). */
export interface SourceProducer {
  send(records: readonly OutgoingRecord[]): Promise<RecordAck[]>;
  close(): Promise<void>;
  /** Compressed / uncompressed bytes lately (KafkaProducer has it); requests are sized by the compressed bytes. */
  compressionRatio?(): number;
}

export interface WorkerSourceTaskOptions {
  readonly id: TaskId;
  readonly task: SourceTask;
  readonly taskClass: string;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly converters: TaskConverters;
  readonly chain: TransformChain;
  readonly errorPolicy: ErrorPolicyConfig;
  readonly reporters: readonly ErrorReporter[];
  readonly producer: SourceProducer;
  readonly admin: KafkaAdmin | null;
  readonly topicCreation: TopicCreation | null;
  readonly offsetStore: OffsetBackingStore;
  readonly offsetReader: OffsetStorageReader;
  readonly log: Logger;
  readonly flushIntervalMs: number;
  readonly flushTimeoutMs: number;
  readonly maxInFlight: number;
  /**
   * Cap on the record bytes of one produce request, before compression (default 1,000,000: under the
   * broker's default message.max.bytes of 1 MiB + 12 for a one-partition batch; the producer splits a send
   * that still encodes past max.request.size). With compression it is divided by the last compression ratio.
   */
  readonly maxRequestBytes?: number;
  /**
   * Produce requests in flight at once (the producer's max.in.flight.requests.per.connection; default 1 as
   * Kafka Connect, which keeps order even when a request is retried). Offsets stay correct either way.
   */
  readonly maxConcurrentSends?: number;
  /** How long a retriable send failure is retried (producer delivery.timeout.ms; default forever, as Connect). */
  readonly deliveryTimeoutMs?: number;
  /** Cap on the records of one produce request (default 1000; see MAX_REQUEST_RECORDS). */
  readonly maxRequestRecords?: number;
  readonly initialTarget: TargetState;
  readonly onStatus: (state: State, trace?: string) => void;
  readonly clock?: Clock;
  /** Called with the topic of acknowledged records (topic tracking; consecutive repeats skipped). */
  readonly onTopic?: (topic: string) => void;
}

/**
 * Records per produce request. kafkajs groups a request's messages per partition in time quadratic in their
 * number (it copies the list for every message), so a few thousand per request is the sweet spot.
 */
const MAX_REQUEST_RECORDS = 1000;

interface Pending {
  readonly source: SourceRecord;
  readonly submitted: SubmittedRecord;
}

export class WorkerSourceTask extends WorkerTask {
  readonly kind = 'source' as const;
  readonly #o: WorkerSourceTaskOptions;
  readonly #clock: Clock;
  readonly #policy: RetryWithTolerance;
  readonly #ctx = new ProcessingContext();
  readonly #submitted = new SubmittedRecords();
  readonly #acked = new Notifier();
  #pending: OutgoingRecord[] = [];
  #pendingMeta: Pending[] = [];
  /** Records before this index of #pending/#pendingMeta were already handed to a send. */
  #pendingHead = 0;
  #pendingBytes = 0;
  /** Produce requests in flight (at most `maxConcurrentSends`). */
  #sending = 0;
  #committing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #taskStarted = false;
  #taskStop: Promise<void> | undefined;

  /** Observability (and tests): records polled / acked / dropped, highest in-flight seen, produce requests started. */
  readonly stats = { polled: 0, written: 0, dropped: 0, maxInFlightSeen: 0, commits: 0, sendRetries: 0, requests: 0 };
  /** The error policy's failure/retry/skip counts (exported by GET /metrics). */
  get errorCounters(): Readonly<ErrorCounters> {
    return this.#policy.counters;
  }

  constructor(options: WorkerSourceTaskOptions) {
    super(options.id, options.log, options.initialTarget, options.onStatus);
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#policy = new RetryWithTolerance(options.errorPolicy, options.reporters, this.stopSignal.signal, { clock: this.#clock });
  }

  get inFlight(): number {
    return this.#submitted.inFlight;
  }

  commitLag(): CommitLag {
    return { records: this.#submitted.uncommitted, oldestAt: this.#submitted.oldestUncommittedAt() };
  }

  get dlq(): DlqCounts {
    return dlqCounts(this.#o.reporters);
  }

  protected async execute(): Promise<void> {
    const o = this.#o;
    o.task.initialize({
      configs: () => o.taskConfig,
      offsetStorageReader: o.offsetReader,
      transactionContext: () => null,
      log: o.log,
      metrics: this.metrics,
    });
    await o.task.start(o.taskConfig);
    this.#taskStarted = true;
    this.log.info('Source task started');
    this.reportStarted();
    this.#timer = setInterval(() => {
      this.commitOffsets(false).catch((err: unknown) => this.log.error({ err }, 'offset commit failed'));
    }, o.flushIntervalMs);

    let pollFailures = 0;
    while (!this.stopping) {
      if (this.paused) {
        await this.targetChanged.wait(this.stopSignal.signal);
        continue;
      }
      if (this.#submitted.inFlight >= o.maxInFlight) {
        await this.#acked.wait(this.stopSignal.signal);
        continue;
      }
      let records: SourceRecord[] | null;
      try {
        records = (await this.untilCancelled(o.task.poll())) ?? null;
        pollFailures = 0;
      } catch (err) {
        // As Kafka Connect: a RetriableError from poll() is logged and poll() is called again (with a short,
        // growing pause so a broken source doesn't spin). Anything else fails the task.
        if (!(err instanceof RetriableError) || this.stopping) throw err;
        this.log.warn({ err, stage: 'TASK_POLL' }, 'poll() failed with a retriable error; polling again');
        await this.#clock.sleep(Math.min(1000, 50 * 2 ** Math.min(pollFailures++, 5)), this.stopSignal.signal);
        continue;
      }
      if (records === null || records.length === 0) continue;
      await this.#process(records);
    }
    if (this.fatal) throw this.fatal;
  }

  async #process(records: readonly SourceRecord[]): Promise<void> {
    const o = this.#o;
    const ctx = this.#ctx;
    this.stats.polled += records.length;
    this.batchSizes.observe(records.length);
    const now = this.#clock.now();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      ctx.resetFor(null, r);
      let out: OutgoingRecord | undefined;
      for (;;) {
        const t = o.chain.size === 0 ? r : o.chain.apply(r, this.#policy, ctx);
        out = t === null ? undefined : convertSourceRecord(t, o.converters, this.#policy, ctx);
        if (!ctx.retrying) break;
        // a RetriableError in an SMT/converter: back off, then redo the record (errors.retry.*). When stopping,
        // the rest of the batch is dropped unsubmitted: its offsets are never committed, so it is polled again.
        if (!(await this.#policy.awaitRetry(ctx))) return;
      }
      const submitted = this.#submitted.submit(r.sourcePartition, r.sourceOffset, now);
      if (out === undefined) {
        // dropped by an SMT, or a tolerated failure (already reported): its offset counts as done
        this.#submitted.ack(submitted);
        this.stats.dropped++;
        this.#commitRecord(r, null);
        continue;
      }
      this.#pending.push(out);
      this.#pendingMeta.push({ source: r, submitted });
      this.#pendingBytes += requestBytes(out);
    }
    if (this.#submitted.inFlight > this.stats.maxInFlightSeen) this.stats.maxInFlightSeen = this.#submitted.inFlight;
    this.#pump();
  }

  /** Starts produce requests while fewer than `maxConcurrentSends` are in flight and records are pending. */
  #pump(): void {
    while (this.#sending < (this.#o.maxConcurrentSends ?? 1) && this.#pending.length > this.#pendingHead && !this.cancelSignal.signal.aborted) this.#sendNext();
  }

  #sendNext(): void {
    const cap = requestByteCap(this.#o.maxRequestBytes ?? 1000 * 1000, this.#o.producer.compressionRatio?.() ?? 1);
    const maxRecords = this.#o.maxRequestRecords ?? MAX_REQUEST_RECORDS;
    const head = this.#pendingHead;
    const waiting = this.#pending.length - head;
    let n = Math.min(waiting, maxRecords);
    let batchBytes = -1;
    if (this.#pendingBytes > cap) {
      batchBytes = 0;
      for (n = 0; n < waiting && n < maxRecords; n++) {
        const b = requestBytes(this.#pending[head + n]!);
        if (batchBytes + b > cap && n > 0) break;
        batchBytes += b;
      }
    }
    let batch: OutgoingRecord[];
    let meta: Pending[];
    if (head === 0 && n === this.#pending.length) {
      batch = this.#pending;
      meta = this.#pendingMeta;
      this.#pending = [];
      this.#pendingMeta = [];
      this.#pendingBytes = 0;
    } else {
      batch = this.#pending.slice(head, head + n);
      meta = this.#pendingMeta.slice(head, head + n);
      // Subtract what leaves rather than re-summing what stays: O(batch), not O(pending), per request.
      if (batchBytes < 0) batchBytes = batch.reduce((sum, r) => sum + requestBytes(r), 0);
      this.#pendingBytes -= batchBytes;
      // The queue advances a head index instead of copying what stays (that copy was 22 % of the worker's
      // allocations with thousands of records waiting); the sent prefix is dropped once it is most of the array.
      this.#pendingHead = head + n;
      if (this.#pendingHead === this.#pending.length) {
        this.#pending = [];
        this.#pendingMeta = [];
        this.#pendingHead = 0;
      } else if (this.#pendingHead >= 4096 && this.#pendingHead * 2 >= this.#pending.length) {
        this.#pending = this.#pending.slice(this.#pendingHead);
        this.#pendingMeta = this.#pendingMeta.slice(this.#pendingHead);
        this.#pendingHead = 0;
      }
    }
    this.#sending++;
    this.stats.requests++;
    void this.#send(batch, meta).finally(() => {
      this.#sending--;
      this.#acked.notify();
      this.#pump();
    });
  }

  async #send(batch: OutgoingRecord[], meta: Pending[]): Promise<void> {
    let acks: RecordAck[];
    const deadline = this.#clock.now() + (this.#o.deliveryTimeoutMs ?? Infinity);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#createTopics(batch);
        acks = await this.#o.producer.send(batch);
        break;
      } catch (err) {
        // Kafka Connect's producer retries a retriable failure until delivery.timeout.ms ("forever" by
        // default), so an unavailable cluster stalls the task instead of failing it. When stopping, the batch
        // stays unacknowledged: its offsets are not committed and it is sent again after a restart.
        if (err instanceof RetriableError && !this.stopping && this.#clock.now() < deadline) {
          this.stats.sendRetries++;
          const wait = Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
          this.log.warn({ err, stage: 'KAFKA_PRODUCE', records: batch.length, retryInMs: wait }, 'send failed; retrying');
          await this.#clock.sleep(wait, this.stopSignal.signal);
          continue;
        }
        if (this.stopping && err instanceof RetriableError) return;
        this.#produceFailed(err as Error, meta);
        return;
      }
    }
    const onTopic = this.#o.onTopic;
    let lastTopic: string | undefined;
    for (let i = 0; i < meta.length; i++) {
      const m = meta[i]!;
      this.#submitted.ack(m.submitted);
      const a = acks[i]!;
      if (onTopic !== undefined && a.topic !== lastTopic) onTopic((lastTopic = a.topic));
      this.#commitRecord(m.source, a); // a RecordAck is a RecordMetadata: no copy per record
    }
    this.stats.written += meta.length;
  }

  #produceFailed(err: Error, meta: Pending[]): void {
    const ctx = new ProcessingContext().resetFor(null, meta[0]?.source ?? null);
    if (this.#policy.toleratesAll) {
      // As Kafka Connect with errors.tolerance=all: the failed send is logged and its records skipped.
      this.log.error({ err, stage: 'KAFKA_PRODUCE', records: meta.length }, 'failed to send records; skipped (errors.tolerance=all)');
      for (const m of meta) {
        this.#submitted.ack(m.submitted);
        this.#commitRecord(m.source, null);
      }
      this.stats.dropped += meta.length;
      return;
    }
    ctx.stage = 'KAFKA_PRODUCE';
    const e = new Error(`failed to send ${meta.length} record(s) to Kafka (${ctx.describeRecord()}): ${err.message}`, { cause: err });
    this.failWith(e);
  }

  async #createTopics(batch: readonly OutgoingRecord[]): Promise<void> {
    const tc = this.#o.topicCreation;
    const admin = this.#o.admin;
    if (tc === null || admin === null) return;
    for (const r of batch) {
      if (!tc.isNew(r.topic)) continue;
      const spec = tc.newTopic(r.topic);
      const created = await admin.createTopicIfMissing(spec);
      if (created) this.log.info({ topic: r.topic, group: spec.group, partitions: spec.partitions }, 'created topic (topic.creation)');
      tc.markKnown(r.topic);
    }
  }

  #commitRecord(r: SourceRecord, meta: RecordMetadata | null): void {
    try {
      const p = this.#o.task.commitRecord(r, meta);
      if (p instanceof Promise) p.catch((err: unknown) => this.log.warn({ err }, 'commitRecord failed'));
    } catch (err) {
      this.log.warn({ err }, 'commitRecord failed');
    }
  }

  /**
   * Writes the committable offsets to the store, then calls task.commit(). With `final`, first waits (up to
   * offset.flush.timeout.ms) for every outstanding record to be acknowledged. Concurrent calls share one run.
   */
  commitOffsets(final: boolean): Promise<void> {
    if (this.#committing) return final ? this.#committing.then(() => this.commitOffsets(true)) : this.#committing;
    this.#committing = this.#doCommit(final).finally(() => (this.#committing = null));
    return this.#committing;
  }

  async #doCommit(final: boolean): Promise<void> {
    if (final) {
      const deadline = this.#clock.now() + this.#o.flushTimeoutMs;
      this.#pump();
      while (this.#submitted.inFlight > 0 && !this.cancelSignal.signal.aborted && this.fatal === null) {
        const left = deadline - this.#clock.now();
        if (left <= 0) {
          this.log.warn({ outstanding: this.#submitted.inFlight }, 'timed out waiting for outstanding records; committing what was acknowledged');
          break;
        }
        await this.#acked.wait(this.cancelSignal.signal, left);
      }
    }
    const c = this.#submitted.committableOffsets();
    if (c.offsets.size > 0) {
      const entries = new Map<string, string | null>();
      for (const { partition, offset } of c.offsets.values()) entries.set(offsetKey(this.id.connector, partition), offsetValue(offset));
      const started = this.#clock.now();
      try {
        await this.#o.offsetStore.set(entries);
      } catch (err) {
        this.commitFailures++;
        throw err;
      }
      this.commitSeconds.observe((this.#clock.now() - started) / 1000);
      this.stats.commits++;
      if (this.log.isLevelEnabled('debug')) this.log.debug({ partitions: entries.size, records: c.committable, outstanding: c.uncommittable }, 'committed source offsets');
    }
    if (this.#taskStarted) await this.#o.task.commit();
  }

  protected onStopRequested(): void {
    if (!this.#taskStarted || this.#taskStop) return;
    this.#taskStop = Promise.resolve()
      .then(() => this.#o.task.stop())
      .catch((err: unknown) => this.log.warn({ err }, 'task stop() failed'));
  }

  protected override onTargetState(_target: TargetState): void {}

  protected async close(abandon: boolean): Promise<void> {
    clearInterval(this.#timer);
    if (!this.cancelSignal.signal.aborted && this.#taskStarted) {
      // Failed or stopping: commit what Kafka acknowledged. Only a clean stop waits for outstanding records.
      await this.commitOffsets(!abandon).catch((err: unknown) => this.log.error({ err }, 'final offset commit failed'));
    }
    this.onStopRequested();
    const o = this.#o;
    const errors = await closeAll([
      () => this.#taskStop,
      () => o.producer.close(),
      () => o.admin?.close(),
      () => this.#policy.close(),
      () => o.chain.close(),
      () => o.converters.close(),
    ]);
    for (const err of errors) this.log.warn({ err }, 'error while closing source task resources');
  }
}

/**
 * The cap on a request's record bytes before compression: `onWire` divided by how much compression shrank
 * the last send, with a 1.5× margin, at most 16 MiB (the producer splits a send that still comes out too big).
 * Without this a request of 2.7 KB change events carried 190 of them however well they compressed.
 */
function requestByteCap(onWire: number, ratio: number): number {
  const shrink = Math.min(1, Math.max(ratio * 1.5, 1 / 64));
  return Math.min(16 * 1024 * 1024, Math.max(onWire, Math.floor(onWire / shrink)));
}

/** A record's estimated share of a produce request: key + value + headers + ~64 bytes of framing. */
function requestBytes(r: OutgoingRecord): number {
  let n = (r.value?.byteLength ?? 0) + (r.valuePrefix?.byteLength ?? 0) + (r.key?.byteLength ?? 0) + 64;
  for (let i = 0; i < r.headers.length; i++) {
    const h = r.headers[i]!;
    n += h.key.length * 3 + (h.value?.byteLength ?? 0) + 8;
  }
  return n;
}
