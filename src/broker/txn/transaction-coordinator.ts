// Kafka's transaction coordinator for a single node: InitProducerId, AddPartitionsToTxn,
// AddOffsetsToTxn and EndTxn, transaction timeouts, and state persisted through a TxnStateStore.
// It follows Apache Kafka's TransactionCoordinator state machine:
//   Empty/Complete* --AddPartitions--> Ongoing --EndTxn--> Prepare{Commit,Abort} --markers--> Complete*
// A state change is answered only after it is written to the store. EndTxn is answered once the
// markers are written (Kafka answers after the Prepare* write; waiting longer means a read_committed
// consumer sees committed data as soon as commit returns). A failed marker write is retried in the
// background; meanwhile the id answers CONCURRENT_TRANSACTIONS.
import { ErrorCode } from '../protocol/error-codes.js';
import { ProducerIdAllocator } from './producer-id-allocator.js';
import { downgradeFenced, nextEpoch, isValidExpectedProducer, type ExpectedProducer } from './init-producer-id-rules.js';
import { MAX_PRODUCER_EPOCH } from './producer-sequence.js';
import { PRODUCER_ID_BLOCK_KEY, decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue } from './transaction-log-format.js';
import type {
  AddOffsetsToTxnRequest, AddPartitionsToTxnRequest, AddPartitionsToTxnResponse, AddPartitionsToTxnTopic,
  AddPartitionsToTxnTopicResult, EndTxnRequest, EndTxnResponse, InitProducerIdRequest, InitProducerIdResponse,
  SimpleTxnResponse, TxnMarker,
} from './txn-api-types.js';
import { TxnMetadata, toLogValue, type TxnPartition, type TxnSnapshot } from './txn-metadata.js';
import type { TxnStateStore } from './txn-state-store.js';
import { TxnState, txnStateName, type TxnStateId } from './txn-state.js';
import { type Clock, type SetTimer, systemClock, systemSetTimer } from './txn-timers.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface TransactionCoordinatorOptions {
  store: TxnStateStore;
  /**
   * Appends a COMMIT/ABORT control batch (buildControlBatch) to the partition and then calls that
   * partition's ProducerStateManager.completeTxn. Resolve (do not reject) for a partition that no
   * longer exists; a rejection is retried after markerRetryBackoffMs.
   */
  writeMarker: (topic: string, partition: number, marker: TxnMarker) => Promise<unknown>;
  /** Makes the transaction's pending TxnOffsetCommits visible (commit) or drops them (abort). */
  completeGroupTxnOffsets?: (groupIds: string[], producerId: number, commit: boolean) => Promise<void> | void;
  /** AddPartitionsToTxn answers UNKNOWN_TOPIC_OR_PARTITION for partitions this rejects. */
  partitionExists?: (topic: string, partition: number) => boolean;
  /** The __consumer_offsets partition of a group (recorded in the transaction like Kafka does). Default 0. */
  offsetsPartitionFor?: (groupId: string) => number;
  clock?: Clock;
  setTimer?: SetTimer;
  /** transaction.max.timeout.ms (Kafka default 900000). */
  transactionMaxTimeoutMs?: number;
  coordinatorEpoch?: number;
  markerRetryBackoffMs?: number;
  producerIdBlockSize?: number;
  onError?: (err: unknown, what: string) => void;
}

export class TransactionCoordinator {
  readonly #o: TransactionCoordinatorOptions;
  readonly #clock: Clock;
  readonly #setTimer: SetTimer;
  readonly #maxTimeoutMs: number;
  readonly #txns = new Map<string, TxnMetadata>();
  readonly #allocator: ProducerIdAllocator;
  #closed = false;

  get #retryBackoffMs(): number {
    return this.#o.markerRetryBackoffMs ?? 100;
  }

  constructor(options: TransactionCoordinatorOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#setTimer = options.setTimer ?? systemSetTimer;
    this.#maxTimeoutMs = options.transactionMaxTimeoutMs ?? 900_000;
    this.#allocator = new ProducerIdAllocator((end) => this.#persistBlockEnd(end), options.producerIdBlockSize ?? 1000);
  }

  /** Restores transactional ids and the producer-id high-water mark; resumes unfinished completions. */
  async load(): Promise<void> {
    const latest = new Map<string, Buffer | null>();
    for await (const r of this.#o.store.readAll()) {
      try {
        latest.set(decodeTxnKey(r.key), r.value);
      } catch (err) {
        this.#error(err, 'skipping unreadable transaction state key');
      }
    }
    let highWater = 0;
    for (const [id, value] of latest) {
      if (value === null) { this.#txns.delete(id); continue; }
      try {
        const v = decodeTxnValue(value);
        if (id === PRODUCER_ID_BLOCK_KEY) { highWater = Math.max(highWater, v.producerId); continue; }
        highWater = Math.max(highWater, v.producerId + 1);
        this.#txns.set(id, TxnMetadata.fromLogValue(id, v));
      } catch (err) {
        this.#error(err, 'skipping unreadable transaction state value');
      }
    }
    this.#allocator.restore(highWater);
    const resuming: Promise<void>[] = [];
    for (const m of this.#txns.values()) {
      if (m.state === TxnState.Ongoing) this.#armTimeout(m);
      else if (m.state === TxnState.PrepareCommit || m.state === TxnState.PrepareAbort) resuming.push(this.#complete(m));
    }
    await Promise.all(resuming);
  }

  /** Cancels timers; background completions stop retrying. Safe to call twice. */
  close(): void {
    this.#closed = true;
    for (const m of this.#txns.values()) { m.cancelTimer?.(); m.cancelTimer = null; }
  }

  async initProducerId(req: InitProducerIdRequest, apiVersion: number): Promise<InitProducerIdResponse> {
    const r = await this.#initProducerId(req, apiVersion);
    return { throttleTimeMs: 0, ...r, errorCode: downgradeFenced(r.errorCode, apiVersion, 4) };
  }

  async addPartitionsToTxn(req: AddPartitionsToTxnRequest, apiVersion: number): Promise<AddPartitionsToTxnResponse> {
    if (apiVersion <= 3) {
      const results = await this.#addPartitions(
        req.v3AndBelowTransactionalId ?? '', req.v3AndBelowProducerId ?? -1, req.v3AndBelowProducerEpoch ?? -1,
        req.v3AndBelowTopics ?? [], apiVersion,
      );
      return { throttleTimeMs: 0, resultsByTopicV3AndBelow: results };
    }
    const resultsByTransaction: NonNullable<AddPartitionsToTxnResponse['resultsByTransaction']> = [];
    for (const t of req.transactions ?? []) {
      const topicResults = t.verifyOnly
        ? resultsPerPartition(t.topics, (topic, p) => this.verifyTransactionalWrite(t.transactionalId, t.producerId, t.producerEpoch, topic, p))
        : await this.#addPartitions(t.transactionalId, t.producerId, t.producerEpoch, t.topics, apiVersion);
      resultsByTransaction.push({ transactionalId: t.transactionalId, topicResults });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, resultsByTransaction };
  }

  async addOffsetsToTxn(req: AddOffsetsToTxnRequest, apiVersion: number): Promise<SimpleTxnResponse> {
    const partition = { topic: OFFSETS_TOPIC, partition: this.#o.offsetsPartitionFor?.(req.groupId) ?? 0 };
    let code: number = ErrorCode.INVALID_REQUEST;
    if (req.groupId) code = await this.#addToTxn(req.transactionalId, req.producerId, req.producerEpoch, [partition]);
    if (code === ErrorCode.NONE) this.#txns.get(req.transactionalId)?.groupIds.add(req.groupId);
    return { throttleTimeMs: 0, errorCode: downgradeFenced(code, apiVersion, 2) };
  }

  async endTxn(req: EndTxnRequest, apiVersion: number): Promise<EndTxnResponse> {
    const code = await this.#endTxn(req);
    const m = this.#txns.get(req.transactionalId);
    return {
      throttleTimeMs: 0,
      errorCode: downgradeFenced(code, apiVersion, 2),
      producerId: code === ErrorCode.NONE && m ? m.producerId : -1,
      producerEpoch: code === ErrorCode.NONE && m ? m.producerEpoch : -1,
    };
  }

  /**
   * KIP-890-style check before appending a transactional Produce batch: the partition must already be
   * in the producer's ongoing transaction, else a stray write would hold the partition's LSO back
   * forever (no marker would ever close it). Clients (kafkajs, librdkafka, Java) add partitions before
   * producing to them. Returns an ErrorCode (NONE = go ahead).
   */
  verifyTransactionalWrite(transactionalId: string | null | undefined, producerId: number, producerEpoch: number, topic: string, partition: number): number {
    if (!transactionalId) return ErrorCode.NONE; // cannot tell which transaction: accept, like Kafka before 3.6
    const m = this.#txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch < m.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (m.state !== TxnState.Ongoing || producerEpoch !== m.producerEpoch || !m.hasPartition(topic, partition)) return ErrorCode.INVALID_TXN_STATE;
    return ErrorCode.NONE;
  }

  /** State of one transactional id (DescribeTransactions, tests). */
  describe(transactionalId: string): (TxnSnapshot & { stateName: string; groupIds: string[] }) | undefined {
    const m = this.#txns.get(transactionalId);
    if (!m) return undefined;
    return { ...m.snapshot(), stateName: txnStateName(m.state), groupIds: [...m.groupIds] };
  }

  get transactionalIds(): string[] {
    return [...this.#txns.keys()];
  }

  /** transactional.id.expiration.ms: forgets ids idle (no transaction) for longer than expirationMs. */
  async expireTransactionalIds(expirationMs: number): Promise<void> {
    const now = this.#clock();
    for (const m of [...this.#txns.values()]) {
      const idle = m.state === TxnState.Empty || m.state === TxnState.CompleteCommit || m.state === TxnState.CompleteAbort;
      if (!idle || m.pending || now - m.lastUpdateTimestamp < expirationMs) continue;
      m.pending = true;
      try {
        await this.#o.store.append([{ key: encodeTxnKey(m.transactionalId), value: null }]);
        this.#txns.delete(m.transactionalId);
      } catch (err) {
        this.#error(err, 'transactional id expiration write failed');
      } finally {
        m.pending = false;
      }
    }
  }

  // ---- InitProducerId ----

  async #initProducerId(req: InitProducerIdRequest, apiVersion: number): Promise<Omit<InitProducerIdResponse, 'throttleTimeMs'>> {
    const fail = (errorCode: number) => ({ errorCode, producerId: -1, producerEpoch: -1 });
    const id = req.transactionalId ?? null;
    if (id === null) {
      // Idempotent producer: always a fresh id; any (producerId, epoch) it sent (v3+, e.g. 0/0) is ignored.
      const pid = await this.#allocate();
      return pid < 0 ? fail(ErrorCode.COORDINATOR_NOT_AVAILABLE) : { errorCode: ErrorCode.NONE, producerId: pid, producerEpoch: 0 };
    }
    if (id === '') return fail(ErrorCode.INVALID_REQUEST);
    if (!(req.transactionTimeoutMs > 0 && req.transactionTimeoutMs <= this.#maxTimeoutMs)) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    let expected: ExpectedProducer | null = null;
    if (apiVersion >= 3) {
      const pid = req.producerId ?? -1;
      const epoch = req.producerEpoch ?? -1;
      if (pid === -1 !== (epoch === -1)) return fail(ErrorCode.INVALID_REQUEST);
      if (pid !== -1) expected = { producerId: pid, epoch };
    }
    let m = this.#txns.get(id);
    if (m === undefined) {
      const pid = await this.#allocate();
      if (pid < 0) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      m = this.#txns.get(id); // another InitProducerId may have created it meanwhile
      if (m === undefined) {
        m = new TxnMetadata(id, pid, -1, req.transactionTimeoutMs, this.#clock());
        this.#txns.set(id, m);
      }
    }
    for (let fenced = false; ;) {
      if (m.pending) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
      if (expected && !isValidExpectedProducer(m, expected)) return fail(ErrorCode.PRODUCER_FENCED);
      switch (m.state) {
        case TxnState.PrepareCommit:
        case TxnState.PrepareAbort:
          return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
        case TxnState.Ongoing: {
          // A new producer instance: fence the old one (epoch bump) and abort its transaction, then bump again.
          if (fenced) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
          fenced = true;
          const code = await this.#fenceAndAbort(m);
          if (code !== ErrorCode.NONE) return fail(code);
          if ((m.state as TxnStateId) !== TxnState.CompleteAbort) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
          continue;
        }
        default: {
          // Synchronous unless the id must rotate, so nothing can slip in between the checks and the write.
          const plan = nextEpoch(m.snapshot(), expected);
          const next = plan === 'rotate' ? await this.#rotateProducerId(m, expected) : plan;
          if (typeof next === 'number') return fail(next);
          next.state = TxnState.Empty;
          next.timeoutMs = req.transactionTimeoutMs;
          next.partitions = [];
          next.startTimestamp = -1;
          next.lastUpdateTimestamp = this.#clock();
          const code = await this.#persist(m, next);
          m.groupIds.clear();
          return code === ErrorCode.NONE ? { errorCode: code, producerId: m.producerId, producerEpoch: m.producerEpoch } : fail(code);
        }
      }
    }
  }

  /** A new producer id with epoch 0 once the epoch is used up. A number is an error code. */
  async #rotateProducerId(m: TxnMetadata, expected: ExpectedProducer | null): Promise<TxnSnapshot | number> {
    m.pending = true;
    let pid: number;
    try { pid = await this.#allocate(); } finally { m.pending = false; }
    if (pid < 0) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return { ...m.snapshot(), lastProducerId: m.producerId, producerId: pid, lastProducerEpoch: expected ? m.producerEpoch : -1, producerEpoch: 0 };
  }

  async #allocate(): Promise<number> {
    try {
      return await this.#allocator.allocate();
    } catch (err) {
      this.#error(err, 'producer id block write failed');
      return -1;
    }
  }

  async #persistBlockEnd(blockEnd: number): Promise<void> {
    const value = encodeTxnValue({
      producerId: blockEnd, producerEpoch: -1, transactionTimeoutMs: 0, transactionStatus: TxnState.Dead,
      transactionPartitions: [], transactionLastUpdateTimestampMs: this.#clock(), transactionStartTimestampMs: -1,
    });
    await this.#o.store.append([{ key: encodeTxnKey(PRODUCER_ID_BLOCK_KEY), value }]);
  }

  // ---- AddPartitionsToTxn / AddOffsetsToTxn ----

  async #addPartitions(
    id: string, producerId: number, epoch: number, topics: AddPartitionsToTxnTopic[], apiVersion: number,
  ): Promise<AddPartitionsToTxnTopicResult[]> {
    const exists = this.#o.partitionExists;
    const unknown = new Set<string>();
    if (exists) for (const t of topics) for (const p of t.partitions) if (!exists(t.name, p)) unknown.add(`${p}:${t.name}`);
    let code: number = ErrorCode.OPERATION_NOT_ATTEMPTED;
    if (unknown.size === 0) {
      const parts = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
      code = downgradeFenced(await this.#addToTxn(id, producerId, epoch, parts), apiVersion, 2);
    }
    return resultsPerPartition(topics, (topic, p) => (unknown.has(`${p}:${topic}`) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : code));
  }

  async #addToTxn(id: string, producerId: number, epoch: number, parts: TxnPartition[]): Promise<number> {
    if (!id) return ErrorCode.INVALID_REQUEST;
    const m = this.#txns.get(id);
    const check = this.#checkProducer(m, producerId, epoch);
    if (check !== ErrorCode.NONE) return check;
    const meta = m!;
    if (meta.pending || meta.state === TxnState.PrepareCommit || meta.state === TxnState.PrepareAbort) return ErrorCode.CONCURRENT_TRANSACTIONS;
    const starting = meta.state !== TxnState.Ongoing;
    if (!starting && parts.every((p) => meta.hasPartition(p.topic, p.partition))) return ErrorCode.NONE;
    const next = meta.snapshot();
    const now = this.#clock();
    if (starting) {
      next.partitions = [];
      next.startTimestamp = now;
      meta.groupIds.clear();
    }
    for (const p of parts) {
      if (!next.partitions.some((q) => q.topic === p.topic && q.partition === p.partition)) next.partitions.push(p);
    }
    next.state = TxnState.Ongoing;
    next.lastUpdateTimestamp = now;
    const code = await this.#persist(meta, next);
    if (code === ErrorCode.NONE && starting) this.#armTimeout(meta);
    return code;
  }

  #checkProducer(m: TxnMetadata | undefined, producerId: number, epoch: number): number {
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (m.producerEpoch !== epoch) return ErrorCode.PRODUCER_FENCED;
    return ErrorCode.NONE;
  }

  // ---- EndTxn, timeouts, completion ----

  async #endTxn(req: EndTxnRequest): Promise<number> {
    if (!req.transactionalId) return ErrorCode.INVALID_REQUEST;
    const m = this.#txns.get(req.transactionalId);
    const check = this.#checkProducer(m, req.producerId, req.producerEpoch);
    if (check !== ErrorCode.NONE) return check;
    const meta = m!;
    if (meta.pending) return ErrorCode.CONCURRENT_TRANSACTIONS;
    const commit = req.committed;
    switch (meta.state) {
      case TxnState.Ongoing:
        return this.#prepareAndComplete(meta, commit, false);
      case TxnState.CompleteCommit: // a retry of an EndTxn that already succeeded
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case TxnState.CompleteAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case TxnState.PrepareCommit:
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case TxnState.PrepareAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      default:
        return ErrorCode.INVALID_TXN_STATE; // Empty: nothing to end
    }
  }

  /** Fences the current producer (epoch + 1) and aborts its transaction with the new epoch. */
  #fenceAndAbort(m: TxnMetadata): Promise<number> {
    return this.#prepareAndComplete(m, false, true);
  }

  async #prepareAndComplete(m: TxnMetadata, commit: boolean, fence: boolean): Promise<number> {
    m.cancelTimer?.();
    m.cancelTimer = null;
    const next = m.snapshot();
    next.state = commit ? TxnState.PrepareCommit : TxnState.PrepareAbort;
    next.lastUpdateTimestamp = this.#clock();
    if (fence) {
      next.producerEpoch = Math.min(m.producerEpoch + 1, MAX_PRODUCER_EPOCH);
      next.lastProducerEpoch = -1;
    }
    const code = await this.#persist(m, next);
    if (code !== ErrorCode.NONE) {
      // Still Ongoing: keep the timeout armed; a failed timeout abort retries after a backoff.
      if (m.state === TxnState.Ongoing) this.#armTimeout(m, fence ? this.#retryBackoffMs : 0);
      return code;
    }
    m.markersLeft = null;
    m.groupsCompleted = false;
    await this.#complete(m);
    return ErrorCode.NONE;
  }

  /** Writes the markers, completes group offsets, then records Complete*; retries itself on failure. */
  async #complete(m: TxnMetadata): Promise<void> {
    m.cancelTimer = null;
    if (this.#closed) return;
    const commit = m.state === TxnState.PrepareCommit;
    const marker: TxnMarker = { producerId: m.producerId, producerEpoch: m.producerEpoch, commit, coordinatorEpoch: this.#o.coordinatorEpoch ?? 0 };
    const left = m.markersLeft ?? m.partitions.filter((p) => p.topic !== OFFSETS_TOPIC);
    const results = await Promise.allSettled(left.map((p) => this.#o.writeMarker(p.topic, p.partition, marker)));
    m.markersLeft = left.filter((_, i) => results[i]!.status === 'rejected');
    for (const r of results) if (r.status === 'rejected') this.#error(r.reason, 'transaction marker write failed; will retry');
    if (m.markersLeft.length > 0) return this.#retryCompletion(m);
    if (!m.groupsCompleted && (m.groupIds.size > 0 || m.partitions.some((p) => p.topic === OFFSETS_TOPIC))) {
      try {
        await this.#o.completeGroupTxnOffsets?.([...m.groupIds], m.producerId, commit);
        m.groupsCompleted = true;
      } catch (err) {
        this.#error(err, 'completing transactional offset commits failed; will retry');
        return this.#retryCompletion(m);
      }
    }
    const next = m.snapshot();
    next.state = commit ? TxnState.CompleteCommit : TxnState.CompleteAbort;
    next.partitions = [];
    next.lastUpdateTimestamp = this.#clock();
    if (await this.#persist(m, next) !== ErrorCode.NONE) return this.#retryCompletion(m);
    m.markersLeft = null;
    m.groupIds.clear();
  }

  #retryCompletion(m: TxnMetadata): void {
    if (this.#closed) return;
    m.cancelTimer = this.#setTimer(() => { void this.#complete(m); }, this.#retryBackoffMs);
  }

  #armTimeout(m: TxnMetadata, minDelayMs = 0): void {
    m.cancelTimer?.();
    if (this.#closed) return;
    const due = m.startTimestamp + m.timeoutMs;
    m.cancelTimer = this.#setTimer(() => this.#onTimeout(m, due), Math.max(minDelayMs, due - this.#clock()));
  }

  #onTimeout(m: TxnMetadata, due: number): void {
    m.cancelTimer = null;
    if (this.#closed || m.state !== TxnState.Ongoing || m.startTimestamp + m.timeoutMs !== due) return;
    if (m.pending || this.#clock() < due) {
      m.cancelTimer = this.#setTimer(() => this.#onTimeout(m, due), Math.max(1, due - this.#clock()));
      return;
    }
    // Abort with a bumped epoch so the producer that let it time out is fenced (Kafka's abortTimedOutTransactions).
    this.#fenceAndAbort(m).catch((err) => this.#error(err, 'aborting a timed-out transaction failed'));
  }

  async #persist(m: TxnMetadata, next: TxnSnapshot): Promise<number> {
    m.pending = true;
    try {
      await this.#o.store.append([{ key: encodeTxnKey(m.transactionalId), value: encodeTxnValue(toLogValue(next)) }]);
      m.apply(next);
      return ErrorCode.NONE;
    } catch (err) {
      this.#error(err, 'transaction state write failed');
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    } finally {
      m.pending = false;
    }
  }

  #error(err: unknown, what: string): void {
    this.#o.onError?.(err, what);
  }
}

function resultsPerPartition(topics: AddPartitionsToTxnTopic[], codeFor: (topic: string, partition: number) => number): AddPartitionsToTxnTopicResult[] {
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: codeFor(t.name, p) })),
  }));
}
