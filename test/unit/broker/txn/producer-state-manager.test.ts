import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';
import { buildBatch, buildControlBatch, setBaseOffset } from '../../../../src/broker/protocol/record-batch.js';
import { INT32_MAX } from '../../../../src/broker/txn/producer-sequence.js';
import { producerStateEntries } from '../../../../src/broker/txn/producer-state-entries.js';
import { ProducerStateManager } from '../../../../src/broker/txn/producer-state-manager.js';
import { Partition, hdr } from './test-partition.js';

function errorOf(r: object): number | undefined {
  return 'error' in r ? (r as { error: number }).error : undefined;
}

describe('ProducerStateManager sequence rules', () => {
  it('accepts in-order batches and rejects a gap with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const p = new Partition();
    expect(p.produce(hdr(7, 0, 0, 5)).appendedAt).toBe(0);
    expect(p.produce(hdr(7, 0, 5, 2)).appendedAt).toBe(5);
    expect(errorOf(p.produce(hdr(7, 0, 8)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(errorOf(p.produce(hdr(7, 0, 6)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER); // overlaps, not a retained batch
    expect(p.produce(hdr(7, 0, 7)).appendedAt).toBe(7);
    expect(p.next).toBe(8);
  });

  it('answers a retry of each of the last five batches with its original offsets, without appending', () => {
    const p = new Partition();
    const offsets: number[] = [];
    for (let i = 0; i < 6; i++) offsets.push(p.produce(hdr(3, 0, i * 2, 2)).appendedAt!);
    const end = p.next;
    for (let i = 1; i < 6; i++) {
      const r = p.psm.checkAndRecord(hdr(3, 0, i * 2, 2));
      expect(r).toEqual({ duplicate: { baseOffset: offsets[i], lastOffset: offsets[i]! + 1, maxTimestamp: 1000 } });
    }
    // The oldest batch fell out of the five retained: a retry of it is out of order, not a duplicate.
    expect(errorOf(p.psm.checkAndRecord(hdr(3, 0, 0, 2)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    // Same first sequence but a different range is not a duplicate either.
    expect(errorOf(p.psm.checkAndRecord(hdr(3, 0, 10, 1)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(p.next).toBe(end);
  });

  it('rejects a stale epoch, and a bumped epoch restarts the sequence at 0', () => {
    const p = new Partition();
    p.produce(hdr(9, 2, 0, 3));
    expect(errorOf(p.produce(hdr(9, 1, 3)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(errorOf(p.produce(hdr(9, 3, 3)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(p.produce(hdr(9, 3, 0)).appendedAt).toBe(3);
    expect(errorOf(p.produce(hdr(9, 2, 3)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    // The old epoch's batches are forgotten: its retry is no longer a duplicate.
    expect(errorOf(p.psm.checkAndRecord(hdr(9, 2, 0, 3)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(p.produce(hdr(9, 3, 1)).appendedAt).toBe(4);
  });

  it('wraps the sequence after int32 max', () => {
    const p = new Partition();
    p.produce(hdr(1, 0, 0));
    // Pretend a long history: rebuild with a batch ending exactly at INT32_MAX.
    p.psm.rebuild([{ ...hdr(1, 0, INT32_MAX - 2, 3), baseOffset: 0 }]);
    expect(p.psm.producer(1)?.lastSequence).toBe(INT32_MAX);
    expect(errorOf(p.psm.checkAndRecord(hdr(1, 0, INT32_MAX)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    p.next = 3;
    expect(p.produce(hdr(1, 0, 0, 2)).appendedAt).toBe(3);
    // A batch that itself crosses the wrap point.
    p.psm.rebuild([{ ...hdr(1, 0, INT32_MAX - 1, 4), baseOffset: 10 }]);
    expect(p.psm.producer(1)?.lastSequence).toBe(1);
    expect(p.psm.checkAndRecord(hdr(1, 0, INT32_MAX - 1, 4))).toEqual({ duplicate: { baseOffset: 10, lastOffset: 13, maxTimestamp: 1000 } });
    expect(p.psm.checkAndRecord(hdr(1, 0, 2))).toEqual({ ok: true });
  });

  it('answers UNKNOWN_PRODUCER_ID for an unknown producer that does not start at 0; ignores non-idempotent batches', () => {
    const p = new Partition();
    expect(errorOf(p.produce(hdr(42, 0, 17)))).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
    expect(p.produce(hdr(42, 0, 0)).appendedAt).toBe(0);
    expect(p.produce(hdr(-1, -1, -1, 4)).appendedAt).toBe(1);
    expect(p.produce(hdr(-1, -1, -1, 4)).appendedAt).toBe(5);
    expect(p.psm.producerIds).toEqual([42]);
  });

  it('rejects a non-transactional batch inside an ongoing transaction with INVALID_TXN_STATE', () => {
    const p = new Partition();
    p.produce(hdr(5, 0, 0, 1, { isTransactional: true }));
    expect(errorOf(p.produce(hdr(5, 0, 1)))).toBe(ErrorCode.INVALID_TXN_STATE);
    p.marker(5, 0, true);
    expect(p.produce(hdr(5, 0, 1)).appendedAt).toBe(2); // sequences continue across transactions of one epoch
  });

  it('a fencing marker with a bumped epoch closes the transaction and resets the sequence', () => {
    const p = new Partition();
    p.produce(hdr(5, 0, 0, 2, { isTransactional: true }));
    p.marker(5, 1, false);
    expect(p.psm.firstUnstableOffset).toBeNull();
    expect(errorOf(p.produce(hdr(5, 0, 2, 1, { isTransactional: true })))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(p.psm.abortedTransactions(0, 100)).toEqual([{ producerId: 5, firstOffset: 0 }]);
    // A marker for a partition the producer never wrote to is legal and changes nothing else.
    expect(p.psm.completeTxn(77, 0, true, p.next++)).toBeNull();
    expect(p.psm.abortedTransactions(0, 100)).toHaveLength(1);
  });
});

describe('ProducerStateManager transactions', () => {
  // P1 and P2 interleave transactions; P3 is plain idempotent; P4 aborts later.
  function interleaved(): { p: Partition; lso: number[] } {
    const p = new Partition();
    const lso: number[] = [];
    const step = (f: () => unknown): void => { f(); lso.push(p.psm.lastStableOffset(p.next)); };
    step(() => p.produce(hdr(1, 0, 0, 2, { isTransactional: true }))); // 0-1
    step(() => p.produce(hdr(2, 0, 0, 1, { isTransactional: true }))); // 2
    step(() => p.produce(hdr(1, 0, 2, 1, { isTransactional: true }))); // 3
    step(() => p.produce(hdr(3, 0, 0, 1))); // 4
    step(() => p.marker(2, 0, false)); // 5: abort P2
    step(() => p.marker(1, 0, true)); // 6: commit P1
    step(() => p.produce(hdr(4, 0, 0, 1, { isTransactional: true }))); // 7
    step(() => p.marker(4, 0, false)); // 8: abort P4
    return { p, lso };
  }

  it('keeps the last stable offset at the first offset of the oldest ongoing transaction', () => {
    const { p, lso } = interleaved();
    expect(lso).toEqual([0, 0, 0, 0, 0, 7, 7, 9]);
    expect(p.psm.firstUnstableOffset).toBeNull();
    expect(p.psm.lastStableOffset(9)).toBe(9);
  });

  it('lists the aborted transactions overlapping a fetch range', () => {
    const { p } = interleaved();
    expect(p.psm.abortedTransactions(0, 9)).toEqual([{ producerId: 2, firstOffset: 2 }, { producerId: 4, firstOffset: 7 }]);
    expect(p.psm.abortedTransactions(6, 9)).toEqual([{ producerId: 4, firstOffset: 7 }]);
    expect(p.psm.abortedTransactions(0, 3)).toEqual([{ producerId: 2, firstOffset: 2 }]);
    expect(p.psm.abortedTransactions(0, 2)).toEqual([]);
    expect(p.psm.abortedTransactions(9, 20)).toEqual([]);
    p.psm.truncateHead(6);
    expect(p.psm.abortedTransactions(0, 9)).toEqual([{ producerId: 4, firstOffset: 7 }]);
  });

  it('rebuilds the same state from the logged batch stream', () => {
    const { p } = interleaved();
    p.produce(hdr(1, 0, 3, 1, { isTransactional: true })); // 9: P1's next transaction stays open
    const fresh = new ProducerStateManager();
    fresh.rebuild(p.logged);
    expect(fresh.abortedTransactions(0, 10)).toEqual([{ producerId: 2, firstOffset: 2 }, { producerId: 4, firstOffset: 7 }]);
    expect(fresh.firstUnstableOffset).toBe(9);
    expect(fresh.lastStableOffset(10)).toBe(9);
    expect(fresh.checkAndRecord(hdr(3, 0, 0, 1))).toEqual({ duplicate: { baseOffset: 4, lastOffset: 4, maxTimestamp: 1000 } });
    expect(fresh.checkAndRecord(hdr(3, 0, 1))).toEqual({ ok: true });
    expect(errorOf(fresh.checkAndRecord(hdr(1, 0, 4, 1, { isTransactional: false })))).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(fresh.checkAndRecord(hdr(1, 0, 3, 1, { isTransactional: true }))).toEqual({ duplicate: { baseOffset: 9, lastOffset: 9, maxTimestamp: 1000 } });
  });

  it('rebuilds from real record-batch bytes, reading the marker type from the control record', () => {
    const batches: Buffer[] = [];
    let next = 0;
    const add = (b: Buffer, count: number): void => { setBaseOffset(b, next); next += count; batches.push(b); };
    const recs = (n: number) => Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`v${i}`) }));
    add(buildBatch({ records: recs(3), producerId: 11, producerEpoch: 0, baseSequence: 0, isTransactional: true }), 3);
    add(buildBatch({ records: recs(2), producerId: 12, producerEpoch: 0, baseSequence: 0, isTransactional: true }), 2);
    add(buildControlBatch({ producerId: 11, producerEpoch: 0, commit: false, coordinatorEpoch: 0, timestamp: 5 }), 1);
    add(buildBatch({ records: recs(1), producerId: 13, producerEpoch: 2, baseSequence: 0 }), 1);
    add(buildControlBatch({ producerId: 12, producerEpoch: 0, commit: true, coordinatorEpoch: 0, timestamp: 6 }), 1);
    const entries = [...producerStateEntries(Buffer.concat(batches))];
    expect(entries.map((e) => e.controlType)).toEqual([null, null, 'ABORT', null, 'COMMIT']);
    const psm = new ProducerStateManager();
    psm.rebuild(entries);
    expect(psm.abortedTransactions(0, next)).toEqual([{ producerId: 11, firstOffset: 0 }]);
    expect(psm.lastStableOffset(next)).toBe(next);
    expect(psm.checkAndRecord(hdr(13, 2, 0))).toEqual({ duplicate: { baseOffset: 6, lastOffset: 6, maxTimestamp: entries[3]!.maxTimestamp } });
    expect(psm.producer(11)?.lastSequence).toBe(2);
  });

  it('expires idle producers but not ones with an open transaction', () => {
    const p = new Partition();
    p.produce(hdr(1, 0, 0, 1, { maxTimestamp: 100 }));
    p.produce(hdr(2, 0, 0, 1, { maxTimestamp: 100, isTransactional: true }));
    p.psm.removeExpiredProducers(10_000, 1000);
    expect(p.psm.producerIds).toEqual([2]);
  });
});
