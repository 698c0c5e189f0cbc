// Per-partition producer state: idempotent sequence checks, ongoing transactions (for the last
// stable offset) and the aborted-transaction index. Pure bookkeeping — the server calls it around
// PartitionLog.append and rebuilds it by scanning the log on start (see producer-state-entries.ts).
//
// Usage per produced batch:  r = psm.checkAndRecord(h)  → error: answer it; duplicate: answer the
// original offsets without appending; ok: append, then psm.onAppended(h, baseOffset).
// Per transaction marker written to this partition: psm.completeTxn(pid, epoch, commit, markerOffset).
import { ErrorCode } from '../protocol/error-codes.js';
import { AbortedTxnIndex } from './aborted-txn-index.js';
import { ProducerStateEntry } from './producer-state-entry.js';
import { inSequence } from './producer-sequence.js';

/** The batch header fields producer state needs (a subset of record-batch.ts `BatchHeader`). */
export interface ProducerBatchHeader {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  maxTimestamp: number;
  isTransactional: boolean;
  isControl: boolean;
}

/** A batch already in the log, for rebuild(); controlType is the marker type of a control batch. */
export interface LoggedBatch extends ProducerBatchHeader {
  baseOffset: number;
  controlType?: 'COMMIT' | 'ABORT' | null;
}

export type SequenceCheck =
  | { ok: true }
  | { duplicate: { baseOffset: number; lastOffset: number; maxTimestamp: number } }
  | { error: number; message: string };

const OK: SequenceCheck = Object.freeze({ ok: true as const });

export class ProducerStateManager {
  readonly #producers = new Map<number, ProducerStateEntry>();
  /** producerId → first offset of its ongoing transaction. */
  readonly #ongoing = new Map<number, number>();
  readonly #aborted = new AbortedTxnIndex();

  /**
   * Validates a produced batch against the producer's state (no state change: call onAppended after
   * the append). Non-idempotent batches (producerId -1) always pass.
   */
  checkAndRecord(h: ProducerBatchHeader): SequenceCheck {
    if (h.producerId < 0 || h.isControl) return OK;
    const e = this.#producers.get(h.producerId);
    if (e === undefined) {
      // Nothing known about this producer (new, or its batches are gone): only a first batch fits.
      if (h.baseSequence !== 0) {
        return { error: ErrorCode.UNKNOWN_PRODUCER_ID, message: `unknown producer ${h.producerId} with sequence ${h.baseSequence}` };
      }
      return OK;
    }
    if (h.producerEpoch < e.producerEpoch) {
      // Produce answers INVALID_PRODUCER_EPOCH even for fenced transactional producers (KIP-588).
      return {
        error: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `producer ${h.producerId} epoch ${h.producerEpoch} is older than ${e.producerEpoch}`,
      };
    }
    const dup = e.findDuplicate(h.producerEpoch, h.baseSequence, h.lastOffsetDelta);
    if (dup !== undefined) {
      return { duplicate: { baseOffset: dup.firstOffset, lastOffset: dup.lastOffset, maxTimestamp: dup.maxTimestamp } };
    }
    if (h.producerEpoch > e.producerEpoch) {
      if (h.baseSequence !== 0) {
        return {
          error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          message: `producer ${h.producerId} new epoch ${h.producerEpoch} must start at sequence 0, got ${h.baseSequence}`,
        };
      }
    } else if (!inSequence(e.lastSeq, h.baseSequence)) {
      return {
        error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `producer ${h.producerId} sequence ${h.baseSequence} does not follow ${e.lastSeq}`,
      };
    }
    if (!h.isTransactional && e.currentTxnFirstOffset !== null) {
      return {
        error: ErrorCode.INVALID_TXN_STATE,
        message: `producer ${h.producerId} sent a non-transactional batch inside its ongoing transaction`,
      };
    }
    return OK;
  }

  /** Records an appended data batch (call after PartitionLog.append with the assigned baseOffset). */
  onAppended(h: ProducerBatchHeader, baseOffset: number): void {
    if (h.producerId < 0 || h.isControl) return;
    let e = this.#producers.get(h.producerId);
    if (e === undefined) {
      e = new ProducerStateEntry(h.producerId, h.producerEpoch, h.maxTimestamp);
      this.#producers.set(h.producerId, e);
    }
    e.maybeUpdateEpoch(h.producerEpoch);
    e.addBatch(h.baseSequence, h.lastOffsetDelta, baseOffset, h.maxTimestamp);
    if (h.isTransactional && e.currentTxnFirstOffset === null) {
      e.currentTxnFirstOffset = baseOffset;
      this.#ongoing.set(h.producerId, baseOffset);
    }
  }

  /**
   * Closes the producer's ongoing transaction after its COMMIT/ABORT marker was appended at
   * `markerOffset`. Returns the transaction's first offset, or null if none was ongoing (a marker for
   * a partition the producer never wrote to is legal and changes nothing but the epoch).
   */
  completeTxn(producerId: number, producerEpoch: number, commit: boolean, markerOffset: number): number | null {
    let e = this.#producers.get(producerId);
    if (e === undefined) {
      e = new ProducerStateEntry(producerId, producerEpoch, -1);
      this.#producers.set(producerId, e);
    }
    // A fencing abort is written with a bumped epoch; the producer's next batch then starts at 0.
    if (producerEpoch > e.producerEpoch) e.maybeUpdateEpoch(producerEpoch);
    const first = e.currentTxnFirstOffset;
    if (first === null) return null;
    e.currentTxnFirstOffset = null;
    this.#ongoing.delete(producerId);
    if (!commit) {
      this.#aborted.add({ producerId, firstOffset: first, lastOffset: markerOffset, lastStableOffset: this.lastStableOffset(markerOffset + 1) });
    }
    return first;
  }

  /** The smallest first offset of an ongoing transaction, null when none is ongoing. */
  get firstUnstableOffset(): number | null {
    let min: number | null = null;
    for (const off of this.#ongoing.values()) if (min === null || off < min) min = off;
    return min;
  }

  /** Offsets below this are decided (committed or aborted): what read_committed consumers may read up to. */
  lastStableOffset(highWatermark: number): number {
    const fuo = this.firstUnstableOffset;
    return fuo === null ? highWatermark : Math.min(fuo, highWatermark);
  }

  /** Aborted transactions overlapping [fetchOffset, upperBoundOffset) for a read_committed Fetch. */
  abortedTransactions(fetchOffset: number, upperBoundOffset: number): Array<{ producerId: number; firstOffset: number }> {
    return this.#aborted.collect(fetchOffset, upperBoundOffset);
  }

  /** Forgets state (aborted index entries) below the new log start offset. */
  truncateHead(logStartOffset: number): void {
    this.#aborted.truncateHead(logStartOffset);
  }

  /** Drops idle producers (no ongoing transaction, last write older than expirationMs), like producer.id.expiration.ms. */
  removeExpiredProducers(now: number, expirationMs: number): void {
    for (const [pid, e] of this.#producers) {
      if (e.currentTxnFirstOffset === null && now - e.lastTimestamp >= expirationMs) this.#producers.delete(pid);
    }
  }

  /** Replaces all state by replaying the partition's batches in offset order (startup recovery). */
  rebuild(batches: Iterable<LoggedBatch>): void {
    this.#producers.clear();
    this.#ongoing.clear();
    this.#aborted.clear();
    for (const b of batches) {
      if (b.isControl) {
        if (b.controlType === 'COMMIT' || b.controlType === 'ABORT') {
          this.completeTxn(b.producerId, b.producerEpoch, b.controlType === 'COMMIT', b.baseOffset);
        }
      } else {
        this.onAppended(b, b.baseOffset);
      }
    }
  }

  /** Read-only view of one producer (DescribeProducers, tests). */
  producer(producerId: number): Readonly<{ producerEpoch: number; lastSequence: number; currentTxnStartOffset: number | null; lastTimestamp: number }> | undefined {
    const e = this.#producers.get(producerId);
    if (e === undefined) return undefined;
    return { producerEpoch: e.producerEpoch, lastSequence: e.lastSeq, currentTxnStartOffset: e.currentTxnFirstOffset, lastTimestamp: e.lastTimestamp };
  }

  get producerIds(): number[] {
    return [...this.#producers.keys()];
  }
}
