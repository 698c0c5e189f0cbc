/**
 * Decides how far the slot may be acknowledged (confirmed_flush_lsn). The rule: only up to positions whose
 * records are all in Kafka *and* whose offsets are committed. Input is the committed offset (read back from
 * the offset store after each commit) plus what the stream saw: completed transactions and keepalives.
 *
 * - A committed offset's `lsn_commit` (end of the last transaction completed before it) is always safe.
 * - If the committed offset is the last event of a transaction that has since completed, its end is safe.
 * - If it is the last record handed out at all and no transaction is open, everything the server has sent
 *   is handled: the latest completed end or keepalive WAL end is safe. This keeps idle or filtered
 *   databases from pinning WAL.
 */
import type { SourceOffset } from '../../src/api/index.js';
import { lsnFromOffset, type Lsn } from './lsn.js';

const MAX_REMEMBERED_TX = 10_000;

function sameOffset(a: SourceOffset, b: SourceOffset): boolean {
  return (
    a.lsn_proc === b.lsn_proc && a.lsn_commit === b.lsn_commit && a.txId === b.txId && a.tx_events === b.tx_events &&
    a.lsn === b.lsn && a.last_snapshot_record === b.last_snapshot_record && a.heartbeat_seq === b.heartbeat_seq
  );
}

export class AckTracker {
  #lastEmitted: SourceOffset | null = null;
  #completed = new Map<number, { readonly events: number; readonly end: Lsn }>();
  #processedEnd: Lsn;
  #keepaliveEnd: Lsn = 0n;
  #inTx = false;
  #acked: Lsn;

  constructor(startLsn: Lsn) {
    this.#processedEnd = startLsn;
    this.#acked = startLsn;
  }

  /** What has been acknowledged to the server so far. */
  get acked(): Lsn {
    return this.#acked;
  }

  /** End of the last transaction the stream completed (whether or not it produced records). */
  get processedEnd(): Lsn {
    return this.#processedEnd;
  }

  get inTransaction(): boolean {
    return this.#inTx;
  }

  /** The offset of the last record handed to the runtime (from poll). */
  emitted(offset: SourceOffset): void {
    this.#lastEmitted = offset;
  }

  txBegin(): void {
    this.#inTx = true;
  }

  txEnd(xid: number, events: number, end: Lsn): void {
    this.#inTx = false;
    if (end > this.#processedEnd) this.#processedEnd = end;
    if (events > 0) {
      this.#completed.set(xid, { events, end });
      if (this.#completed.size > MAX_REMEMBERED_TX) {
        const oldest = this.#completed.keys().next().value;
        if (oldest !== undefined) this.#completed.delete(oldest);
      }
    }
  }

  /** Something outside any transaction (a non-transactional logical message) was fully handled up to `end`. */
  completedAt(end: Lsn): void {
    if (end > this.#processedEnd) this.#processedEnd = end;
  }

  keepalive(walEnd: Lsn): void {
    if (!this.#inTx && walEnd > this.#keepaliveEnd) this.#keepaliveEnd = walEnd;
  }

  /**
   * The LSN that may be acknowledged given the committed offset (null = none committed yet), never less
   * than what was already acknowledged. Records the result as acknowledged.
   */
  advance(committed: SourceOffset | null, queueEmpty: boolean): Lsn {
    let target = this.#acked;
    const allDone = queueEmpty && (this.#lastEmitted === null || (committed !== null && sameOffset(committed, this.#lastEmitted)));
    if (committed !== null) {
      const base = lsnFromOffset(committed.lsn_commit) ?? (committed.snapshot !== undefined ? lsnFromOffset(committed.lsn) : null);
      if (base !== null && base > target) target = base;
      if (typeof committed.txId === 'number' && typeof committed.tx_events === 'number') {
        const tx = this.#completed.get(committed.txId);
        if (tx !== undefined && tx.events === committed.tx_events && tx.end > target) target = tx.end;
      }
    }
    if (allDone && !this.#inTx) {
      if (this.#processedEnd > target) target = this.#processedEnd;
      if (this.#keepaliveEnd > target) target = this.#keepaliveEnd;
    }
    this.#acked = target;
    return target;
  }
}
