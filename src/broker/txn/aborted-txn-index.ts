// The aborted-transaction index of one partition (Kafka's .txnindex, kept in memory).
// Entries are added in marker order, so lastOffset is ascending; lastStableOffset is the partition's
// LSO right after the abort marker. Any transaction aborted later started at or after that LSO, which
// lets a lookup stop early (Kafka's TransactionIndex.collectAbortedTxns does the same).

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  /** Offset of the ABORT marker. */
  lastOffset: number;
  /** The partition's last stable offset once this transaction was closed. */
  lastStableOffset: number;
}

export class AbortedTxnIndex {
  #entries: AbortedTxn[] = [];

  get size(): number {
    return this.#entries.length;
  }

  add(txn: AbortedTxn): void {
    this.#entries.push(txn);
  }

  clear(): void {
    this.#entries = [];
  }

  /**
   * Aborted transactions that overlap [fetchOffset, upperBoundOffset): the list a Fetch v4+
   * read_committed response carries so the client can drop their records.
   */
  collect(fetchOffset: number, upperBoundOffset: number): Array<{ producerId: number; firstOffset: number }> {
    const out: Array<{ producerId: number; firstOffset: number }> = [];
    const list = this.#entries;
    for (let i = this.#firstEndingAtOrAfter(fetchOffset); i < list.length; i++) {
      const t = list[i]!;
      if (t.firstOffset < upperBoundOffset) out.push({ producerId: t.producerId, firstOffset: t.firstOffset });
      if (t.lastStableOffset >= upperBoundOffset) break;
    }
    return out;
  }

  /** Forgets transactions that ended before the log start (retention / DeleteRecords). */
  truncateHead(logStartOffset: number): void {
    const i = this.#firstEndingAtOrAfter(logStartOffset);
    if (i > 0) this.#entries = this.#entries.slice(i);
  }

  /** Forgets transactions whose marker is at or after `offset` (log truncation). */
  truncateTail(offset: number): void {
    const i = this.#firstEndingAtOrAfter(offset);
    if (i < this.#entries.length) this.#entries = this.#entries.slice(0, i);
  }

  #firstEndingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
