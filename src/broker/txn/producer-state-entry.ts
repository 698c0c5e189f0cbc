// What one partition remembers about one idempotent producer: its epoch, the metadata of its last
// five appended batches (a producer has at most five requests in flight, so a retried batch is
// always among them) and the first offset of its ongoing transaction, if any.
import { NO_SEQUENCE, incrementSequence } from './producer-sequence.js';

export const BATCHES_TO_RETAIN = 5;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

export class ProducerStateEntry {
  readonly batches: BatchMetadata[] = [];
  /** First offset of the ongoing transaction, null when none. */
  currentTxnFirstOffset: number | null = null;

  constructor(
    readonly producerId: number,
    public producerEpoch: number,
    public lastTimestamp: number,
  ) {}

  get lastSeq(): number {
    return this.batches.length ? this.batches[this.batches.length - 1]!.lastSeq : NO_SEQUENCE;
  }

  /** A newer epoch starts a fresh sequence space: forget the old batches. */
  maybeUpdateEpoch(epoch: number): void {
    if (epoch !== this.producerEpoch) {
      this.producerEpoch = epoch;
      this.batches.length = 0;
    }
  }

  addBatch(baseSequence: number, lastOffsetDelta: number, baseOffset: number, maxTimestamp: number): void {
    this.batches.push({
      firstSeq: baseSequence,
      lastSeq: incrementSequence(baseSequence, lastOffsetDelta),
      firstOffset: baseOffset,
      lastOffset: baseOffset + lastOffsetDelta,
      maxTimestamp,
    });
    if (this.batches.length > BATCHES_TO_RETAIN) this.batches.shift();
    if (maxTimestamp > this.lastTimestamp) this.lastTimestamp = maxTimestamp;
  }

  /** The retained batch with exactly this epoch and sequence range, if any. */
  findDuplicate(epoch: number, baseSequence: number, lastOffsetDelta: number): BatchMetadata | undefined {
    if (epoch !== this.producerEpoch) return undefined;
    const lastSeq = incrementSequence(baseSequence, lastOffsetDelta);
    return this.batches.find((b) => b.firstSeq === baseSequence && b.lastSeq === lastSeq);
  }
}
