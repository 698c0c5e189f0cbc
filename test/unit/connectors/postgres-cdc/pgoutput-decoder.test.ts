import { describe, expect, it } from 'vitest';
import { decodePgoutput, PgoutputDecodeError } from '../../../../connectors/postgres-cdc/pgoutput-decoder.js';
import { UNCHANGED_TOAST } from '../../../../connectors/postgres-cdc/pgoutput-messages.js';
import { decodeReplicationFrame, encodeStandbyStatus, PG_EPOCH_MICROS } from '../../../../connectors/postgres-cdc/replication-frames.js';
import { formatLsn, lsnFromOffset, lsnToOffset, parseLsn } from '../../../../connectors/postgres-cdc/lsn.js';

/** A tiny big-endian writer for building protocol bytes by hand. */
class Bytes {
  parts: Buffer[] = [];
  u8(v: number) { this.parts.push(Buffer.from([v])); return this; }
  ch(c: string) { return this.u8(c.charCodeAt(0)); }
  i16(v: number) { const b = Buffer.alloc(2); b.writeInt16BE(v); this.parts.push(b); return this; }
  i32(v: number) { const b = Buffer.alloc(4); b.writeInt32BE(v); this.parts.push(b); return this; }
  u32(v: number) { const b = Buffer.alloc(4); b.writeUInt32BE(v); this.parts.push(b); return this; }
  u64(v: bigint) { const b = Buffer.alloc(8); b.writeBigUInt64BE(v); this.parts.push(b); return this; }
  str(s: string) { this.parts.push(Buffer.from(`${s}\0`, 'utf8')); return this; }
  text(s: string) { const b = Buffer.from(s, 'utf8'); return this.ch('t').i32(b.length).raw(b); }
  raw(b: Buffer) { this.parts.push(b); return this; }
  build() { return Buffer.concat(this.parts); }
}

describe('pgoutput decoder (protocol 1)', () => {
  it('decodes Begin and Commit', () => {
    expect(decodePgoutput(new Bytes().ch('B').u64(0x16b3748n).u64(1000n).u32(0xfffffff0).build())).toEqual({
      tag: 'begin', finalLsn: 0x16b3748n, commitTimeMicros: 1000n, xid: 0xfffffff0,
    });
    expect(decodePgoutput(new Bytes().ch('C').u8(0).u64(10n).u64(20n).u64(30n).build())).toEqual({
      tag: 'commit', flags: 0, commitLsn: 10n, endLsn: 20n, commitTimeMicros: 30n,
    });
  });

  it('decodes a Relation with key flags and type modifiers; empty namespace is pg_catalog', () => {
    const msg = new Bytes().ch('R').u32(16384).str('public').str('customers').ch('d').i16(2)
      .u8(1).str('id').u32(23).i32(-1)
      .u8(0).str('price').u32(1700).i32(((10 << 16) | 2) + 4)
      .build();
    expect(decodePgoutput(msg)).toEqual({
      tag: 'relation', relationOid: 16384, schema: 'public', table: 'customers', replicaIdentity: 'd',
      columns: [
        { isKey: true, name: 'id', typeOid: 23, typeMod: -1 },
        { isKey: false, name: 'price', typeOid: 1700, typeMod: 655366 },
      ],
    });
    expect(decodePgoutput(new Bytes().ch('R').u32(1).str('').str('t').ch('f').i16(0).build())).toMatchObject({ schema: 'pg_catalog', replicaIdentity: 'f' });
  });

  it('decodes Insert/Update/Delete tuples with null, unchanged-TOAST and text columns', () => {
    const tuple = (b: Bytes) => b.i16(3).text('42').ch('n').ch('u');
    expect(decodePgoutput(tuple(new Bytes().ch('I').u32(7).ch('N')).build())).toEqual({ tag: 'insert', relationOid: 7, newTuple: ['42', null, UNCHANGED_TOAST] });
    const upd = decodePgoutput(tuple(new Bytes().ch('U').u32(7).ch('O').i16(1).text('old').ch('N')).build());
    expect(upd).toEqual({ tag: 'update', relationOid: 7, oldKind: 'O', oldTuple: ['old'], newTuple: ['42', null, UNCHANGED_TOAST] });
    expect(decodePgoutput(tuple(new Bytes().ch('U').u32(7).ch('N')).build())).toMatchObject({ oldKind: null, oldTuple: null });
    expect(decodePgoutput(new Bytes().ch('D').u32(7).ch('K').i16(1).text('1').build())).toEqual({ tag: 'delete', relationOid: 7, oldKind: 'K', oldTuple: ['1'] });
  });

  it('decodes multi-byte UTF-8 text values', () => {
    const msg = new Bytes().ch('I').u32(1).ch('N').i16(1).text('héllo ✓').build();
    expect(decodePgoutput(msg)).toMatchObject({ newTuple: ['héllo ✓'] });
  });

  it('decodes Truncate options and relation list, Type, Origin and logical Message', () => {
    expect(decodePgoutput(new Bytes().ch('T').i32(2).u8(3).u32(5).u32(6).build())).toEqual({ tag: 'truncate', cascade: true, restartIdentity: true, relationOids: [5, 6] });
    expect(decodePgoutput(new Bytes().ch('Y').u32(99).str('public').str('mood').build())).toEqual({ tag: 'type', typeOid: 99, schema: 'public', name: 'mood' });
    expect(decodePgoutput(new Bytes().ch('O').u64(5n).str('node1').build())).toEqual({ tag: 'origin', originLsn: 5n, name: 'node1' });
    const m = decodePgoutput(new Bytes().ch('M').u8(1).u64(8n).str('pfx').i32(3).raw(Buffer.from('abc')).build());
    expect(m).toMatchObject({ tag: 'message', transactional: true, lsn: 8n, prefix: 'pfx' });
  });

  it('rejects truncated and unknown messages with a decode error', () => {
    expect(() => decodePgoutput(new Bytes().ch('B').u64(1n).build())).toThrow(PgoutputDecodeError);
    expect(() => decodePgoutput(new Bytes().ch('I').u32(1).ch('N').i16(1).ch('t').i32(10).raw(Buffer.from('abc')).build())).toThrow(/truncated/);
    expect(() => decodePgoutput(new Bytes().ch('S').u32(1).u8(1).build())).toThrow(/unsupported pgoutput message 'S'/);
    expect(() => decodePgoutput(new Bytes().ch('I').u32(1).ch('N').i16(1).ch('x').build())).toThrow(/kind/);
  });

  it('decodes at an offset inside a larger buffer (the XLogData payload)', () => {
    const payload = new Bytes().ch('B').u64(1n).u64(2n).u32(3).build();
    const frame = Buffer.concat([Buffer.alloc(25), payload]);
    expect(decodePgoutput(frame, 25)).toMatchObject({ tag: 'begin', xid: 3 });
  });
});

describe('replication frames', () => {
  it('decodes XLogData and keepalive frames', () => {
    expect(decodeReplicationFrame(new Bytes().ch('w').u64(1n).u64(2n).u64(3n).ch('B').build())).toEqual({
      kind: 'xlog', dataStart: 1n, walEnd: 2n, sendTime: 3n, payloadOffset: 25,
    });
    expect(decodeReplicationFrame(new Bytes().ch('k').u64(9n).u64(4n).u8(1).build())).toEqual({ kind: 'keepalive', walEnd: 9n, sendTime: 4n, replyRequested: true });
    expect(() => decodeReplicationFrame(Buffer.from('z'))).toThrow(/unknown/);
  });

  it('encodes a standby status update with PostgreSQL-epoch time', () => {
    const b = encodeStandbyStatus(0x10n, 0x20n, PG_EPOCH_MICROS + 5n, true);
    expect(b.length).toBe(34);
    expect(String.fromCharCode(b[0]!)).toBe('r');
    expect(b.readBigUInt64BE(1)).toBe(0x10n);
    expect(b.readBigUInt64BE(9)).toBe(0x20n);
    expect(b.readBigUInt64BE(17)).toBe(0x20n);
    expect(b.readBigInt64BE(25)).toBe(5n);
    expect(b[33]).toBe(1);
  });
});

describe('LSN', () => {
  it('parses and formats X/Y, and round-trips through offsets', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(1n << 32n);
    expect(formatLsn(0x1_0000_00a0n)).toBe('1/A0');
    expect(lsnToOffset(0x16b3748n)).toBe(0x16b3748);
    expect(lsnFromOffset(0x16b3748)).toBe(0x16b3748n);
    expect(lsnFromOffset('0/16B3748')).toBe(0x16b3748n);
    expect(lsnFromOffset(null)).toBeNull();
    expect(() => parseLsn('nope')).toThrow(/not an LSN/);
  });
});
