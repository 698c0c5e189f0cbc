// JsonConverter.fromConnectData on Debezium change events (the Postgres CDC → Kafka hot path), records/s and
// µs/record, with schemas.enable=true (envelope: schema + payload) and false (payload only), beside a plain-tools
// baseline in the same process: Buffer.from(JSON.stringify(payload)) of the same payload as a plain object
// (no schema, bigints as numbers — JSON.stringify cannot write a bigint).
// The events come from the real connector code: TableSchema for `id int4 PK, name text NOT NULL, qty int8,
// ts timestamp` and EventRecords.change(), alternating inserts (before null) and updates (before + after).
// Run: node bin/run-ts.js bench/converters/json-converter.bench.ts [records=200000]
import { JsonConverter } from '../../converters/json-converter.js';
import { JsonEncoder } from '../../converters/json/json-encoder.js';
import { EventRecords, type SourcePosition } from '../../connectors/postgres-cdc/event-records.js';
import { PgOid, type PgTypeInfo } from '../../connectors/postgres-cdc/column-types.js';
import type { TableFilter } from '../../connectors/postgres-cdc/table-filter.js';
import { TableSchema } from '../../connectors/postgres-cdc/table-schema.js';
import type { SourceRecord } from '../../src/api/index.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const ROUNDS = 7;
const POOL = 4096;

const type = (oid: number): PgTypeInfo => ({ oid, typeMod: -1, typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null });
const columns = [
  { name: 'id', typeOid: PgOid.int4, typeMod: -1, notNull: true, pkPosition: 0 },
  { name: 'name', typeOid: PgOid.text, typeMod: -1, notNull: true, pkPosition: -1 },
  { name: 'qty', typeOid: PgOid.int8, typeMod: -1, notNull: false, pkPosition: -1 },
  { name: 'ts', typeOid: PgOid.timestamp, typeMod: -1, notNull: false, pkPosition: -1 },
];
const table = new TableSchema(
  'public',
  'orders',
  columns,
  columns.map((c) => ({ name: c.name, notNull: c.notNull, pkPosition: c.pkPosition, type: type(c.typeOid) })),
  {
    topicPrefix: 'shop',
    filter: { includesColumn: () => true } as unknown as TableFilter,
    typeOptions: { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' },
    unavailablePlaceholder: '__debezium_unavailable_value',
  },
);
const events = new EventRecords('shop', 'shopdb');

// Tuples as pgoutput delivers them (text per column); rows built by the connector's own column mappers.
function tuple(i: number, rev: number): string[] {
  return [String(i), `customer ${i} rev ${rev} ${'x'.repeat(i % 24)}`, String(1000 + i * 7 + rev), `2024-03-0${1 + (i % 9)} 10:15:${String(i % 60).padStart(2, '0')}.${String(i % 1e6).padStart(6, '0')}`];
}
const records: SourceRecord[] = [];
for (let i = 0; i < POOL; i++) {
  const lsn = 0x1_6b37_4d48 + i * 120;
  const pos: SourcePosition = { tsMicros: 1_709_288_130_000_000n + BigInt(i >> 4), snapshot: 'false', txId: 7_000 + (i >> 4), lsn, lastCommitLsn: lsn - 4000 };
  const insert = i % 2 === 0;
  const after = table.row(tuple(i, 1));
  const before = insert ? null : table.row(tuple(i, 0));
  records.push(events.change(table, insert ? 'c' : 'u', table.key(tuple(i, 1)), before, after, pos, { lsn }));
}
const schema = records[0]!.valueSchema!;
if (records.some((r) => r.valueSchema !== schema)) throw new Error('one envelope schema expected');

/** The same payload as a JSON.stringify-able plain object (bigint → number). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}
const plainValues = records.map((r) => plain(r.value));

const withSchemas = new JsonConverter();
withSchemas.configure({}, false);
const bare = new JsonConverter();
bare.configure({ 'schemas.enable': 'false' }, false);

interface Case { name: string; fn: () => number; best: number; bytes: number }
const cases: Case[] = [];
function measure(name: string, fn: () => number): void {
  cases.push({ name, fn, best: Infinity, bytes: 0 });
}
function convertAll(conv: JsonConverter): number {
  let bytes = 0;
  for (let i = 0; i < RECORDS; i++) {
    const r = records[i % POOL]!;
    bytes += conv.fromConnectData(r.topic, null, r.valueSchema, r.value)!.length;
  }
  return bytes;
}
measure('JsonConverter schemas.enable=true', () => convertAll(withSchemas));
measure('JsonConverter schemas.enable=false', () => convertAll(bare));
// What schemas.enable=false would cost if the converter asked the encoder for bytes (the payload written
// straight into the slab) instead of a string it then encodes with Buffer.from.
const encoder = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
measure('JsonEncoder.valueBytes (bare, as bytes)', () => {
  let bytes = 0;
  for (let i = 0; i < RECORDS; i++) bytes += encoder.valueBytes(schema, records[i % POOL]!.value).length;
  return bytes;
});
measure('Buffer.from(JSON.stringify(payload))', () => {
  let bytes = 0;
  for (let i = 0; i < RECORDS; i++) bytes += Buffer.from(JSON.stringify(plainValues[i % POOL])).length;
  return bytes;
});

// Rounds go over every case in turn (a burst of load on the machine hits all of them); best time kept.
for (const c of cases) c.fn();
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const t0 = process.hrtime.bigint();
    c.bytes = c.fn();
    c.best = Math.min(c.best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
}

console.log(`${RECORDS} Debezium change events (shop.public.orders, insert/update alternating), best of ${ROUNDS} rounds, node ${process.version}`);
for (const c of cases) {
  const perRecord = (c.best / RECORDS) * 1e6;
  console.log(
    `${c.name.padEnd(42)} ${Math.round(RECORDS / c.best).toLocaleString('en-US').padStart(11)} rec/s  ` +
      `${perRecord.toFixed(3).padStart(7)} µs/record  ${Math.round(c.bytes / RECORDS).toString().padStart(5)} B/record`,
  );
}
