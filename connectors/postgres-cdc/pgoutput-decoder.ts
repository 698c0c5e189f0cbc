/**
 * Decodes one pgoutput message (the payload of an XLogData frame), protocol version 1. Pure: bytes in,
 * a plain object out; no I/O. Layouts follow PostgreSQL's "Logical Replication Message Formats".
 */
import {
  UNCHANGED_TOAST,
  type PgoutputMessage,
  type RelationColumn,
  type TupleValue,
} from './pgoutput-messages.js';

export class PgoutputDecodeError extends Error {
  readonly code = 'TRIB_PGOUTPUT_DECODE';
}

class Reader {
  at: number;
  constructor(readonly buf: Buffer, start: number) {
    this.at = start;
  }
  need(n: number): void {
    if (this.at + n > this.buf.length) {
      throw new PgoutputDecodeError(`pgoutput message truncated: need ${n} bytes at ${this.at}, have ${this.buf.length - this.at}`);
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

function tuple(r: Reader): TupleValue[] {
  const n = r.i16();
  const out = new Array<TupleValue>(n);
  for (let i = 0; i < n; i++) {
    const kind = r.u8();
    if (kind === 0x6e /* n */) out[i] = null;
    else if (kind === 0x75 /* u */) out[i] = UNCHANGED_TOAST;
    else if (kind === 0x74 /* t */ || kind === 0x62 /* b */) {
      const len = r.i32();
      r.need(len);
      // Binary format is never requested, so 'b' only appears if a future option asks for it; keep text.
      out[i] = r.buf.toString(kind === 0x74 ? 'utf8' : 'latin1', r.at, r.at + len);
      r.at += len;
    } else throw new PgoutputDecodeError(`unknown tuple column kind 0x${kind.toString(16)}`);
  }
  return out;
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
      return { tag: 'message', transactional: (flags & 1) === 1, lsn, prefix, content: r.bytes(len) };
    }
    default:
      throw new PgoutputDecodeError(
        `unsupported pgoutput message '${String.fromCharCode(tag)}' (0x${tag.toString(16)}); only protocol version 1 without streaming is requested`,
      );
  }
}
