// Producer sequence arithmetic. Sequences are int32 and wrap from 2^31-1 back to 0 (Kafka's
// DefaultRecordBatch.incrementSequence), so "next" is not simply +1 at the top of the range.

export const INT32_MAX = 0x7fffffff;
/** RecordBatch.NO_PRODUCER_ID / NO_PRODUCER_EPOCH / NO_SEQUENCE. */
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
/** Short.MaxValue: the last epoch a producer id can have. */
export const MAX_PRODUCER_EPOCH = 0x7fff;

/** `sequence + increment`, wrapping past INT32_MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** True when `next` directly follows `last` (NO_SEQUENCE is followed by 0). */
export function inSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === INT32_MAX);
}

/** Kafka stops bumping an epoch at Short.MaxValue - 1 and rotates to a new producer id instead. */
export function isEpochExhausted(epoch: number): boolean {
  return epoch >= MAX_PRODUCER_EPOCH - 1;
}
