/**
 * The type table: one row through the snapshot and the same row through the stream must produce the same
 * Debezium values and schemas (decimal, temporal, json, uuid, arrays, bytea, enum, interval, nulls, TOAST).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Schema, SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { TaskHarness, waitUntil } from './task-harness.js';

const after = (r: SourceRecord) => (r.value as { after: Record<string, unknown> }).after;
const fieldSchema = (r: SourceRecord, name: string): Schema => {
  const row = r.valueSchema!.fields!.find((f) => f.name === 'after')!.schema;
  return row.fields!.find((f) => f.name === name)!.schema;
};

const ROW = `(1, true, 7, 9007199254740993, 1.5, 2.25, 12.34, 3.14159, 12.34,
  '2024-01-02', '10:11:12.5', '10:11:12.345', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123', '2024-01-02 03:04:05.5+02', '10:11:12+02',
  '1 day 02:00:00', '{"a": 1}', '{"b": 2}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,2,NULL}', '{a,"b c"}', '\\x0102ff', 'happy', 'plain')`;

const EXPECTED = {
  id: 1,
  b: true,
  s: 7,
  big: 9007199254740993n,
  r: 1.5,
  d: 2.25,
  n: '12.34',
  nu: { scale: 5, value: new Uint8Array([0x04, 0xcb, 0x2f]) },
  m: '12.34',
  dt: 19724,
  t: 36_672_500_000,
  t3: 36_672_345,
  ts: Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 123456,
  ts3: Date.UTC(2024, 0, 2, 3, 4, 5) + 123,
  tstz: '2024-01-02T01:04:05.5Z',
  ttz: '08:11:12Z',
  iv: (86_400 + 7_200) * 1_000_000,
  j: '{"a": 1}',
  jb: '{"b": 2}',
  u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  ia: [1, 2, null],
  ta: ['a', 'b c'],
  by: Buffer.from([1, 2, 255]),
  mood: 'happy',
  txt: 'plain',
};

describe('postgres-cdc: column types', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('maps the type table identically in snapshot and stream, with Debezium schema names', async () => {
    await pg().query(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`);
    await pg().query(`CREATE TABLE types (
      id int PRIMARY KEY, b boolean, s smallint, big bigint, r real, d double precision, n numeric(10,2), nu numeric, m money,
      dt date, t time, t3 time(3), ts timestamp, ts3 timestamp(3), tstz timestamptz, ttz timetz,
      iv interval, j json, jb jsonb, u uuid, ia int[], ta text[], by bytea, mood mood, txt text)`);
    await pg().query(`INSERT INTO types VALUES ${ROW}`);
    const h = await new TaskHarness(cdcProps(pg(), 'types1', { 'table.include.list': 'public.types' })).start();
    running.push(h);
    const [snap] = await h.pollFor(1);
    expect(after(snap!)).toEqual(EXPECTED);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO types VALUES ${ROW.replace('(1,', '(2,')}`);
    await pg().query(`INSERT INTO types (id) VALUES (3)`);
    const [ins, nulls] = await h.pollFor(2);
    expect(after(ins!)).toEqual({ ...EXPECTED, id: 2 });
    const allNull = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, null]));
    expect(after(nulls!)).toEqual({ ...allNull, id: 3 });

    expect(fieldSchema(ins!, 'n')).toMatchObject({ type: 'bytes', name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '2', 'connect.decimal.precision': '10' } });
    expect(fieldSchema(ins!, 'nu')).toMatchObject({ type: 'struct', name: 'io.debezium.data.VariableScaleDecimal' });
    expect(fieldSchema(ins!, 'dt')).toMatchObject({ type: 'int32', name: 'io.debezium.time.Date' });
    expect(fieldSchema(ins!, 't')).toMatchObject({ type: 'int64', name: 'io.debezium.time.MicroTime' });
    expect(fieldSchema(ins!, 't3')).toMatchObject({ type: 'int32', name: 'io.debezium.time.Time' });
    expect(fieldSchema(ins!, 'ts')).toMatchObject({ type: 'int64', name: 'io.debezium.time.MicroTimestamp' });
    expect(fieldSchema(ins!, 'ts3')).toMatchObject({ type: 'int64', name: 'io.debezium.time.Timestamp' });
    expect(fieldSchema(ins!, 'tstz')).toMatchObject({ type: 'string', name: 'io.debezium.time.ZonedTimestamp' });
    expect(fieldSchema(ins!, 'iv')).toMatchObject({ type: 'int64', name: 'io.debezium.time.MicroDuration' });
    expect(fieldSchema(ins!, 'j')).toMatchObject({ type: 'string', name: 'io.debezium.data.Json' });
    expect(fieldSchema(ins!, 'u')).toMatchObject({ type: 'string', name: 'io.debezium.data.Uuid' });
    expect(fieldSchema(ins!, 'ia')).toMatchObject({ type: 'array', optional: true, valueSchema: { type: 'int32', optional: true } });
    expect(fieldSchema(ins!, 'mood')).toMatchObject({ type: 'string', name: 'io.debezium.data.Enum', parameters: { allowed: 'sad,ok,happy' } });
    expect(fieldSchema(ins!, 'id')).toMatchObject({ type: 'int32', optional: false });
  });

  it('substitutes unchanged TOAST values unless REPLICA IDENTITY FULL supplies them', async () => {
    await pg().query(`CREATE TABLE docs (id int PRIMARY KEY, body text, n int)`);
    await pg().query(`CREATE TABLE docs_full (id int PRIMARY KEY, body text, n int)`);
    await pg().query(`ALTER TABLE docs_full REPLICA IDENTITY FULL`);
    const h = await new TaskHarness(cdcProps(pg(), 'toast1', { 'table.include.list': 'public.docs.*', 'snapshot.mode': 'no_data' })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    // Random text does not compress, so 100 kB is stored out of line (TOAST).
    const big = `SELECT string_agg(md5(g::text), '') FROM generate_series(1, 3200) g`;
    await pg().query(`INSERT INTO docs VALUES (1, (${big}), 0)`);
    await pg().query(`INSERT INTO docs_full VALUES (1, (${big}), 0)`);
    await pg().query(`UPDATE docs SET n = 1`);
    await pg().query(`UPDATE docs_full SET n = 1`);
    const recs = await h.pollFor(4);
    const bodyLen = (after(recs[0]!).body as string).length;
    expect(bodyLen).toBe(3200 * 32);
    expect(after(recs[2]!)).toEqual({ id: 1, body: '__debezium_unavailable_value', n: 1 });
    expect((after(recs[3]!).body as string).length).toBe(bodyLen);
  });

  it('reflects ALTER TABLE ADD/DROP COLUMN and type changes in the next events\' schemas', async () => {
    await pg().query(`CREATE TABLE evolving (id int PRIMARY KEY, a text)`);
    const h = await new TaskHarness(cdcProps(pg(), 'ddl1', { 'table.include.list': 'public.evolving', 'snapshot.mode': 'no_data' })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO evolving VALUES (1, 'x')`);
    await pg().query(`ALTER TABLE evolving ADD COLUMN b int NOT NULL DEFAULT 5`);
    await pg().query(`INSERT INTO evolving VALUES (2, 'y', 6)`);
    await pg().query(`ALTER TABLE evolving DROP COLUMN a`);
    await pg().query(`ALTER TABLE evolving ALTER COLUMN b TYPE bigint`);
    await pg().query(`INSERT INTO evolving VALUES (3, 7)`);
    const [r1, r2, r3] = await h.pollFor(3);
    expect(after(r1!)).toEqual({ id: 1, a: 'x' });
    expect(after(r2!)).toEqual({ id: 2, a: 'y', b: 6 });
    expect(fieldSchema(r2!, 'b')).toMatchObject({ type: 'int32', optional: false });
    expect(after(r3!)).toEqual({ id: 3, b: 7 });
    expect(fieldSchema(r3!, 'b')).toMatchObject({ type: 'int64' });
  });
});
