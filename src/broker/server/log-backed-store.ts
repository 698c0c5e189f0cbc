import { buildBatch, decodeRecords, iterateBatches } from '../protocol/record-batch.js';
import type { Partition } from '../topics/partition.js';

export interface KeyValueRecord {
  key: Buffer;
  value: Buffer | null;
}

const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * A coordinator's persistence (OffsetStore / TxnStateStore) on one partition of an internal,
 * compacted topic: each append is one record batch, fsynced before the promise resolves.
 */
export class LogBackedStore {
  readonly #partition: Partition;
  readonly #clock: () => number;

  constructor(partition: Partition, clock: () => number) {
    this.#partition = partition;
    this.#clock = clock;
  }

  async append(records: KeyValueRecord[]): Promise<void> {
    if (records.length === 0) return;
    const now = this.#clock();
    const batch = buildBatch({ records: records.map((r) => ({ key: r.key, value: r.value, timestamp: now })) });
    this.#partition.log.append(batch);
    await this.#partition.log.flush();
  }

  async *readAll(): AsyncIterable<KeyValueRecord> {
    const log = this.#partition.log;
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const chunk = log.read(offset, SCAN_CHUNK_BYTES);
      if (chunk.length === 0) return;
      let next = offset;
      for (const b of iterateBatches(chunk, { allowPartialTail: true })) {
        next = b.header.baseOffset + b.header.lastOffsetDelta + 1;
        if (b.header.isControl) continue;
        for (const r of decodeRecords(b.bytes)) {
          if (r.offset < offset || r.key === null) continue;
          yield { key: Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value) };
        }
      }
      if (next <= offset) return;
      offset = next;
    }
  }
}
