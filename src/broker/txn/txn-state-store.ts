// Persistence seam of the transaction coordinator. The server implements it on the compacted
// `__transaction_state` partition; records are in Kafka's TransactionLogKey/Value format
// (transaction-log-format.ts). Same shape as the group coordinator's OffsetStore.

export interface TxnStateRecord {
  key: Buffer;
  /** null = tombstone (transactional id removed). */
  value: Buffer | null;
}

export interface TxnStateStore {
  /** Durably appends the records, in order. Rejects if they could not be written. */
  append(records: TxnStateRecord[]): Promise<void>;
  /** Every record written so far (after compaction at least the latest per key), oldest first. */
  readAll(): AsyncIterable<TxnStateRecord>;
}

/** In-memory store for unit tests and brokers without a data directory. */
export class MemoryTxnStateStore implements TxnStateStore {
  readonly records: TxnStateRecord[] = [];
  /** When set, appends reject with it (tests of write failures). */
  failWith: Error | null = null;

  async append(records: TxnStateRecord[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    for (const r of records) this.records.push({ key: Buffer.from(r.key), value: r.value && Buffer.from(r.value) });
  }

  async *readAll(): AsyncIterable<TxnStateRecord> {
    for (const r of this.records.slice()) yield r;
  }
}
