// Kafka's rules for an InitProducerId on an existing transactional id (TransactionCoordinator
// prepareInitProducerIdTransit / TransactionMetadata.prepareIncrementProducerEpoch), as pure functions.
import { ErrorCode } from '../protocol/error-codes.js';
import { isEpochExhausted } from './producer-sequence.js';
import type { TxnSnapshot } from './txn-metadata.js';

/** The (producerId, epoch) an InitProducerId v3+ request carries (KIP-360), when not (-1, -1). */
export interface ExpectedProducer {
  producerId: number;
  epoch: number;
}

/** Whether a v3+ request's (producerId, epoch) may touch this id; false = PRODUCER_FENCED. */
export function isValidExpectedProducer(m: TxnSnapshot, expected: ExpectedProducer): boolean {
  return m.producerEpoch === -1 // just created: e.g. platformatic's (0, 0) for a new transactional id
    || expected.producerId === m.producerId
    || (expected.producerId === m.lastProducerId && isEpochExhausted(expected.epoch));
}

/**
 * The next producer id/epoch for an id in Empty or Complete*: 'rotate' when the epoch is used up
 * (the caller allocates a new producer id, epoch 0), else the bumped snapshot, else an error code.
 */
export function nextEpoch(m: TxnSnapshot, expected: ExpectedProducer | null): 'rotate' | TxnSnapshot | number {
  if (isEpochExhausted(m.producerEpoch) && (!expected || expected.epoch === m.producerEpoch)) return 'rotate';
  const next: TxnSnapshot = { ...m, partitions: m.partitions.slice() };
  if (!expected) {
    next.producerEpoch = m.producerEpoch + 1;
    next.lastProducerEpoch = -1;
  } else if (m.producerEpoch === -1 || expected.epoch === m.producerEpoch) {
    next.producerEpoch = m.producerEpoch + 1;
    next.lastProducerEpoch = m.producerEpoch;
  } else if (expected.epoch !== m.lastProducerEpoch) {
    return ErrorCode.PRODUCER_FENCED;
  } // else: a retry of a bump that succeeded (its response was lost): answer the current epoch again
  return next;
}

/** Clients older than KIP-588 do not know PRODUCER_FENCED; Kafka answers them INVALID_PRODUCER_EPOCH. */
export function downgradeFenced(code: number, apiVersion: number, fencedFromVersion: number): number {
  return code === ErrorCode.PRODUCER_FENCED && apiVersion < fencedFromVersion ? ErrorCode.INVALID_PRODUCER_EPOCH : code;
}
