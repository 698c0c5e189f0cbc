/**
 * Turns the replication stream into change events. Frames are processed strictly in order through an inbox,
 * because a Relation message needs a catalog lookup (async) before the rows that follow can be converted.
 * Keeps the transaction state that offsets and resume need: each event's offset names its transaction
 * (`txId`), its place in it (`tx_events`) and the end of the last completed transaction (`lsn_commit`).
 */
import type pg from 'pg';
import type { Logger, OffsetValue, SourceOffset, SourceRecord } from '../../src/api/index.js';
import type { AckTracker } from './ack-tracker.js';
import type { ChangeQueue } from './change-queue.js';
import type { EventRecords, Op, SourcePosition, TransactionBlock } from './event-records.js';
import { lsnNumberToOffset, lsnToNumber, lsnToOffset, readLsnNumber, type Lsn } from './lsn.js';
import { MESSAGE_DATA_COLLECTION, type LogicalMessageRecords } from './logical-message-records.js';
import { decodePgoutput, decodeRowChange, RowChange } from './pgoutput-decoder.js';
import type { LogicalMessage, PgoutputMessage, RelationMessage, TruncateMessage } from './pgoutput-messages.js';
import { decodeReplicationFrame, isXLogData, pgTimeToUnixMicros, XLOG_HEADER_BYTES } from './replication-frames.js';
import { sameKey } from './same-key.js';
import { readTableColumns } from './table-catalog.js';
import { TableSchema, type TableSchemaContext } from './table-schema.js';
import type { TupleView } from './tuple-view.js';

/** An LSN as `lsnToNumber` gives it (what `source.lsn` carries): a number unless past 2^53. */
type LsnNumber = number | bigint;

/** Where a restarted stream picks up: the committed offset's transaction and how many of its changes were done. */
export interface ResumePoint {
  /** Transactions ending at or before this were fully handled. */
  readonly commitEnd: Lsn;
  readonly txId: number | null;
  readonly txEvents: number;
}

export interface SignalRow {
  readonly id: string;
  readonly type: string;
  readonly data: string | null;
}

/** Lets an incremental snapshot see streamed changes (to evict keys from its open window) and signal rows. */
export interface StreamObserver {
  /** `offset` is the signal insert's own stream offset (records emitted in reaction share it). */
  onSignal(row: SignalRow, offset: SourceOffset): void;
  onChange(table: TableSchema, key: Record<string, unknown> | null): void;
  /** Extra offset fields every event carries while set (an incremental snapshot's progress). */
  readonly offsetFields?: Readonly<Record<string, OffsetValue>> | null;
}

export interface ChangeStreamOptions {
  readonly records: EventRecords;
  /** Builds `op=m` records for logical decoding messages; absent = messages are not emitted. */
  readonly messages?: LogicalMessageRecords;
  readonly queue: ChangeQueue;
  readonly tracker: AckTracker;
  readonly schemaContext: TableSchemaContext;
  readonly catalog: pg.Client;
  readonly tombstonesOnDelete: boolean;
  /** provide.transaction.metadata: BEGIN/END events and each event's transaction block. */
  readonly transactionMetadata?: boolean;
  readonly skipped: ReadonlySet<string>;
  readonly resume: ResumePoint | null;
  readonly log: Logger;
  /** Pause/resume reading the socket (backpressure). */
  readonly pause: () => void;
  readonly resumeReading: () => void;
  readonly onKeepalive: (walEnd: Lsn, replyRequested: boolean) => void;
  readonly onFailure: (err: Error) => void;
  observer?: StreamObserver;
}

interface Relation {
  readonly message: RelationMessage;
  /** null = not captured (filtered out), though it may still be the signal table */
  readonly schema: TableSchema | null;
  readonly isSignal: boolean;
}

interface Tx {
  readonly xid: number;
  readonly finalLsn: Lsn;
  readonly commitMicros: bigint;
  /** commitMicros as a number (offset ts_usec). */
  readonly commitMicrosNumber: number;
  /** DML messages seen so far in this transaction. */
  dml: number;
  /** tx_events of the last record emitted from this transaction. */
  lastEmitted: number;
  readonly skipAll: boolean;
  /** Transaction metadata (provide.transaction.metadata): events so far, per table, and the last offset. */
  meta: { total: number; perTable: Map<string, number>; lastOffset: SourceOffset } | null;
}

const INBOX_HIGH_WATER = 2000;
const MESSAGE_TYPES: Readonly<Record<Op | 'm', string>> = { c: 'INSERT', u: 'UPDATE', d: 'DELETE', t: 'TRUNCATE', r: 'READ', m: 'MESSAGE' };

export class ChangeStream {
  readonly #o: ChangeStreamOptions;
  readonly #relations = new Map<number, Relation>();
  #inbox: Buffer[] = [];
  #inboxHead = 0;
  #draining = false;
  #paused = false;
  #tx: Tx | null = null;
  #failed = false;
  /** Every Insert/Update/Delete is decoded into this (handling is synchronous, nothing keeps it). */
  readonly #change = new RowChange();
  /** skipped.operations, looked up once. */
  readonly #skipInsert: boolean;
  readonly #skipUpdate: boolean;
  readonly #skipDelete: boolean;
  /** Count of change events emitted (for metrics and benches). */
  eventsEmitted = 0;
  framesReceived = 0;

  /** Frames received but not processed yet, and whether socket reading is paused (for stats). */
  get backlog(): { frames: number; paused: boolean; draining: boolean } {
    return { frames: this.#inbox.length - this.#inboxHead, paused: this.#paused, draining: this.#draining };
  }

  constructor(options: ChangeStreamOptions) {
    this.#o = { ...options };
    this.#skipInsert = options.skipped.has('c');
    this.#skipUpdate = options.skipped.has('u');
    this.#skipDelete = options.skipped.has('d');
  }

  /** Sees signal rows and changes (the incremental snapshot), set before streaming starts. */
  set observer(observer: StreamObserver | undefined) {
    this.#o.observer = observer;
  }

  /**
   * The CopyData callback, for the frame in `buf[start, end)`: handle it now when nothing waits, else queue
   * it in the inbox.
   */
  onFrame = (buf: Buffer, start = 0, end = buf.length): void => {
    if (this.#failed) return;
    this.framesReceived++;
    if (!this.#draining && this.#inboxHead === this.#inbox.length && !this.#o.queue.full) {
      // The common case, with no copy and no promise: the frame is read before its buffer is reused.
      let pending: Promise<void> | undefined;
      try {
        pending = this.#handle(buf, start, end);
      } catch (err) {
        this.#fail(err);
        return;
      }
      if (pending !== undefined) void this.#drain(pending);
      return;
    }
    // The bytes are only valid during this call (pg-protocol reuses its read buffer): copy what waits.
    this.#inbox.push(Buffer.from(buf.subarray(start, end)));
    if (!this.#paused && this.#inbox.length - this.#inboxHead > INBOX_HIGH_WATER) this.#setPaused(true);
    if (!this.#draining) void this.#drain();
  };

  /** Called when poll() made room in the queue. */
  onQueueSpace = (): void => {
    if (!this.#draining && this.#inbox.length > this.#inboxHead) void this.#drain();
    else if (this.#paused && !this.#o.queue.full) this.#setPaused(false);
  };

  #setPaused(paused: boolean): void {
    this.#paused = paused;
    if (paused) this.#o.pause();
    else this.#o.resumeReading();
  }

  /** Processes the inbox in order; `first` is a frame's pending work (a Relation lookup) to finish before it. */
  async #drain(first?: Promise<void>): Promise<void> {
    this.#draining = true;
    try {
      if (first !== undefined) await first;
      while (this.#inboxHead < this.#inbox.length) {
        if (this.#o.queue.full) {
          if (!this.#paused) this.#setPaused(true);
          return; // onQueueSpace restarts the drain
        }
        const chunk = this.#inbox[this.#inboxHead++]!;
        const pending = this.#handle(chunk, 0, chunk.length);
        if (pending !== undefined) await pending;
      }
      this.#inbox = [];
      this.#inboxHead = 0;
      if (this.#paused) this.#setPaused(false);
    } catch (err) {
      this.#fail(err);
    } finally {
      this.#draining = false;
    }
  }

  #fail(err: unknown): void {
    this.#failed = true;
    this.#o.onFailure(err instanceof Error ? err : new Error(String(err)));
  }

  /** Handles one frame; returns a promise only when it needs I/O (a Relation's catalog lookup). */
  #handle(buf: Buffer, start: number, end: number): Promise<void> | undefined {
    if (!isXLogData(buf, start, end)) {
      const frame = decodeReplicationFrame(buf.subarray(start, end));
      if (frame.kind === 'keepalive') {
        this.#o.tracker.keepalive(frame.walEnd);
        this.#o.onKeepalive(frame.walEnd, frame.replyRequested);
      }
      return undefined;
    }
    const lsn = readLsnNumber(buf, start + 1); // the XLogData's dataStart
    if (decodeRowChange(buf, start + XLOG_HEADER_BYTES, this.#change, end, start)) {
      this.#rowChange(this.#change, lsn);
      return undefined;
    }
    const msg = decodePgoutput(start === 0 && end === buf.length ? buf : buf.subarray(start, end), XLOG_HEADER_BYTES);
    if (msg.tag === 'relation') return this.#relation(msg);
    this.#message(msg, lsn);
    return undefined;
  }

  async #relation(msg: RelationMessage): Promise<void> {
    const ctx = this.#o.schemaContext;
    const captured = ctx.filter.includesTable(msg.schema, msg.table);
    const isSignal = ctx.filter.isSignalTable(msg.schema, msg.table);
    let schema: TableSchema | null = null;
    if (captured) {
      const catalog = await readTableColumns(this.#o.catalog, msg.relationOid);
      schema = new TableSchema(msg.schema, msg.table, msg.columns, catalog, ctx);
    }
    this.#relations.set(msg.relationOid, { message: msg, schema, isSignal });
  }

  #message(msg: Exclude<PgoutputMessage, RelationMessage>, lsn: LsnNumber): void {
    switch (msg.tag) {
      case 'begin': {
        const r = this.#o.resume;
        this.#tx = {
          xid: msg.xid,
          finalLsn: msg.finalLsn,
          commitMicros: pgTimeToUnixMicros(msg.commitTimeMicros),
          commitMicrosNumber: Number(pgTimeToUnixMicros(msg.commitTimeMicros)),
          dml: 0,
          lastEmitted: 0,
          skipAll: r !== null && msg.finalLsn < r.commitEnd,
          meta: null,
        };
        this.#o.tracker.txBegin();
        return;
      }
      case 'commit': {
        const tx = this.#tx;
        if (tx?.meta) this.#emit(this.#o.records.txEnd(this.#txId(tx), tx.meta.total, tx.meta.perTable, tx.commitMicros, tx.meta.lastOffset));
        this.#o.tracker.txEnd(tx?.xid ?? 0, tx?.lastEmitted ?? 0, msg.endLsn);
        this.#tx = null;
        return;
      }
      case 'truncate':
        this.#truncateMessage(msg, lsn);
        return;
      case 'insert':
      case 'update':
      case 'delete':
        throw new Error(`pgoutput ${msg.tag} reached the generic path (decodeRowChange handles it)`);
      case 'message':
        this.#logicalMessage(msg);
        return;
      default:
        return; // origin, type: nothing to emit
    }
  }

  /** Counts a DML message in its transaction; false when resume skips it (already delivered before a restart). */
  #countDml(tx: Tx | null, what: string, lsn: LsnNumber): tx is Tx {
    if (tx === null) throw new Error(`pgoutput ${what} outside a transaction at LSN ${lsn}`);
    tx.dml++;
    const r = this.#o.resume;
    return !(tx.skipAll || (r !== null && r.txId === tx.xid && tx.dml <= r.txEvents));
  }

  #truncateMessage(msg: TruncateMessage, lsn: LsnNumber): void {
    const tx = this.#tx;
    if (this.#countDml(tx, msg.tag, lsn)) this.#truncate(msg.relationOids, tx, lsn);
  }

  #rowChange(msg: RowChange, lsn: LsnNumber): void {
    const tx = this.#tx;
    if (!this.#countDml(tx, msg.tag, lsn)) return;
    const rel = this.#relations.get(msg.relationOid);
    if (rel === undefined) throw new Error(`pgoutput ${msg.tag} for unknown relation ${msg.relationOid} (no Relation message seen)`);
    if (rel.isSignal && msg.tag === 'insert') this.#signal(rel, msg.newTuple, tx, lsn);
    const t = rel.schema;
    if (t === null) return;
    const pos: SourcePosition = {
      tsMicros: tx.commitMicros, snapshot: 'false', txId: tx.xid, lsn, lastCommitLsn: this.#processedEndNumber(),
    };
    const rec = this.#o.records;
    if (msg.tag === 'insert') {
      if (this.#skipInsert) return;
      const key = t.keyOf(msg.newTuple);
      this.#o.observer?.onChange(t, key);
      const offset = this.#offset(tx, lsn, 'c');
      this.#emit(rec.change(t, 'c', key, null, t.rowOf(msg.newTuple), pos, offset, this.#txBlock(tx, t, offset)));
    } else if (msg.tag === 'update') {
      if (this.#skipUpdate) return;
      const newKey = t.keyOf(msg.newTuple);
      const old = msg.oldKind === null ? null : msg.oldTuple;
      const full = msg.oldKind === 'O' ? old : null;
      if (old !== null && t.hasKey) {
        const oldKey = t.keyOf(old);
        if (!sameKey(oldKey, newKey)) {
          // A primary-key change: Debezium emits a delete of the old key (+ tombstone) and a create of the new.
          const offset = this.#offset(tx, lsn, 'u');
          this.#o.observer?.onChange(t, oldKey);
          this.#o.observer?.onChange(t, newKey);
          this.#emit(rec.change(t, 'd', oldKey, t.rowOf(old, msg.oldKind === 'K'), null, pos, offset, this.#txBlock(tx, t, offset)));
          if (this.#o.tombstonesOnDelete) this.#emit(rec.tombstone(t, oldKey, offset));
          this.#emit(rec.change(t, 'c', newKey, null, t.rowOf(msg.newTuple, false, full), pos, offset, this.#txBlock(tx, t, offset)));
          return;
        }
      }
      this.#o.observer?.onChange(t, newKey);
      const before = full === null ? null : t.rowOf(full);
      const offset = this.#offset(tx, lsn, 'u');
      this.#emit(rec.change(t, 'u', newKey, before, t.rowOf(msg.newTuple, false, full), pos, offset, this.#txBlock(tx, t, offset)));
    } else {
      if (this.#skipDelete) return;
      const key = t.keyOf(msg.oldTuple);
      this.#o.observer?.onChange(t, key);
      const offset = this.#offset(tx, lsn, 'd');
      this.#emit(rec.change(t, 'd', key, t.rowOf(msg.oldTuple, msg.oldKind === 'K'), null, pos, offset, this.#txBlock(tx, t, offset)));
      if (this.#o.tombstonesOnDelete) this.#emit(rec.tombstone(t, key, offset));
    }
  }

  /**
   * A `pg_logical_emit_message`. A transactional one is an event of its transaction (counted in tx_events,
   * so resume skipping stays exact); a non-transactional one arrives on its own and completes at its own
   * LSN, as Debezium treats it (its offset's lsn_commit is that LSN, so a restart does not repeat it).
   */
  #logicalMessage(msg: LogicalMessage): void {
    const out = this.#o.messages;
    const r = this.#o.resume;
    const include = out !== undefined && this.#o.schemaContext.filter.includesMessagePrefix(msg.prefix);
    if (msg.transactional) {
      const tx = this.#tx;
      if (tx === null) throw new Error(`pgoutput transactional message outside a transaction at LSN ${msg.lsn}`);
      tx.dml++;
      if (tx.skipAll || (r !== null && r.txId === tx.xid && tx.dml <= r.txEvents) || !include) return;
      const pos: SourcePosition = {
        tsMicros: tx.commitMicros, snapshot: 'false', txId: tx.xid, lsn: lsnToNumber(msg.lsn), lastCommitLsn: this.#processedEndNumber(),
      };
      const offset = this.#offset(tx, lsnToNumber(msg.lsn), 'm');
      this.#emit(out.message(msg.prefix, msg.content, pos, offset, this.#txBlock(tx, MESSAGE_DATA_COLLECTION, offset)));
      return;
    }
    if (r !== null && msg.lsn <= r.commitEnd) return;
    this.#o.tracker.completedAt(msg.lsn);
    if (!include) return;
    const nowMicros = BigInt(Date.now()) * 1000n;
    const l = lsnToOffset(msg.lsn);
    const pos: SourcePosition = { tsMicros: nowMicros, snapshot: 'false', txId: null, lsn: lsnToNumber(msg.lsn), lastCommitLsn: lsnToNumber(msg.lsn) };
    const offset = { lsn_proc: l, lsn_commit: l, lsn: l, ts_usec: Number(nowMicros), messageType: 'MESSAGE' };
    const extra = this.#o.observer?.offsetFields;
    this.#emit(out.message(msg.prefix, msg.content, pos, extra ? Object.assign(offset, extra) : offset, null));
  }

  #truncate(oids: readonly number[], tx: Tx, lsn: LsnNumber): void {
    if (this.#o.skipped.has('t')) return;
    for (const oid of oids) {
      const t = this.#relations.get(oid)?.schema;
      if (t === null || t === undefined) continue;
      const pos: SourcePosition = {
        tsMicros: tx.commitMicros, snapshot: 'false', txId: tx.xid, lsn, lastCommitLsn: this.#processedEndNumber(),
      };
      const offset = this.#offset(tx, lsn, 't');
      this.#emit(this.#o.records.change(t, 't', null, null, null, pos, offset, this.#txBlock(tx, t, offset)));
    }
  }

  #signal(rel: Relation, tuple: TupleView, tx: Tx, lsn: LsnNumber): void {
    const cols = rel.message.columns;
    const at = (name: string) => {
      const i = cols.findIndex((c) => c.name === name);
      const v = i < 0 ? null : tuple.value(i);
      return typeof v === 'string' ? v : null;
    };
    const id = at('id');
    const type = at('type');
    if (id === null || type === null) return;
    this.#o.observer?.onSignal({ id, type, data: at('data') }, this.#offset(tx, lsn, 'c'));
  }

  #endCache: Lsn = -1n;
  #endNumber: number | bigint = 0;
  #endOffset: number | string = 0;

  #processedEndNumber(): number | bigint {
    this.#cacheEnd();
    return this.#endNumber;
  }

  #cacheEnd(): void {
    const end = this.#o.tracker.processedEnd;
    if (end !== this.#endCache) {
      this.#endCache = end;
      this.#endNumber = lsnToNumber(end);
      this.#endOffset = lsnToOffset(end);
    }
  }

  #offset(tx: Tx, lsn: LsnNumber, op: Op | 'm'): SourceOffset {
    tx.lastEmitted = tx.dml;
    const l = lsnNumberToOffset(lsn);
    this.#cacheEnd();
    const offset = {
      lsn_proc: l,
      lsn_commit: this.#endOffset,
      lsn: l,
      txId: tx.xid,
      ts_usec: tx.commitMicrosNumber,
      messageType: MESSAGE_TYPES[op],
      tx_events: tx.dml,
    };
    const extra = this.#o.observer?.offsetFields;
    return extra ? Object.assign(offset, extra) : offset;
  }

  #txId(tx: Tx): string {
    return `${tx.xid}:${lsnToNumber(tx.finalLsn)}`;
  }

  /** The event's `transaction` block; emits the BEGIN event before a transaction's first event. */
  #txBlock(tx: Tx, t: TableSchema | string, offset: SourceOffset): TransactionBlock | null {
    if (!this.#o.transactionMetadata) return null;
    if (tx.meta === null) {
      tx.meta = { total: 0, perTable: new Map(), lastOffset: offset };
      // BEGIN sits before the first event: its offset must not count that event as done.
      this.#emit(this.#o.records.txBegin(this.#txId(tx), tx.commitMicros, { ...offset, tx_events: (offset.tx_events as number) - 1 }));
    }
    const m = tx.meta;
    const name = typeof t === 'string' ? t : `${t.schema}.${t.table}`;
    const n = (m.perTable.get(name) ?? 0) + 1;
    m.perTable.set(name, n);
    m.lastOffset = offset;
    return { id: this.#txId(tx), total_order: ++m.total, data_collection_order: n };
  }

  #emit(record: SourceRecord): void {
    this.#o.queue.push(record);
    this.eventsEmitted++;
  }
}
