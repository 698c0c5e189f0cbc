import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';
import { TransactionCoordinator, type TransactionCoordinatorOptions } from '../../../../src/broker/txn/transaction-coordinator.js';
import { decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue } from '../../../../src/broker/txn/transaction-log-format.js';
import type { TxnMarker } from '../../../../src/broker/txn/txn-api-types.js';
import { MemoryTxnStateStore } from '../../../../src/broker/txn/txn-state-store.js';
import { TxnState } from '../../../../src/broker/txn/txn-state.js';
import { ManualTimers, settle } from './manual-timers.js';
import { Partition, hdr } from './test-partition.js';

/** The server side of the seams: partitions with producer state, marker writes, group completion. */
class Harness {
  readonly timers = new ManualTimers();
  readonly store = new MemoryTxnStateStore();
  readonly partitions = new Map<string, Partition>();
  readonly markers: Array<{ topic: string; partition: number } & TxnMarker> = [];
  readonly groupCompletions: Array<{ groupIds: string[]; producerId: number; commit: boolean }> = [];
  readonly errors: string[] = [];
  failMarkers = false;
  /** When set, marker writes wait for it (a transaction caught mid-completion). */
  gate: Promise<void> | null = null;
  readonly coordinators: TransactionCoordinator[] = [];

  partition(topic: string, p: number): Partition {
    const key = `${topic}-${p}`;
    let part = this.partitions.get(key);
    if (!part) { part = new Partition(); this.partitions.set(key, part); }
    return part;
  }

  coordinator(extra: Partial<TransactionCoordinatorOptions> = {}): TransactionCoordinator {
    const c = new TransactionCoordinator({
      store: this.store,
      writeMarker: async (topic, partition, marker) => {
        if (this.gate) await this.gate;
        if (this.failMarkers) throw new Error('disk full');
        this.markers.push({ topic, partition, ...marker });
        this.partition(topic, partition).marker(marker.producerId, marker.producerEpoch, marker.commit);
      },
      completeGroupTxnOffsets: (groupIds, producerId, commit) => { this.groupCompletions.push({ groupIds, producerId, commit }); },
      partitionExists: (topic) => topic !== 'missing',
      clock: this.timers.clock,
      setTimer: this.timers.setTimer,
      onError: (_err, what) => { this.errors.push(what); },
      ...extra,
    });
    this.coordinators.push(c);
    return c;
  }

  /** Transaction states written to the store for one id, in order. */
  statesOf(id: string): number[] {
    return this.store.records
      .filter((r) => decodeTxnKey(r.key) === id && r.value)
      .map((r) => decodeTxnValue(r.value!).transactionStatus);
  }
}

let h: Harness;
afterEach(() => { for (const c of h?.coordinators ?? []) c.close(); });

function addParts(c: TransactionCoordinator, id: string, pid: number, epoch: number, topics: Array<[string, number[]]>, v = 1) {
  return c.addPartitionsToTxn({
    v3AndBelowTransactionalId: id, v3AndBelowProducerId: pid, v3AndBelowProducerEpoch: epoch,
    v3AndBelowTopics: topics.map(([name, partitions]) => ({ name, partitions })),
  }, v);
}

function codes(r: Awaited<ReturnType<typeof addParts>>): number[] {
  return r.resultsByTopicV3AndBelow!.flatMap((t) => t.resultsByPartition.map((p) => p.partitionErrorCode));
}

async function initTxn(c: TransactionCoordinator, id: string, timeoutMs = 60_000, v = 1) {
  const r = await c.initProducerId({ transactionalId: id, transactionTimeoutMs: timeoutMs }, v);
  expect(r.errorCode).toBe(ErrorCode.NONE);
  return r;
}

describe('TransactionCoordinator InitProducerId', () => {
  it('gives idempotent producers fresh ids with epoch 0, ignoring v3+ (0, 0)', async () => {
    h = new Harness();
    const c = h.coordinator();
    const a = await c.initProducerId({ transactionalId: null, transactionTimeoutMs: 60_000 }, 0);
    const b = await c.initProducerId({ transactionalId: null, transactionTimeoutMs: 0, producerId: 0, producerEpoch: 0 }, 4);
    expect(a).toEqual({ throttleTimeMs: 0, errorCode: 0, producerId: a.producerId, producerEpoch: 0 });
    expect(b.errorCode).toBe(0);
    expect(b.producerEpoch).toBe(0);
    expect(b.producerId).toBeGreaterThan(a.producerId);
  });

  it('validates the transactional id and timeout', async () => {
    h = new Harness();
    const c = h.coordinator();
    expect((await c.initProducerId({ transactionalId: '', transactionTimeoutMs: 1000 }, 1)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect((await c.initProducerId({ transactionalId: 't', transactionTimeoutMs: 900_001 }, 1)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await c.initProducerId({ transactionalId: 't', transactionTimeoutMs: 0 }, 1)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await c.initProducerId({ transactionalId: 't', transactionTimeoutMs: 900_000 }, 1)).errorCode).toBe(ErrorCode.NONE);
    const small = h.coordinator({ transactionMaxTimeoutMs: 5000 });
    expect((await small.initProducerId({ transactionalId: 'u', transactionTimeoutMs: 5001 }, 1)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await c.initProducerId({ transactionalId: 't', transactionTimeoutMs: 1000, producerId: 5, producerEpoch: -1 }, 3)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('keeps the producer id of a transactional id and bumps the epoch on each init', async () => {
    h = new Harness();
    const c = h.coordinator();
    const a = await initTxn(c, 'tx');
    const b = await initTxn(c, 'tx');
    expect(a.producerEpoch).toBe(0);
    expect(b).toMatchObject({ producerId: a.producerId, producerEpoch: 1 });
    expect(h.statesOf('tx')).toEqual([TxnState.Empty, TxnState.Empty]);
  });

  it('KIP-360: accepts (0, 0) for a new id, bumps on the current epoch, repeats a retried bump, fences others', async () => {
    h = new Harness();
    const c = h.coordinator();
    const a = await c.initProducerId({ transactionalId: 'p', transactionTimeoutMs: 1000, producerId: 0, producerEpoch: 0 }, 4);
    expect(a).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    const bump = await c.initProducerId({ transactionalId: 'p', transactionTimeoutMs: 1000, producerId: a.producerId, producerEpoch: 0 }, 4);
    expect(bump).toMatchObject({ errorCode: 0, producerId: a.producerId, producerEpoch: 1 });
    const retry = await c.initProducerId({ transactionalId: 'p', transactionTimeoutMs: 1000, producerId: a.producerId, producerEpoch: 0 }, 4);
    expect(retry).toMatchObject({ errorCode: 0, producerId: a.producerId, producerEpoch: 1 });
    // An existing id with someone else's producer id (a reused id after a platformatic restart): fenced.
    const other = await c.initProducerId({ transactionalId: 'p', transactionTimeoutMs: 1000, producerId: a.producerId + 100, producerEpoch: 0 }, 4);
    expect(other).toMatchObject({ errorCode: ErrorCode.PRODUCER_FENCED, producerId: -1, producerEpoch: -1 });
    const stale = await c.initProducerId({ transactionalId: 'p', transactionTimeoutMs: 1000, producerId: a.producerId + 100, producerEpoch: 0 }, 3);
    expect(stale.errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH); // pre-KIP-588 clients
  });

  it('rotates to a new producer id when the epoch is exhausted', async () => {
    h = new Harness();
    await h.store.append([{
      key: encodeTxnKey('old'),
      value: encodeTxnValue({
        producerId: 500, producerEpoch: 32766, transactionTimeoutMs: 1000, transactionStatus: TxnState.CompleteCommit,
        transactionPartitions: [], transactionLastUpdateTimestampMs: 1, transactionStartTimestampMs: 1,
      }),
    }]);
    const c = h.coordinator();
    await c.load();
    const r = await initTxn(c, 'old');
    expect(r.producerId).toBeGreaterThan(500);
    expect(r.producerEpoch).toBe(0);
  });
});

describe('TransactionCoordinator transactions', () => {
  it('commit: writes COMMIT markers to every partition and completes the group offsets', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    expect(codes(await addParts(c, 'tx', pid, epoch, [['a', [0, 1]]]))).toEqual([0, 0]);
    expect(codes(await addParts(c, 'tx', pid, epoch, [['a', [1]], ['b', [0]]]))).toEqual([0, 0]);
    expect((await c.addOffsetsToTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, groupId: 'g1' }, 1)).errorCode).toBe(0);
    h.partition('a', 0).produce(hdr(pid, epoch, 0, 3, { isTransactional: true }));
    expect(h.partition('a', 0).psm.lastStableOffset(3)).toBe(0);

    const end = await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1);
    expect(end.errorCode).toBe(0);
    expect(h.markers.map((m) => `${m.topic}-${m.partition}:${m.commit}:${m.producerEpoch}`).sort()).toEqual(['a-0:true:0', 'a-1:true:0', 'b-0:true:0']);
    expect(h.groupCompletions).toEqual([{ groupIds: ['g1'], producerId: pid, commit: true }]);
    expect(h.partition('a', 0).psm.lastStableOffset(4)).toBe(4);
    expect(h.partition('a', 0).psm.abortedTransactions(0, 4)).toEqual([]);
    expect(c.describe('tx')).toMatchObject({ state: TxnState.CompleteCommit, partitions: [] });
    expect(h.statesOf('tx')).toEqual([TxnState.Empty, TxnState.Ongoing, TxnState.Ongoing, TxnState.Ongoing, TxnState.PrepareCommit, TxnState.CompleteCommit]);
    const prepared = decodeTxnValue(h.store.records.filter((r) => decodeTxnKey(r.key) === 'tx').at(-2)!.value!);
    expect(prepared.transactionPartitions).toEqual([
      { topic: 'a', partitionIds: [0, 1] }, { topic: 'b', partitionIds: [0] }, { topic: '__consumer_offsets', partitionIds: [0] },
    ]);
    // A retried commit is answered NONE without new markers; switching to abort is not allowed.
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1)).errorCode).toBe(0);
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: false }, 1)).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(h.markers).toHaveLength(3);
    // The next transaction starts afresh: only its own partitions get markers.
    await addParts(c, 'tx', pid, epoch, [['c', [0]]]);
    await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1);
    expect(h.markers.slice(3).map((m) => `${m.topic}-${m.partition}`)).toEqual(['c-0']);
    expect(h.groupCompletions).toHaveLength(1);
  });

  it('abort: writes ABORT markers so the data lands in the aborted index', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    await addParts(c, 'tx', pid, epoch, [['a', [0]]]);
    await c.addOffsetsToTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, groupId: 'g' }, 1);
    h.partition('a', 0).produce(hdr(pid, epoch, 0, 2, { isTransactional: true }));
    const end = await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: false }, 1);
    expect(end.errorCode).toBe(0);
    expect(h.markers).toMatchObject([{ topic: 'a', partition: 0, commit: false, producerEpoch: epoch }]);
    expect(h.groupCompletions).toEqual([{ groupIds: ['g'], producerId: pid, commit: false }]);
    expect(h.partition('a', 0).psm.abortedTransactions(0, 3)).toEqual([{ producerId: pid, firstOffset: 0 }]);
    expect(c.describe('tx')?.state).toBe(TxnState.CompleteAbort);
  });

  it('rejects requests that do not match the transactional id', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    expect(codes(await addParts(c, 'nope', pid, epoch, [['a', [0]]]))).toEqual([ErrorCode.INVALID_PRODUCER_ID_MAPPING]);
    expect(codes(await addParts(c, 'tx', pid + 1, epoch, [['a', [0]]]))).toEqual([ErrorCode.INVALID_PRODUCER_ID_MAPPING]);
    expect(codes(await addParts(c, 'tx', pid, epoch, [['missing', [0]], ['a', [0]]]))).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.OPERATION_NOT_ATTEMPTED]);
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1)).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect((await c.addOffsetsToTxn({ transactionalId: 'nope', producerId: pid, producerEpoch: epoch, groupId: 'g' }, 1)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(h.markers).toEqual([]);
  });

  it('fences the previous producer when the transactional id is initialized again', async () => {
    h = new Harness();
    const c = h.coordinator();
    const old = await initTxn(c, 'tx');
    await addParts(c, 'tx', old.producerId, old.producerEpoch, [['a', [0]], ['a', [1]]]);
    h.partition('a', 0).produce(hdr(old.producerId, old.producerEpoch, 0, 2, { isTransactional: true }));

    const fresh = await initTxn(c, 'tx');
    expect(fresh).toMatchObject({ producerId: old.producerId, producerEpoch: 2 }); // 1 fenced the zombie's abort
    expect(h.markers.map((m) => `${m.topic}-${m.partition}:${m.commit}:${m.producerEpoch}`)).toEqual(['a-0:false:1', 'a-1:false:1']);
    expect(h.partition('a', 0).psm.abortedTransactions(0, 3)).toEqual([{ producerId: old.producerId, firstOffset: 0 }]);
    expect(h.statesOf('tx')).toEqual([TxnState.Empty, TxnState.Ongoing, TxnState.PrepareAbort, TxnState.CompleteAbort, TxnState.Empty]);

    const zombie = { transactionalId: 'tx', producerId: old.producerId, producerEpoch: old.producerEpoch, committed: true };
    expect((await c.endTxn(zombie, 1)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect((await c.endTxn(zombie, 2)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect(codes(await addParts(c, 'tx', old.producerId, old.producerEpoch, [['a', [0]]], 1))).toEqual([ErrorCode.INVALID_PRODUCER_EPOCH]);
    expect(codes(await addParts(c, 'tx', old.producerId, old.producerEpoch, [['a', [0]]], 2))).toEqual([ErrorCode.PRODUCER_FENCED]);
    // Its produce requests are fenced by the partition too.
    expect(h.partition('a', 0).produce(hdr(old.producerId, old.producerEpoch, 2, 1, { isTransactional: true }))).toMatchObject({ error: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(h.partition('a', 0).produce(hdr(fresh.producerId, fresh.producerEpoch, 0, 1, { isTransactional: true })).appendedAt).toBe(3);
  });

  it('verifies that a transactional write goes to a partition of the ongoing transaction', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    expect(c.verifyTransactionalWrite('tx', pid, epoch, 'a', 0)).toBe(ErrorCode.INVALID_TXN_STATE); // not begun
    await addParts(c, 'tx', pid, epoch, [['a', [0]]]);
    expect(c.verifyTransactionalWrite('tx', pid, epoch, 'a', 0)).toBe(ErrorCode.NONE);
    expect(c.verifyTransactionalWrite('tx', pid, epoch, 'a', 1)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(c.verifyTransactionalWrite('tx', pid + 1, epoch, 'a', 0)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(c.verifyTransactionalWrite('other', pid, epoch, 'a', 0)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(c.verifyTransactionalWrite(null, pid, epoch, 'a', 1)).toBe(ErrorCode.NONE);
    await initTxn(c, 'tx'); // fences
    expect(c.verifyTransactionalWrite('tx', pid, epoch, 'a', 0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('serves the batched AddPartitionsToTxn v4+ shape (add and verifyOnly)', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId, producerEpoch } = await initTxn(c, 'tx');
    const tx = (verifyOnly: boolean, partitions: number[]) => ({ transactionalId: 'tx', producerId, producerEpoch, verifyOnly, topics: [{ name: 'a', partitions }] });
    const added = await c.addPartitionsToTxn({ transactions: [tx(false, [0])] }, 4);
    expect(added).toEqual({
      throttleTimeMs: 0, errorCode: 0,
      resultsByTransaction: [{ transactionalId: 'tx', topicResults: [{ name: 'a', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }] }] }],
    });
    const verified = await c.addPartitionsToTxn({ transactions: [tx(true, [0, 1])] }, 4);
    expect(verified.resultsByTransaction![0]!.topicResults[0]!.resultsByPartition.map((r) => r.partitionErrorCode)).toEqual([0, ErrorCode.INVALID_TXN_STATE]);
    expect(c.describe('tx')?.partitions).toEqual([{ topic: 'a', partition: 0 }]);
  });

  it('answers CONCURRENT_TRANSACTIONS while a transaction is completing', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    await addParts(c, 'tx', pid, epoch, [['a', [0]]]);
    let open!: () => void;
    h.gate = new Promise((resolve) => { open = resolve; });
    const ending = c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1);
    await settle();
    expect(c.describe('tx')?.state).toBe(TxnState.PrepareCommit);
    expect(codes(await addParts(c, 'tx', pid, epoch, [['b', [0]]]))).toEqual([ErrorCode.CONCURRENT_TRANSACTIONS]);
    expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 }, 1)).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1)).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: false }, 1)).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    h.gate = null;
    open();
    expect((await ending).errorCode).toBe(0);
    expect(c.describe('tx')?.state).toBe(TxnState.CompleteCommit);
  });

  it('retries failed marker writes in the background until the transaction completes', async () => {
    h = new Harness();
    const c = h.coordinator({ markerRetryBackoffMs: 50 });
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx');
    await addParts(c, 'tx', pid, epoch, [['a', [0]]]);
    h.failMarkers = true;
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 1)).errorCode).toBe(0);
    expect(c.describe('tx')?.state).toBe(TxnState.PrepareCommit);
    await h.timers.advance(200);
    expect(c.describe('tx')?.state).toBe(TxnState.PrepareCommit);
    expect(h.errors.filter((e) => e.includes('marker')).length).toBeGreaterThanOrEqual(4);
    h.failMarkers = false;
    await h.timers.advance(50);
    expect(c.describe('tx')?.state).toBe(TxnState.CompleteCommit);
    expect(h.markers).toHaveLength(1);
  });

  it('aborts a transaction that exceeds its timeout and fences the producer that let it expire', async () => {
    h = new Harness();
    const c = h.coordinator();
    const { producerId: pid, producerEpoch: epoch } = await initTxn(c, 'tx', 1000);
    await addParts(c, 'tx', pid, epoch, [['a', [0]]]);
    h.partition('a', 0).produce(hdr(pid, epoch, 0, 1, { isTransactional: true }));
    await h.timers.advance(999);
    expect(c.describe('tx')?.state).toBe(TxnState.Ongoing);
    await h.timers.advance(1);
    expect(c.describe('tx')).toMatchObject({ state: TxnState.CompleteAbort, producerEpoch: epoch + 1 });
    expect(h.markers).toMatchObject([{ topic: 'a', partition: 0, commit: false, producerEpoch: epoch + 1 }]);
    expect(h.partition('a', 0).psm.abortedTransactions(0, 2)).toEqual([{ producerId: pid, firstOffset: 0 }]);
    expect((await c.endTxn({ transactionalId: 'tx', producerId: pid, producerEpoch: epoch, committed: true }, 2)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    // A transaction that ends in time never fires the timeout.
    const next = await initTxn(c, 'tx', 1000);
    await addParts(c, 'tx', next.producerId, next.producerEpoch, [['a', [0]]]);
    await h.timers.advance(500);
    await c.endTxn({ transactionalId: 'tx', producerId: next.producerId, producerEpoch: next.producerEpoch, committed: true }, 1);
    await h.timers.advance(5000);
    expect(c.describe('tx')).toMatchObject({ state: TxnState.CompleteCommit, producerEpoch: next.producerEpoch });
    expect(h.timers.armed).toBe(0);
  });
});

describe('TransactionCoordinator store failures', () => {
  it('answers COORDINATOR_NOT_AVAILABLE when state cannot be written and retries a timeout abort', async () => {
    h = new Harness();
    const c = h.coordinator({ markerRetryBackoffMs: 100, producerIdBlockSize: 1 });
    const t = await initTxn(c, 'tx', 1000);
    h.store.failWith = new Error('io');
    expect(codes(await addParts(c, 'tx', t.producerId, t.producerEpoch, [['a', [0]]]))).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    expect((await c.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 }, 1)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    h.store.failWith = null;
    await addParts(c, 'tx', t.producerId, t.producerEpoch, [['a', [0]]]);
    h.store.failWith = new Error('io');
    await h.timers.advance(1000 + 350);
    expect(c.describe('tx')?.state).toBe(TxnState.Ongoing);
    const failures = h.errors.filter((e) => e === 'transaction state write failed').length;
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(failures).toBeLessThanOrEqual(6); // backed off, not a busy loop
    h.store.failWith = null;
    await h.timers.advance(100);
    expect(c.describe('tx')).toMatchObject({ state: TxnState.CompleteAbort, producerEpoch: t.producerEpoch + 1 });
  });
});

describe('TransactionCoordinator restart', () => {
  it('restores transactional ids, never reuses producer ids and resumes timeouts', async () => {
    h = new Harness();
    const a = h.coordinator({ producerIdBlockSize: 10 });
    const idem: number[] = [];
    for (let i = 0; i < 12; i++) idem.push((await a.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 }, 0)).producerId);
    const t = await initTxn(a, 'tx', 5000);
    await addParts(a, 'tx', t.producerId, t.producerEpoch, [['a', [0]]]);
    await h.timers.advance(1000);
    a.close();

    const b = h.coordinator({ producerIdBlockSize: 10 });
    await b.load();
    expect(b.describe('tx')).toMatchObject({ producerId: t.producerId, producerEpoch: t.producerEpoch, state: TxnState.Ongoing, partitions: [{ topic: 'a', partition: 0 }] });
    const after = await b.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 }, 0);
    expect(after.producerId).toBeGreaterThan(Math.max(...idem, t.producerId));
    await h.timers.advance(3999);
    expect(b.describe('tx')?.state).toBe(TxnState.Ongoing);
    await h.timers.advance(1);
    expect(b.describe('tx')?.state).toBe(TxnState.CompleteAbort);
    expect(h.markers).toMatchObject([{ topic: 'a', partition: 0, commit: false, producerEpoch: t.producerEpoch + 1 }]);
  });

  it('finishes a transaction that was prepared but not completed before the restart', async () => {
    h = new Harness();
    const a = h.coordinator();
    const t = await initTxn(a, 'tx');
    await addParts(a, 'tx', t.producerId, t.producerEpoch, [['a', [0]], ['b', [2]]]);
    h.failMarkers = true;
    expect((await a.endTxn({ transactionalId: 'tx', producerId: t.producerId, producerEpoch: t.producerEpoch, committed: true }, 1)).errorCode).toBe(0);
    a.close();
    h.failMarkers = false;

    const b = h.coordinator();
    await b.load();
    expect(b.describe('tx')?.state).toBe(TxnState.CompleteCommit);
    expect(h.markers.map((m) => `${m.topic}-${m.partition}:${m.commit}`)).toEqual(['a-0:true', 'b-2:true']);
    const again = await initTxn(b, 'tx');
    expect(again).toMatchObject({ producerId: t.producerId, producerEpoch: t.producerEpoch + 1 });
  });

  it('forgets expired transactional ids with a tombstone', async () => {
    h = new Harness();
    const a = h.coordinator();
    await initTxn(a, 'idle');
    await h.timers.advance(10_000);
    await a.expireTransactionalIds(5000);
    expect(a.transactionalIds).toEqual([]);
    expect(h.store.records.at(-1)).toMatchObject({ value: null });
    const b = h.coordinator();
    await b.load();
    expect(b.describe('idle')).toBeUndefined();
  });
});
