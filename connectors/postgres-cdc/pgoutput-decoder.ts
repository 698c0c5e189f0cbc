/**
 * Decodes one pgoutput message (the payload of an XLogData frame), protocol version 1. Pure: bytes in,
 * a plain object out; no I/O. Layouts follow PostgreSQL's "Logical Replication Message Formats".
 */
import {
  type PgoutputMessage,
  type RelationColumn,
  type TupleValue,
} from './pgoutput-messages.js';
import { TupleKind, TupleView } from './tuple-view.js';

export class PgoutputDecodeError extends Error {
  readonly code = 'TRIB_PGOUTPUT_DECODE';
}

class Reader {
  at: number;
  constructor(
    public buf: Buffer,
    start: number,
    /** Where the message ends (a frame may sit inside a larger socket chunk). */
    public end = buf.length,
    /** Where the frame starts: error messages give positions within the frame. */
    public base = 0,
  ) {
    this.at = start;
  }
  need(n: number): void {
    if (this.at + n > this.end) {
      throw new PgoutputDecodeError(`pgoutput message truncated: need ${n} bytes at ${this.at - this.base}, have ${this.end - this.at}`);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.at++]!;
  }
  i16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.at);
    this.at += 8;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.at);
    if (end < 0) throw new PgoutputDecodeError(`pgoutput string not terminated at ${this.at}`);
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }
}

/** Reads a TupleData at `r.at` into `view` (column byte ranges, no strings). */
function readTuple(r: Reader, view: TupleView): void {
  const n = r.i16();
  if (n < 0) throw new PgoutputDecodeError(`negative tuple column count ${n}`);
  view.reset(r.buf, n);
  const kinds = view.kinds;
  for (let i = 0; i < n; i++) {
    const kind = r.u8();
    kinds[i] = kind;
    if (kind === TupleKind.text || kind === TupleKind.binary) {
      const len = r.i32();
      r.need(len);
      view.starts[i] = r.at;
      view.ends[i] = r.at += len;
    } else if (kind !== TupleKind.null && kind !== TupleKind.unchangedToast) {
      throw new PgoutputDecodeError(`unknown tuple column kind 0x${kind.toString(16)}`);
    }
  }
}

function tuple(r: Reader): TupleValue[] {
  const view = new TupleView();
  readTuple(r, view);
  return view.toValues();
}

/**
 * An Insert, Update or Delete decoded into reusable views: what the replication stream's hot path uses
 * instead of `decodePgoutput`, so a row change allocates no message object, array or column string.
 */
export class RowChange {
  tag: 'insert' | 'update' | 'delete' = 'insert';
  relationOid = 0;
  /** `K` = old key columns only, `O` = full old row, null = no old tuple (inserts, most updates). */
  oldKind: 'K' | 'O' | null = null;
  readonly oldTuple = new TupleView();
  readonly newTuple = new TupleView();
}

/** decodeRowChange's reader, reused: decoding is synchronous. */
const rowReader = new Reader(Buffer.alloc(0), 0);

/**
 * Decodes the message at `start` into `out` when it is an Insert, Update or Delete (same checks as
 * `decodePgoutput`); returns false, reading nothing, for any other message. The message ends at `end`;
 * `frameStart` is where its frame starts (for positions in error messages).
 */
export function decodeRowChange(buf: Buffer, start: number, out: RowChange, end = buf.length, frameStart = 0): boolean {
  const tag = start < end ? buf[start] : undefined;
  if (tag !== 0x49 /* I */ && tag !== 0x55 /* U */ && tag !== 0x44 /* D */) return false;
  const r = rowReader;
  r.buf = buf;
  r.end = end;
  r.base = frameStart;
  r.at = start + 1;
  out.relationOid = r.u32();
  let kind = r.u8();
  if (tag === 0x49) {
    if (kind !== 0x4e) throw new PgoutputDecodeError(`insert: expected 'N', got 0x${kind.toString(16)}`);
    out.tag = 'insert';
    out.oldKind = null;
    readTuple(r, out.newTuple);
  } else if (tag === 0x55) {
    out.tag = 'update';
    out.oldKind = null;
    if (kind === 0x4b || kind === 0x4f) {
      out.oldKind = kind === 0x4b ? 'K' : 'O';
      readTuple(r, out.oldTuple);
      kind = r.u8();
    }
    if (kind !== 0x4e) throw new PgoutputDecodeError(`update: expected 'N', got 0x${kind.toString(16)}`);
    readTuple(r, out.newTuple);
  } else {
    if (kind !== 0x4b && kind !== 0x4f) throw new PgoutputDecodeError(`delete: expected 'K' or 'O', got 0x${kind.toString(16)}`);
    out.tag = 'delete';
    out.oldKind = kind === 0x4b ? 'K' : 'O';
    readTuple(r, out.oldTuple);
  }
  return true;
}

/** Decodes the pgoutput message that starts at `start` in `buf` (the XLogData header already skipped). */
export function decodePgoutput(buf: Buffer, start = 0): PgoutputMessage {
  const r = new Reader(buf, start);
  const tag = r.u8();
  switch (tag) {
    case 0x42 /* B */:
      return { tag: 'begin', finalLsn: r.u64(), commitTimeMicros: r.i64(), xid: r.u32() };
    case 0x43 /* C */:
      return { tag: 'commit', flags: r.u8(), commitLsn: r.u64(), endLsn: r.u64(), commitTimeMicros: r.i64() };
    case 0x4f /* O */:
      return { tag: 'origin', originLsn: r.u64(), name: r.cstring() };
    case 0x52 /* R */: {
      const relationOid = r.u32();
      const schema = r.cstring();
      const table = r.cstring();
      const replicaIdentity = String.fromCharCode(r.u8());
      const n = r.i16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < n; i++) {
        const flags = r.u8();
        columns.push({ isKey: (flags & 1) === 1, name: r.cstring(), typeOid: r.u32(), typeMod: r.i32() });
      }
      return { tag: 'relation', relationOid, schema: schema === '' ? 'pg_catalog' : schema, table, replicaIdentity, columns };
    }
    case 0x59 /* Y */:
      return { tag: 'type', typeOid: r.u32(), schema: r.cstring(), name: r.cstring() };
    case 0x49 /* I */: {
      const relationOid = r.u32();
      const kind = r.u8();
      if (kind !== 0x4e) throw new PgoutputDecodeError(`insert: expected 'N', got 0x${kind.toString(16)}`);
      return { tag: 'insert', relationOid, newTuple: tuple(r) };
    }
    case 0x55 /* U */: {
      const relationOid = r.u32();
      let kind = r.u8();
      let oldKind: 'K' | 'O' | null = null;
      let oldTuple: TupleValue[] | null = null;
      if (kind === 0x4b || kind === 0x4f) {
        oldKind = kind === 0x4b ? 'K' : 'O';
        oldTuple = tuple(r);
        kind = r.u8();
      }
      if (kind !== 0x4e) throw new PgoutputDecodeError(`update: expected 'N', got 0x${kind.toString(16)}`);
      return { tag: 'update', relationOid, oldKind, oldTuple, newTuple: tuple(r) };
    }
    case 0x44 /* D */: {
      const relationOid = r.u32();
      const kind = r.u8();
      if (kind !== 0x4b && kind !== 0x4f) throw new PgoutputDecodeError(`delete: expected 'K' or 'O', got 0x${kind.toString(16)}`);
      return { tag: 'delete', relationOid, oldKind: kind === 0x4b ? 'K' : 'O', oldTuple: tuple(r) };
    }
    case 0x54 /* T */: {
      const n = r.i32();
      const options = r.u8();
      const relationOids: number[] = [];
      for (let i = 0; i < n; i++) relationOids.push(r.u32());
      return { tag: 'truncate', cascade: (options & 1) !== 0, restartIdentity: (options & 2) !== 0, relationOids };
    }
    case 0x4d /* M */: {
      const flags = r.u8();
      const lsn = r.u64();
      const prefix = r.cstring();
      const len = r.i32();
      // A copy: the frame may be pg-protocol's read buffer, which it reuses.
      return { tag: 'message', transactional: (flags & 1) === 1, lsn, prefix, content: Buffer.from(r.bytes(len)) };
    }
    default:
      throw new PgoutputDecodeError(
        `unsupported pgoutput message '${String.fromCharCode(tag)}' (0x${tag.toString(16)}); only protocol version 1 without streaming is requested`,
      );
  }
}
