// Persistence seam of the group coordinator. The server implements it on the compacted
// `__consumer_offsets` partition; keys/values are in Kafka's formats (see offsets-format.ts).

export interface OffsetStoreRecord {
  key: Buffer;
  /** null = tombstone (offset or group deleted). */
  value: Buffer | null;
}

export interface OffsetStore {
  /** Durably appends the records, in order. Rejects if they could not be written. */
  append(records: OffsetStoreRecord[]): Promise<void>;
  /** Every record written so far (after compaction, at least the latest per key), oldest first. */
  readAll(): AsyncIterable<OffsetStoreRecord>;
}

/** In-memory store for unit tests and brokers without a data directory. */
export class MemoryOffsetStore implements OffsetStore {
  readonly records: OffsetStoreRecord[] = [];
  /** When set, the next appends reject with it (tests of write failures). */
  failWith: Error | null = null;

  async append(records: OffsetStoreRecord[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    for (const r of records) this.records.push({ key: Buffer.from(r.key), value: r.value && Buffer.from(r.value) });
  }

  async *readAll(): AsyncIterable<OffsetStoreRecord> {
    for (const r of this.records.slice()) yield r;
  }
}
