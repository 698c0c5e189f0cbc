// Test support: a tiny partition that assigns offsets like PartitionLog.append and keeps its
// ProducerStateManager in step (what the server does around each append).
import {
  ProducerStateManager, type LoggedBatch, type ProducerBatchHeader,
} from '../../../../src/broker/txn/producer-state-manager.js';

export function hdr(producerId: number, producerEpoch: number, baseSequence: number, records = 1, extra: Partial<ProducerBatchHeader> = {}): ProducerBatchHeader {
  return { producerId, producerEpoch, baseSequence, lastOffsetDelta: records - 1, maxTimestamp: 1000, isTransactional: false, isControl: false, ...extra };
}

/** A tiny partition: assigns offsets like PartitionLog.append and keeps the producer state in step. */
export class Partition {
  readonly psm = new ProducerStateManager();
  next = 0;
  readonly logged: LoggedBatch[] = [];

  produce(h: ProducerBatchHeader): ReturnType<ProducerStateManager['checkAndRecord']> & { appendedAt?: number } {
    const r = this.psm.checkAndRecord(h);
    if (!('ok' in r)) return r;
    const at = this.next;
    this.next += h.lastOffsetDelta + 1;
    this.psm.onAppended(h, at);
    this.logged.push({ ...h, baseOffset: at });
    return { ...r, appendedAt: at };
  }

  marker(producerId: number, epoch: number, commit: boolean): number {
    const at = this.next++;
    this.psm.completeTxn(producerId, epoch, commit, at);
    this.logged.push({ ...hdr(producerId, epoch, -1, 1, { isTransactional: true, isControl: true }), baseOffset: at, controlType: commit ? 'COMMIT' : 'ABORT' });
    return at;
  }
}

