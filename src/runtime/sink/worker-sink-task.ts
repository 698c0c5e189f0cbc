/**
 * Runs one SinkTask: consumer → converters → SMT chain → put(), committing consumer offsets only for what
 * `preCommit` (default: flush) confirmed durable — every `offset.flush.interval.ms`, on `requestCommit()`,
 * and on stop. Nothing is acknowledged upstream before it is durable downstream.
 *
 * Consumption uses kafkajs's `eachBatch` with auto-commit and auto-resolve off (see src/kafka/kafka-consumer):
 * a batch is resolved (fetch position advanced) only after `put` accepted it, and the group offset moves only
 * in `#commit`. Every call into the plugin task (open/close/put/preCommit) runs through one serial queue, so
 * timer-driven commits never overlap a put. A failure in a batch fails the task instead of throwing into
 * kafkajs (which would retry the batch behind our back).
 *
 * Rebalances: when kafkajs notices one, the task commits what `preCommit` allows (best effort: the commit may
 * lose the race with the rejoin). kafkajs reports the new assignment after the rejoin; lost partitions are
 * closed (`close`) and forgotten — their new owner resumes from the last committed offset, so a rebalance can
 * cause duplicates, never loss. New partitions are `open`ed before their first batch is put.
 */
import { ConnectError, RetriableError } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';
import type { SinkRecord } from '../../api/records.js';
import type { ErrantRecordReporter, SinkTask, SinkTaskContext } from '../../api/sink-task.js';
import { topicPartitionKey, type TopicPartition, type TopicPartitionOffset } from '../../api/topic-partition.js';
import type { ConsumerBatch, KafkaConsumer } from '../../kafka/kafka-consumer.js';
import type { IncomingRecord } from '../../kafka/kafka-record.js';
import { systemClock, type Clock } from '../clock.js';
import { dlqCounts } from '../errors/dlq-reporter.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { ProcessingContext } from '../errors/processing-context.js';
import { RetryWithTolerance, type ErrorCounters, type ErrorPolicyConfig } from '../errors/retry-with-tolerance.js';
import { closeAll } from '../service.js';
import type { State, TargetState, TaskId } from '../status.js';
import type { TaskConverters } from '../task-converters.js';
import type { TransformChain } from '../transform-chain.js';
import { WorkerTask, type CommitLag, type DlqCounts } from '../worker-task.js';
import { convertSinkRecord } from './convert-sink-record.js';
import { errantRecordReporter } from './errant-record-reporter.js';

export interface WorkerSinkTaskOptions {
  readonly id: TaskId;
  readonly task: SinkTask;
  readonly taskClass: string;
  readonly taskConfig: Readonly<Record<string, string>>;
  /** Topic names, or a regex (Java-style full match) from topics.regex. */
  readonly topics: readonly string[] | RegExp;
  readonly converters: TaskConverters;
  readonly chain: TransformChain;
  readonly errorPolicy: ErrorPolicyConfig;
  readonly reporters: readonly ErrorReporter[];
  readonly consumer: KafkaConsumer;
  readonly log: Logger;
  readonly flushIntervalMs: number;
  readonly initialTarget: TargetState;
  readonly onStatus: (state: State, trace?: string) => void;
  readonly clock?: Clock;
  /** Called with the topic of each consumed batch (topic tracking). */
  readonly onTopic?: (topic: string) => void;
}

export class WorkerSinkTask extends WorkerTask {
  readonly kind = 'sink' as const;
  readonly #o: WorkerSinkTaskOptions;
  readonly #clock: Clock;
  readonly #policy: RetryWithTolerance;
  readonly #ctx = new ProcessingContext();
  #serial: Promise<unknown> = Promise.resolve();
  #assignment = new Map<string, TopicPartition>();
  #newAssignment: TopicPartition[] | null = null;
  readonly #current = new Map<string, TopicPartitionOffset>();
  readonly #committed = new Map<string, number>();
  /** Per partition: the first offset consumed before any commit of it (commit lag before the first commit). */
  readonly #firstOffset = new Map<string, number>();
  /** Per partition: when the oldest record not yet covered by a commit was consumed (ms). */
  readonly #pendingSince = new Map<string, number>();
  readonly #seeks = new Map<string, TopicPartitionOffset>();
  readonly #taskPaused = new Map<string, TopicPartition>();
  #timeoutMs = -1;
  #commitRequested = false;
  #nextCommit = 0;
  #lastBatchAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #taskStarted = false;
  #consumerRunning = false;
  /** The batch being processed, so the errant record reporter can send a record's consumed bytes. */
  #batchRaw: readonly IncomingRecord[] = [];
  readonly #errant: ErrantRecordReporter | null;

  readonly stats = { consumed: 0, put: 0, skipped: 0, commits: 0 };
  /** The error policy's failure/retry/skip counts (exported by GET /metrics). */
  get errorCounters(): Readonly<ErrorCounters> {
    return this.#policy.counters;
  }

  constructor(options: WorkerSinkTaskOptions) {
    super(options.id, options.log, options.initialTarget, options.onStatus);
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#policy = new RetryWithTolerance(options.errorPolicy, options.reporters, this.stopSignal.signal, { clock: this.#clock });
    this.#errant =
      options.reporters.length === 0
        ? null
        : errantRecordReporter(
            this.#policy,
            options.converters,
            options.taskClass,
            { rawRecord: (t, p, o) => findRaw(this.#batchRaw, t, p, o) },
            (err) => this.failWith(err),
          );
  }

  commitLag(): CommitLag {
    let records = 0;
    let oldestAt: number | null = null;
    for (const [k, cur] of this.#current) {
      const base = this.#committed.get(k) ?? this.#firstOffset.get(k);
      if (base !== undefined && cur.offset > base) records += cur.offset - base;
    }
    for (const at of this.#pendingSince.values()) if (oldestAt === null || at < oldestAt) oldestAt = at;
    return { records, oldestAt };
  }

  get dlq(): DlqCounts {
    return dlqCounts(this.#o.reporters);
  }

  /** The offsets last committed to the group, by `topic-partition` (for tests and status). */
  get committedOffsets(): ReadonlyMap<string, number> {
    return this.#committed;
  }

  protected async execute(): Promise<void> {
    const o = this.#o;
    o.task.initialize(this.#context());
    await o.task.start(o.taskConfig);
    this.#taskStarted = true;
    // RUNNING once the plugin started, as Kafka: joining the group / waiting for the topic happens after.
    this.reportStarted();
    o.consumer.onAssignment((a) => {
      this.#newAssignment = a;
      // Apply promptly even if no batch arrives for the new partitions.
      void this.#exclusive(() => this.#applyAssignment());
    });
    // Best effort: commit what is flushed while the old generation may still commit (fewer duplicates).
    o.consumer.onRebalancing(() => void this.#exclusive(() => this.#commit()));
    o.consumer.onCrash((err) => this.failWith(new ConnectError(`sink consumer stopped: ${err.message}`, { cause: err })));
    await o.consumer.connect();
    await o.consumer.subscribe(o.topics, this.stopSignal.signal, (err) =>
      this.log.warn({ err, topics: String(o.topics) }, 'topic does not exist yet; waiting for it'),
    );
    if (this.stopping) return;
    this.#nextCommit = this.#clock.now() + o.flushIntervalMs;
    await o.consumer.run((batch) => this.#exclusive(() => this.#onBatch(batch)));
    this.#consumerRunning = true;
    this.log.info('Sink task started');
    this.#timer = setInterval(() => void this.#exclusive(() => this.#tick()), Math.min(o.flushIntervalMs, 1000));
    while (!this.stopping) await this.targetChanged.wait(this.stopSignal.signal);
    if (this.fatal) throw this.fatal;
  }

  /** Runs `fn` after every earlier task call; a failure fails the task (never thrown into kafkajs). */
  #exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.#serial.then(async () => {
      if (this.fatal !== null) return;
      try {
        await fn();
      } catch (err) {
        this.failWith(err as Error);
      }
    });
    this.#serial = run;
    return run;
  }

  async #onBatch(batch: ConsumerBatch): Promise<void> {
    if (this.stopping) return; // not resolved: fetched again by whoever consumes next
    await this.#applyAssignment();
    if (batch.isStale() || !this.#assignment.has(topicPartitionKey(batch))) return;
    const o = this.#o;
    const ctx = this.#ctx;
    const raws = batch.records;
    this.#o.onTopic?.(batch.topic);
    const out: SinkRecord[] = [];
    this.#batchRaw = raws;
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i]!;
      ctx.resetFor(raw);
      let t: SinkRecord | null;
      for (;;) {
        const rec = convertSinkRecord(raw, o.converters, this.#policy, ctx);
        t = rec === undefined ? null : o.chain.size === 0 ? rec : o.chain.apply(rec, this.#policy, ctx);
        if (!ctx.retrying) break;
        // RetriableError in a converter/SMT: back off and redo the record (errors.retry.*); when stopping, give
        // up on the batch unresolved, so it is consumed again.
        if (!(await this.#policy.awaitRetry(ctx))) return;
        await batch.heartbeat().catch(() => undefined);
      }
      if (t === null) this.stats.skipped++;
      else out.push(t);
    }
    this.stats.consumed += raws.length;
    if (out.length > 0) this.batchSizes.observe(out.length);
    await this.#put(out, batch);
    if (this.fatal !== null || this.stopping) return;
    const last = raws[raws.length - 1]!;
    const key = topicPartitionKey(batch);
    batch.resolve(last.offset);
    if (!this.#committed.has(key) && !this.#firstOffset.has(key)) this.#firstOffset.set(key, raws[0]!.offset);
    if (!this.#pendingSince.has(key)) this.#pendingSince.set(key, this.#clock.now());
    this.#current.set(key, { topic: batch.topic, partition: batch.partition, offset: last.offset + 1 });
    this.stats.put += out.length;
    this.#lastBatchAt = this.#clock.now();
    this.#applySeeks();
    await this.#maybeCommit();
  }

  /** put() with Kafka Connect's semantics: RetriableError → same batch again after context.timeout (or a backoff). */
  async #put(records: SinkRecord[], batch: ConsumerBatch | null): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#o.task.put(records);
        this.#timeoutMs = -1;
        return;
      } catch (err) {
        if (!(err instanceof RetriableError)) {
          throw new ConnectError(`Exiting WorkerSinkTask due to unrecoverable exception in put(): ${(err as Error).message}`, { cause: err });
        }
        if (this.stopping) return;
        const wait = this.#timeoutMs >= 0 ? this.#timeoutMs : Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
        this.#timeoutMs = -1;
        this.log.warn({ err, stage: 'TASK_PUT', retryInMs: wait }, 'put() failed with a retriable error; redelivering the batch');
        await this.#clock.sleep(wait, this.stopSignal.signal);
        if (batch !== null) await batch.heartbeat().catch(() => undefined);
      }
    }
  }

  async #tick(): Promise<void> {
    if (this.stopping) return;
    await this.#applyAssignment();
    // Sinks that flush on time (not on size) rely on put() being called even when no data arrives.
    if (this.#clock.now() - this.#lastBatchAt >= 1000 && !this.paused) {
      await this.#put([], null);
      this.#lastBatchAt = this.#clock.now();
      this.#applySeeks();
    }
    await this.#maybeCommit();
  }

  async #maybeCommit(): Promise<void> {
    if (!this.#commitRequested && this.#clock.now() < this.#nextCommit) return;
    await this.#commit();
  }

  /**
   * preCommit → commit what it returned. DLQ reports are awaited first so a record is never committed before
   * its DLQ copy is durable. A failed commit is retried next interval (the data is safe: it was flushed).
   */
  async #commit(): Promise<void> {
    this.#commitRequested = false;
    this.#nextCommit = this.#clock.now() + this.#o.flushIntervalMs;
    if (this.#current.size === 0) return;
    await this.#policy.awaitReports();
    const current = [...this.#current.values()];
    const started = this.#clock.now();
    let toCommit: readonly TopicPartitionOffset[];
    try {
      toCommit = await this.#o.task.preCommit(current);
    } catch (err) {
      this.commitFailures++;
      // As Kafka: rewind to the last committed offsets so the unflushed records are delivered again.
      this.log.error({ err }, 'preCommit/flush failed; rewinding to the last committed offsets');
      for (const tp of this.#assignment.values()) {
        const k = topicPartitionKey(tp);
        const c = this.#committed.get(k);
        if (c !== undefined) {
          this.#o.consumer.seek(tp, c);
          this.#current.set(k, { ...tp, offset: c });
        }
      }
      return;
    }
    const changed = toCommit.filter((o) => this.#assignment.has(topicPartitionKey(o)) && this.#committed.get(topicPartitionKey(o)) !== o.offset);
    if (changed.length === 0) return;
    try {
      await this.#o.consumer.commit(changed);
    } catch (err) {
      this.commitFailures++;
      this.log.warn({ err }, 'offset commit failed; will retry at the next interval');
      return;
    }
    for (const o of changed) {
      const k = topicPartitionKey(o);
      this.#committed.set(k, o.offset);
      this.#firstOffset.delete(k);
      // fully committed: nothing waits; partly: the oldest waiting record is still at least as old as before
      if ((this.#current.get(k)?.offset ?? o.offset) <= o.offset) this.#pendingSince.delete(k);
    }
    this.commitSeconds.observe((this.#clock.now() - started) / 1000);
    this.stats.commits++;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ partitions: changed.length }, 'committed sink offsets');
  }

  async #applyAssignment(): Promise<void> {
    const next = this.#newAssignment;
    if (next === null) return;
    this.#newAssignment = null;
    const nextKeys = new Map(next.map((tp) => [topicPartitionKey(tp), tp] as const));
    const revoked = [...this.#assignment].filter(([k]) => !nextKeys.has(k)).map(([, tp]) => tp);
    const added = [...nextKeys].filter(([k]) => !this.#assignment.has(k)).map(([, tp]) => tp);
    if (revoked.length > 0) {
      await this.#o.task.close(revoked);
      for (const tp of revoked) {
        const k = topicPartitionKey(tp);
        this.#current.delete(k);
        this.#committed.delete(k);
        this.#firstOffset.delete(k);
        this.#pendingSince.delete(k);
        this.#seeks.delete(k);
        this.#taskPaused.delete(k);
      }
    }
    this.#assignment = nextKeys;
    if (added.length > 0) {
      this.log.info({ partitions: added.map(topicPartitionKey) }, 'partitions assigned');
      await this.#o.task.open(added);
      this.#applySeeks();
    }
    if (this.paused) this.#o.consumer.pause([...this.#assignment.values()]);
  }

  #applySeeks(): void {
    for (const [k, o] of this.#seeks) {
      if (!this.#assignment.has(k)) continue;
      this.#o.consumer.seek(o, o.offset);
      this.#current.set(k, { topic: o.topic, partition: o.partition, offset: o.offset });
    }
    this.#seeks.clear();
  }

  protected override onTargetState(target: TargetState): void {
    if (!this.#consumerRunning) return;
    const all = [...this.#assignment.values()];
    if (target === 'PAUSED') this.#o.consumer.pause(all);
    else this.#o.consumer.resume(all.filter((tp) => !this.#taskPaused.has(topicPartitionKey(tp))));
  }

  protected onStopRequested(): void {}

  protected async close(abandon: boolean): Promise<void> {
    clearInterval(this.#timer);
    const o = this.#o;
    // Let an in-progress batch finish, then commit what was flushed and close the partitions.
    if (!abandon && this.#taskStarted && this.#consumerRunning) {
      await this.#serial;
      try {
        await this.#commit();
      } catch (err) {
        this.log.error({ err }, 'final offset commit failed');
      }
    }
    const errors = await closeAll([
      async () => {
        if (this.#taskStarted && this.#assignment.size > 0) await o.task.close([...this.#assignment.values()]);
      },
      async () => {
        if (this.#taskStarted) await o.task.stop();
      },
      () => (this.#consumerRunning ? o.consumer.stop() : undefined),
      () => o.consumer.close(),
      () => this.#policy.close(),
      () => o.chain.close(),
      () => o.converters.close(),
    ]);
    for (const err of errors) this.log.warn({ err }, 'error while closing sink task resources');
  }

  #context(): SinkTaskContext {
    const self = this;
    const setOffset = (tp: TopicPartition, offset: number) => {
      self.#seeks.set(topicPartitionKey(tp), { topic: tp.topic, partition: tp.partition, offset });
    };
    return {
      configs: () => this.#o.taskConfig,
      offset(a: TopicPartition | readonly TopicPartitionOffset[], offset?: number): void {
        if (Array.isArray(a)) for (const o of a as readonly TopicPartitionOffset[]) setOffset(o, o.offset);
        else setOffset(a as TopicPartition, offset!);
      },
      timeout: (ms: number) => {
        this.#timeoutMs = ms;
      },
      assignment: () => [...this.#assignment.values()],
      pause: (...tps: TopicPartition[]) => {
        for (const tp of tps) this.#taskPaused.set(topicPartitionKey(tp), tp);
        this.#o.consumer.pause(tps);
      },
      resume: (...tps: TopicPartition[]) => {
        for (const tp of tps) this.#taskPaused.delete(topicPartitionKey(tp));
        if (!this.paused) this.#o.consumer.resume(tps);
      },
      requestCommit: () => {
        this.#commitRequested = true;
      },
      errantRecordReporter: () => this.#errant,
      log: this.#o.log,
      metrics: this.metrics,
    };
  }
}

/** Binary search by offset in one partition's batch (offsets ascend; compacted topics leave gaps). */
function findRaw(batch: readonly IncomingRecord[], topic: string, partition: number, offset: number): IncomingRecord | undefined {
  const first = batch[0];
  if (first === undefined || first.topic !== topic || first.partition !== partition) return undefined;
  let lo = 0;
  let hi = batch.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = batch[mid]!.offset;
    if (o === offset) return batch[mid];
    if (o < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
