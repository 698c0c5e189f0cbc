// The coordinator's state for one transactional id: the persisted part (TxnSnapshot, written to
// __transaction_state on every transition) plus runtime bookkeeping (pending write, timer, markers
// still to write).
import { type TransactionLogValue } from './transaction-log-format.js';
import { TxnState, type TxnStateId } from './txn-state.js';

export interface TxnPartition {
  topic: string;
  partition: number;
}

export interface TxnSnapshot {
  producerId: number;
  /** Previous producer id after an id rotation (KIP-360 retries), -1 otherwise. Not persisted (format v0). */
  lastProducerId: number;
  producerEpoch: number;
  /** Epoch before the last client-requested bump (KIP-360 retries), -1 otherwise. Not persisted. */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnStateId;
  partitions: TxnPartition[];
  startTimestamp: number;
  lastUpdateTimestamp: number;
}

export class TxnMetadata implements TxnSnapshot {
  producerId: number;
  lastProducerId = -1;
  producerEpoch: number;
  lastProducerEpoch = -1;
  timeoutMs: number;
  state: TxnStateId = TxnState.Empty;
  partitions: TxnPartition[] = [];
  startTimestamp = -1;
  lastUpdateTimestamp: number;

  /** Consumer groups whose offsets ride in the ongoing transaction (memory only: format v0 has no field). */
  readonly groupIds = new Set<string>();
  /** A state write is in flight; other requests get CONCURRENT_TRANSACTIONS meanwhile. */
  pending = false;
  /** Cancels the armed timer (transaction timeout while Ongoing, completion retry while Prepare*). */
  cancelTimer: (() => void) | null = null;
  /** While completing: partitions whose marker is not written yet (null = all of them). */
  markersLeft: TxnPartition[] | null = null;
  groupsCompleted = false;

  constructor(readonly transactionalId: string, producerId: number, producerEpoch: number, timeoutMs: number, now: number) {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.timeoutMs = timeoutMs;
    this.lastUpdateTimestamp = now;
  }

  snapshot(): TxnSnapshot {
    return {
      producerId: this.producerId,
      lastProducerId: this.lastProducerId,
      producerEpoch: this.producerEpoch,
      lastProducerEpoch: this.lastProducerEpoch,
      timeoutMs: this.timeoutMs,
      state: this.state,
      partitions: this.partitions.slice(),
      startTimestamp: this.startTimestamp,
      lastUpdateTimestamp: this.lastUpdateTimestamp,
    };
  }

  apply(s: TxnSnapshot): void {
    this.producerId = s.producerId;
    this.lastProducerId = s.lastProducerId;
    this.producerEpoch = s.producerEpoch;
    this.lastProducerEpoch = s.lastProducerEpoch;
    this.timeoutMs = s.timeoutMs;
    this.state = s.state;
    this.partitions = s.partitions;
    this.startTimestamp = s.startTimestamp;
    this.lastUpdateTimestamp = s.lastUpdateTimestamp;
  }

  hasPartition(topic: string, partition: number): boolean {
    return this.partitions.some((p) => p.topic === topic && p.partition === partition);
  }

  static fromLogValue(transactionalId: string, v: TransactionLogValue): TxnMetadata {
    const m = new TxnMetadata(transactionalId, v.producerId, v.producerEpoch, v.transactionTimeoutMs, v.transactionLastUpdateTimestampMs);
    m.state = v.transactionStatus as TxnStateId;
    m.startTimestamp = v.transactionStartTimestampMs;
    m.partitions = (v.transactionPartitions ?? []).flatMap((t) => t.partitionIds.map((partition) => ({ topic: t.topic, partition })));
    return m;
  }
}

export function toLogValue(s: TxnSnapshot): TransactionLogValue {
  const byTopic = new Map<string, number[]>();
  for (const p of s.partitions) {
    const list = byTopic.get(p.topic);
    if (list) list.push(p.partition);
    else byTopic.set(p.topic, [p.partition]);
  }
  return {
    producerId: s.producerId,
    producerEpoch: s.producerEpoch,
    transactionTimeoutMs: s.timeoutMs,
    transactionStatus: s.state,
    transactionPartitions: [...byTopic].map(([topic, partitionIds]) => ({ topic, partitionIds })),
    transactionLastUpdateTimestampMs: s.lastUpdateTimestamp,
    transactionStartTimestampMs: s.startTimestamp,
  };
}
