/**
 * The replication stream's in-place path (decodeRowChange → TupleView → TableSchema.keyOf/rowOf, columns
 * read from bytes) must give exactly what the string path (decodePgoutput → TableSchema.key/row) gives.
 */
import { describe, expect, it } from 'vitest';
import { mapColumnType, PgOid, type PgTypeInfo, type TypeMappingOptions } from '../../../../connectors/postgres-cdc/column-types.js';
import { ColumnMappers } from '../../../../connectors/postgres-cdc/column-mappers.js';
import { decodePgoutput, decodeRowChange, PgoutputDecodeError, RowChange } from '../../../../connectors/postgres-cdc/pgoutput-decoder.js';
import type { TupleValue } from '../../../../connectors/postgres-cdc/pgoutput-messages.js';
import { lsnNumberToOffset, lsnToNumber, lsnToOffset, readLsnNumber } from '../../../../connectors/postgres-cdc/lsn.js';
import { parsePostgresCdcConfig } from '../../../../connectors/postgres-cdc/postgres-cdc-config.js';
import type { CatalogColumn } from '../../../../connectors/postgres-cdc/table-catalog.js';
import { TableFilter } from '../../../../connectors/postgres-cdc/table-filter.js';
import { TableSchema } from '../../../../connectors/postgres-cdc/table-schema.js';
import { TupleView } from '../../../../connectors/postgres-cdc/tuple-view.js';

type Col = ['t', string] | ['n'] | ['u'];

function tupleBytes(cols: readonly Col[]): Buffer {
  const parts: Buffer[] = [Buffer.from([cols.length >> 8, cols.length & 0xff])];
  for (const c of cols) {
    if (c[0] !== 't') {
      parts.push(Buffer.from(c[0]));
      continue;
    }
    const v = Buffer.from(c[1], 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32BE(v.length);
    parts.push(Buffer.from('t'), len, v);
  }
  return Buffer.concat(parts);
}

function message(tag: string, oid: number, ...tuples: [string, readonly Col[]][]): Buffer {
  const head = Buffer.alloc(5);
  head.write(tag, 0);
  head.writeUInt32BE(oid, 1);
  // Some bytes before the message, as in an XLogData frame.
  return Buffer.concat([Buffer.alloc(25, 7), head, ...tuples.flatMap(([kind, cols]) => [Buffer.from(kind), tupleBytes(cols)])]);
}

const opts: TypeMappingOptions = { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' };
const type = (oid: number, typeMod = -1): PgTypeInfo => ({ oid, typeMod, typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null });

describe('decodeRowChange', () => {
  it('reads the same columns as decodePgoutput, into reused views', () => {
    const out = new RowChange();
    const cases: Buffer[] = [
      message('I', 7, ['N', [['t', '42'], ['n'], ['u'], ['t', 'héllo ✓']]]),
      message('U', 8, ['O', [['t', 'old'], ['n']]], ['N', [['t', '1'], ['u']]]),
      message('U', 9, ['K', [['t', '5']]], ['N', [['t', '6'], ['t', '']]]),
      message('U', 9, ['N', [['t', '6']]]),
      message('D', 10, ['K', [['t', '1']]]),
      message('D', 10, ['O', [['t', '1'], ['n'], ['t', 'x']]]),
    ];
    for (const buf of cases) {
      const msg = decodePgoutput(buf, 25);
      expect(decodeRowChange(buf, 25, out)).toBe(true);
      expect(out.tag).toBe(msg.tag);
      expect(out.relationOid).toBe((msg as { relationOid: number }).relationOid);
      const m = msg as { oldKind?: 'K' | 'O' | null; oldTuple?: TupleValue[] | null; newTuple?: TupleValue[] };
      expect(out.oldKind).toBe(m.oldKind ?? null);
      if (m.oldTuple) expect(out.oldTuple.toValues()).toEqual(m.oldTuple);
      if (m.newTuple) expect(out.newTuple.toValues()).toEqual(m.newTuple);
    }
  });

  it('leaves other messages alone and rejects what decodePgoutput rejects', () => {
    const out = new RowChange();
    expect(decodeRowChange(Buffer.from('B'), 0, out)).toBe(false);
    const truncated = message('I', 1, ['N', [['t', 'abcdef']]]).subarray(0, -2);
    expect(() => decodeRowChange(truncated, 25, out)).toThrow(PgoutputDecodeError);
    expect(() => decodeRowChange(message('I', 1, ['X', []]), 25, out)).toThrow(/insert: expected 'N'/);
    const badKind = Buffer.concat([message('I', 1, ['N', []]).subarray(0, -2), Buffer.from([0, 1, 0x78])]);
    expect(() => decodeRowChange(badKind, 25, out)).toThrow(/kind/);
  });

  it('decodes a frame inside a larger buffer up to its end, with the same errors as on its own', () => {
    const frame = message('I', 3, ['N', [['t', 'abc'], ['n']]]);
    const big = Buffer.concat([Buffer.from('0123456789'), frame, Buffer.from('tail bytes')]);
    const a = new RowChange();
    const b = new RowChange();
    expect(decodeRowChange(big, 10 + 25, a, 10 + frame.length, 10)).toBe(true);
    decodeRowChange(frame, 25, b);
    expect(a.newTuple.toValues()).toEqual(b.newTuple.toValues());
    const cut = frame.length - 1;
    const alone = (() => { try { decodeRowChange(frame.subarray(0, cut), 25, b); } catch (err) { return (err as Error).message; } })();
    expect(alone).toMatch(/^pgoutput message truncated: need 1 bytes at \d+, have 0$/);
    expect(() => decodeRowChange(big, 10 + 25, a, 10 + cut, 10)).toThrow(alone);
    expect(decodeRowChange(big, 10 + 25, a, 10 + 25, 10)).toBe(false);
  });

  it('grows a view past 16 columns; a column past the tuple reads as null', () => {
    const view = new TupleView();
    const cols: Col[] = Array.from({ length: 40 }, (_, i) => ['t', String(i)]);
    const out = new RowChange();
    decodeRowChange(message('I', 1, ['N', cols]), 25, out);
    expect(out.newTuple.toValues()).toEqual(cols.map((c) => c[1]));
    expect(out.newTuple.value(40)).toBeNull();
    expect(view.value(0)).toBeNull();
  });
});

describe('column readers from bytes', () => {
  const samples: Record<string, { t: PgTypeInfo; texts: string[] }> = {
    int4: { t: type(PgOid.int4), texts: ['0', '-0', '7', '-2147483648', '2147483647', '007', '', '+1', '1e3', ' 1', 'x'] },
    int2: { t: type(PgOid.int2), texts: ['-32768', '12'] },
    int8: { t: type(PgOid.int8), texts: ['999999999999999', '-999999999999999', '9007199254740993', '-9223372036854775808', '42'] },
    oid: { t: type(PgOid.oid), texts: ['4294967295'] },
    bool: { t: type(PgOid.bool), texts: ['t', 'f', 'tt', ''] },
    text: { t: type(PgOid.text), texts: ['', 'héllo ✓', 'a\u0000b'] },
    uuid: { t: type(PgOid.uuid), texts: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'] },
    timestamp: {
      t: type(PgOid.timestamp),
      texts: [
        '2024-01-02 03:04:05', '2024-01-02 03:04:05.1', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.000010', '2024-02-30 25:61:61',
        '1969-12-31 23:59:59.999999', '0100-01-01 00:00:00', '0099-12-31 23:59:59.5', '2024-01-02 03:04:05 BC', '2024-01-02 03:04:05.1234567',
        '2024-01-02 03:04:05+00', '2024-01-02 03:04:05.25+00', '2024-01-02 03:04:05+02', '2024-01-02 03:04:05+00+00', '12024-01-02 03:04:05',
        '2024-01-02T03:04:05', '2024-01-02 03:04:0x', '2024-01-02 03:04:05.', '2024-01-02 03:04:05.12ab', 'infinity', '',
      ],
    },
    time: {
      t: type(PgOid.time),
      texts: ['03:04:05', '03:04:05.1', '03:04:05.123456', '03:04:05.1234567', '24:00:00', '03:04:05.', '03:04:05.12x', '03:04:05junk', '3:04:05', '03:04', 'ab:cd:ef', ''],
    },
    timeMs: {
      t: type(PgOid.time, 3),
      texts: ['03:04:05.999', '03:04:05', '00:00:00.0005', 'x'],
    },
    date: {
      t: type(PgOid.date),
      texts: ['2024-01-02', '1970-01-01', '1969-12-31', '0100-03-01', '0099-12-31', '2024-02-30', '0001-01-01 BC', '12024-01-02', '2024-1-02', '20x4-01-02', 'infinity'],
    },
    timestamptz: {
      t: type(PgOid.timestamptz),
      texts: ['2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05+00', '2024-01-02 03:04:05+02', '0099-01-02 03:04:05+00', '2024-01-02 03:04:05.5+00 BC', '2024-01-02 03:04:0é+00'],
    },
  };
  for (const [name, { t, texts }] of Object.entries(samples)) {
    it(`${name}: fromBytes equals fromText`, () => {
      const m = mapColumnType(t, true, opts);
      expect(m.fromBytes).toBeDefined();
      for (const text of texts) {
        const buf = Buffer.concat([Buffer.from('xx'), Buffer.from(text, 'utf8'), Buffer.from('yy')]);
        const read = (f: () => unknown) => { try { return { ok: f() }; } catch (err) { return { err: (err as Error).message }; } };
        expect(read(() => m.fromBytes!(buf, 2, buf.length - 2)), text).toEqual(read(() => m.fromText(text)));
      }
    });
  }

  it('a masked or truncated column has no byte reader (its rule runs on the text)', () => {
    const mappers = new ColumnMappers({ 'column.mask.with.3.chars': 's.t.a', 'column.truncate.to.2.chars': 's.t.b' });
    const base = mapColumnType(type(PgOid.text), true, opts);
    expect(mappers.apply('s', 't', 'a', type(PgOid.text), base).mapping.fromBytes).toBeUndefined();
    expect(mappers.apply('s', 't', 'b', type(PgOid.text), base).mapping.fromBytes).toBeUndefined();
  });
});

describe('TableSchema.keyOf/rowOf', () => {
  const cfg = parsePostgresCdcConfig({ 'topic.prefix': 'p', 'database.hostname': 'h', 'database.user': 'u', 'database.dbname': 'd' });
  const col = (name: string, t: PgTypeInfo, notNull: boolean, pk = -1): CatalogColumn => ({ name, notNull, pkPosition: pk, type: t });
  const catalog = [
    col('id', type(PgOid.int4), true, 0), col('label', type(PgOid.text), true), col('n', type(PgOid.int8), false),
    col('at', type(PgOid.timestamptz), false), col('big', type(PgOid.text), false), col('secret', type(PgOid.varchar), false),
  ];
  const table = new TableSchema('s', 't', catalog.map((c) => ({ name: c.name, typeOid: c.type.oid, typeMod: -1 })), catalog, {
    topicPrefix: 'p',
    filter: new TableFilter(cfg),
    typeOptions: opts,
    unavailablePlaceholder: '__unavailable',
    columnMappers: new ColumnMappers({ 'column.mask.with.4.chars': 's.t.secret' }),
  });

  it('gives the same key and row structs as the string path, TOAST and key-only tuples included', () => {
    const tuples: Col[][] = [
      [['t', '1'], ['t', 'héllo'], ['t', '12'], ['t', '2024-01-02 03:04:05.5+00'], ['t', 'b'], ['t', 'pw']],
      [['t', '2'], ['t', 'x'], ['n'], ['n'], ['u'], ['n']],
      [['t', '3'], ['n'], ['t', '9223372036854775807'], ['t', '2024-01-02 03:04:05+01'], ['n'], ['u']],
      [['t', '4']],
    ];
    const out = new RowChange();
    for (const cols of tuples) {
      for (const previous of [null, tuples[0]!]) {
        const buf = previous === null ? message('I', 1, ['N', cols]) : message('U', 1, ['O', previous], ['N', cols]);
        const msg = decodePgoutput(buf, 25);
        if (msg.tag !== 'insert' && msg.tag !== 'update') throw new Error(`unexpected ${msg.tag}`);
        decodeRowChange(buf, 25, out);
        const prevView = previous === null ? null : out.oldTuple;
        const prevValues = msg.tag === 'update' ? msg.oldTuple : null;
        expect(table.keyOf(out.newTuple)).toEqual(table.key(msg.newTuple));
        for (const partial of [false, true]) {
          expect(table.rowOf(out.newTuple, partial, prevView)).toEqual(table.row(msg.newTuple, partial, prevValues));
        }
      }
    }
  });

  it('reports an unreadable column with table, column and text', () => {
    const out = new RowChange();
    decodeRowChange(message('I', 1, ['N', [['t', '1'], ['t', 'a'], ['n'], ['t', 'soon']]]), 25, out);
    expect(() => table.rowOf(out.newTuple)).toThrow(/^s\.t\.at: cannot read "soon": unsupported timestamp text/);
    expect(() => table.row(['1', 'a', null, 'soon'])).toThrow(/^s\.t\.at: cannot read "soon": unsupported timestamp text/);
  });
});

describe('LSN as a number', () => {
  it('readLsnNumber and lsnNumberToOffset agree with the bigint conversions around 2^53', () => {
    for (const lsn of [0n, 0x16b3748n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n, 0x1fffff_ffffffffn]) {
      const buf = Buffer.alloc(10);
      buf.writeBigUInt64BE(lsn, 2);
      expect(readLsnNumber(buf, 2)).toBe(lsnToNumber(lsn));
      expect(lsnNumberToOffset(readLsnNumber(buf, 2))).toBe(lsnToOffset(lsn));
    }
  });
});
