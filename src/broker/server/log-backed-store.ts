import { buildBatch, decodeRecords } from '../protocol/record-batch.js';
import { scanLogBatches } from '../topics/scan-log-batches.js';
import type { Partition } from '../topics/partition.js';

export interface KeyValueRecord {
  key: Buffer;
  value: Buffer | null;
}

/**
 * A coordinator's persistence (OffsetStore / TxnStateStore) on one partition of an internal,
 * compacted topic: each append is one record batch, fsynced before the promise resolves when the
 * broker's flush policy is 'always' (as produced data is).
 */
export class LogBackedStore {
  readonly #partition: Partition;
  readonly #clock: () => number;
  readonly #sync: boolean;

  constructor(partition: Partition, clock: () => number, sync: boolean) {
    this.#partition = partition;
    this.#clock = clock;
    this.#sync = sync;
  }

  async append(records: KeyValueRecord[]): Promise<void> {
    if (records.length === 0) return;
    const now = this.#clock();
    const batch = buildBatch({ records: records.map((r) => ({ key: r.key, value: r.value, timestamp: now })) });
    this.#partition.log.append(batch);
    if (this.#sync) await this.#partition.log.flush();
  }

  async *readAll(): AsyncIterable<KeyValueRecord> {
    const from = this.#partition.log.logStartOffset;
    for (const b of scanLogBatches(this.#partition.log)) {
      if (b.header.isControl) continue;
      for (const r of decodeRecords(b.bytes)) {
        if (r.offset < from || r.key === null) continue;
        yield { key: Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value) };
      }
    }
  }
}
