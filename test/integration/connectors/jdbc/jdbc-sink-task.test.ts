import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectDate, ConnectTime, ConnectTimestamp, DataError, Decimal, RetriableError, SchemaBuilder, Schemas,
} from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { rec, startSinkTask, type SinkHarness } from './task-harness.js';

const pg = withPostgres();
const running: SinkHarness[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.task.stop();
});

async function sink(extra: Record<string, string>, options: { dlq?: boolean } = {}): Promise<SinkHarness> {
  const h = await startSinkTask({ 'connection.url': pg().jdbcUrl, ...extra }, options);
  running.push(h);
  return h;
}

const Person = SchemaBuilder.struct().name('Person')
  .field('id', Schemas.INT64)
  .field('name', Schemas.STRING)
  .field('age', Schemas.OPTIONAL_INT32)
  .build();
const PersonKey = SchemaBuilder.struct().name('PersonKey').field('id', Schemas.INT64).build();

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await pg().query(sql)).rows;
}

describe('JdbcSinkTask against PostgreSQL', () => {
  it('auto.create makes the table from the value schema (NOT NULL, primary key) and inserts the rows', async () => {
    const h = await sink({ 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await h.put([rec('people', Person, { id: 1, name: 'Ann', age: 30 }), rec('people', Person, { id: 2, name: 'Bob', age: null })]);
    expect(await rows('SELECT id, name, age FROM people ORDER BY id')).toEqual([{ id: '1', name: 'Ann', age: 30 }, { id: '2', name: 'Bob', age: null }]);
    const cols = await rows(`SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'people' ORDER BY ordinal_position`);
    expect(cols).toEqual([
      { column_name: 'id', data_type: 'bigint', is_nullable: 'NO' },
      { column_name: 'name', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'age', data_type: 'integer', is_nullable: 'YES' },
    ]);
    const pk = await rows(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'people'::regclass AND i.indisprimary`);
    expect(pk).toEqual([{ attname: 'id' }]);
  });

  it('upsert is idempotent under redelivery, and the last of several writes to one key wins', async () => {
    const h = await sink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    const batch = [
      rec('ups', Person, { id: 1, name: 'a', age: 1 }, { id: 1 }, PersonKey),
      rec('ups', Person, { id: 2, name: 'b', age: 2 }, { id: 2 }, PersonKey),
      rec('ups', Person, { id: 1, name: 'a2', age: 3 }, { id: 1 }, PersonKey),
    ];
    await h.put(batch);
    await h.put(batch); // redelivery after a crash
    expect(await rows('SELECT id, name, age FROM ups ORDER BY id')).toEqual([{ id: '1', name: 'a2', age: 3 }, { id: '2', name: 'b', age: 2 }]);
    await h.put([rec('ups', Person, { id: 2, name: 'b2', age: null }, { id: 2 }, PersonKey)]);
    expect(await rows('SELECT name, age FROM ups WHERE id = 2')).toEqual([{ name: 'b2', age: null }]);
  });

  it('update mode changes existing rows only', async () => {
    await pg().query('CREATE TABLE upd (id bigint PRIMARY KEY, name text NOT NULL, age int)');
    await pg().query("INSERT INTO upd VALUES (1, 'x', 1)");
    const h = await sink({ 'insert.mode': 'update', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await h.put([rec('upd', Person, { id: 1, name: 'y', age: 5 }), rec('upd', Person, { id: 9, name: 'z', age: 9 })]);
    expect(await rows('SELECT id, name, age FROM upd')).toEqual([{ id: '1', name: 'y', age: 5 }]);
  });

  it('delete.enabled turns tombstones into DELETE by key, in order with upserts', async () => {
    const h = await sink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
    await h.put([
      rec('del', Person, { id: 1, name: 'a', age: 1 }, { id: 1 }, PersonKey),
      rec('del', Person, { id: 2, name: 'b', age: 2 }, { id: 2 }, PersonKey),
      rec('del', null, null, { id: 1 }, PersonKey),
      rec('del', Person, { id: 3, name: 'c', age: 3 }, { id: 3 }, PersonKey),
      rec('del', null, null, { id: 3 }, PersonKey),
      rec('del', Person, { id: 3, name: 'c2', age: 3 }, { id: 3 }, PersonKey),
    ]);
    expect(await rows('SELECT id, name FROM del ORDER BY id')).toEqual([{ id: '2', name: 'b' }, { id: '3', name: 'c2' }]);
  });

  it('a tombstone without delete.enabled fails only itself', async () => {
    const h = await sink({ 'auto.create': 'true', 'pk.mode': 'kafka' });
    await h.put([rec('tomb', Person, { id: 1, name: 'a', age: 1 }), rec('tomb', null, null)]);
    expect(h.reported).toHaveLength(1);
    expect(h.reported[0]!.error.message).toMatch(/tombstone.*delete\.enabled=true/);
    expect(await rows('SELECT __connect_topic, __connect_partition, name FROM tomb')).toEqual([{ __connect_topic: 'tomb', __connect_partition: 0, name: 'a' }]);
  });

  it('auto.evolve adds nullable columns for new fields; without it the records fail naming the column', async () => {
    const v1 = SchemaBuilder.struct().field('id', Schemas.INT32).build();
    const v2 = SchemaBuilder.struct().field('id', Schemas.INT32).field('email', Schemas.STRING).field('score', Decimal.schema(2)).build();
    const strict = await sink({ 'auto.create': 'true' });
    await strict.put([rec('evo', v1, { id: 1 })]);
    await strict.put([rec('evo', v2, { id: 2, email: 'e', score: '1.25' })]);
    expect(strict.reported[0]!.error.message).toMatch(/has no column\(s\) email, score; add them or set auto\.evolve=true/);
    const h = await sink({ 'auto.create': 'true', 'auto.evolve': 'true' });
    await h.put([rec('evo', v2, { id: 2, email: 'e', score: '1.25' })]);
    expect(await rows('SELECT id, email, score FROM evo ORDER BY id')).toEqual([{ id: 1, email: null, score: null }, { id: 2, email: 'e', score: '1.25' }]);
    const cols = await rows(`SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = 'evo' AND column_name <> 'id' ORDER BY 1`);
    expect(cols).toEqual([{ column_name: 'email', is_nullable: 'YES', data_type: 'text' }, { column_name: 'score', is_nullable: 'YES', data_type: 'numeric' }]);
  });

  it('a bad record in a batch of good ones goes to the DLQ alone; the rest commit', async () => {
    await pg().query('CREATE TABLE strict_t (id int PRIMARY KEY, name text NOT NULL, n smallint)');
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING).field('n', Schemas.OPTIONAL_INT32).build();
    const h = await sink({});
    const batch = Array.from({ length: 20 }, (_, i) => rec('strict_t', s, { id: i, name: `n${i}`, n: i }));
    batch[5] = rec('strict_t', s, { id: 5, name: null, n: 5 });       // NOT NULL violation
    batch[13] = rec('strict_t', s, { id: 13, name: 'x', n: 100000 }); // out of range for smallint
    await h.put(batch);
    expect(h.reported.map((r) => r.record.kafkaOffset)).toEqual([batch[5]!.kafkaOffset, batch[13]!.kafkaOffset]);
    expect(h.reported[0]!.error).toBeInstanceOf(DataError);
    expect(h.reported[0]!.error.message).toMatch(/strict_t.*null value in column "name"/);
    const ids = (await rows('SELECT id FROM strict_t ORDER BY id')).map((r) => r['id']);
    expect(ids).toEqual([...Array(20).keys()].filter((i) => i !== 5 && i !== 13));
  });

  it('upsert across several batch.size statements (pipelined) isolates bad records in any of them', async () => {
    await pg().query('CREATE TABLE strict_u (id int PRIMARY KEY, name text NOT NULL, n smallint)');
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING).field('n', Schemas.OPTIONAL_INT32).build();
    const h = await sink({ 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id', 'batch.size': '700' });
    const batch = Array.from({ length: 3000 }, (_, i) => rec('strict_u', s, { id: i % 2500, name: `n${i}`, n: i % 30000 }));
    const bad = [10, 1500, 2999];
    batch[10] = rec('strict_u', s, { id: 10, name: null, n: 1 });
    batch[1500] = rec('strict_u', s, { id: 1500, name: 'x', n: 40000 });
    batch[2999] = rec('strict_u', s, { id: 499, name: null, n: 1 });
    await h.put(batch);
    expect(h.reported.map((r) => r.record.kafkaOffset)).toEqual(bad.map((i) => batch[i]!.kafkaOffset));
    expect(await rows('SELECT count(*)::int AS n FROM strict_u')).toEqual([{ n: 2499 }]); // only id 1500 has no good write
    // ids 2500..2999 wrapped onto 0..499 and, being later, won (id 499's last good write is record 499 since 2999 failed)
    expect(await rows('SELECT id, name FROM strict_u WHERE id IN (0, 499, 1500) ORDER BY id')).toEqual([{ id: 0, name: 'n2500' }, { id: 499, name: 'n499' }]);
  });

  it('without a DLQ (errors.tolerance=none) a bad record fails the put and nothing of the batch is written', async () => {
    await pg().query('CREATE TABLE strict2 (id int PRIMARY KEY, name text NOT NULL)');
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING).build();
    const h = await sink({}, { dlq: false });
    await expect(h.put([rec('strict2', s, { id: 1, name: 'a' }), rec('strict2', s, { id: 2, name: null })])).rejects.toThrow(DataError);
    expect(await rows('SELECT id FROM strict2')).toEqual([]);
  });

  it('transient database errors are retriable max.retries times, retry.backoff.ms apart, then fail the task', async () => {
    await pg().query('CREATE TABLE flaky (id int PRIMARY KEY)');
    await pg().query(`CREATE FUNCTION flaky_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (SELECT count(*) FROM flaky_switch) > 0 THEN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END IF; RETURN NEW; END $$`);
    await pg().query('CREATE TABLE flaky_switch (on_ boolean)');
    await pg().query('INSERT INTO flaky_switch VALUES (true)');
    await pg().query('CREATE TRIGGER flaky_t BEFORE INSERT ON flaky FOR EACH ROW EXECUTE FUNCTION flaky_fail()');
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).build();
    const h = await sink({ 'max.retries': '2', 'retry.backoff.ms': '123' });
    const batch = [rec('flaky', s, { id: 1 })];
    await expect(h.put(batch)).rejects.toBeInstanceOf(RetriableError);
    await expect(h.put(batch)).rejects.toBeInstanceOf(RetriableError);
    await expect(h.put(batch)).rejects.toThrow(/failed after 2 retries/);
    expect(h.timeouts).toEqual([123, 123]);
    // Once the database recovers, the redelivered batch goes through.
    await pg().query('DELETE FROM flaky_switch');
    const h2 = await sink({ 'max.retries': '2' });
    await h2.put(batch);
    expect(await rows('SELECT id FROM flaky')).toEqual([{ id: 1 }]);
  });

  it('a column dropped behind its back is a retriable error; the redelivered batch re-reads the table and evolves it', async () => {
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('note', Schemas.OPTIONAL_STRING).build();
    const h = await sink({ 'auto.create': 'true', 'auto.evolve': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await h.put([rec('drifting', s, { id: 1, note: 'a' })]);
    await pg().query('ALTER TABLE drifting DROP COLUMN note');
    const again = [rec('drifting', s, { id: 2, note: 'b' })];
    await expect(h.put(again)).rejects.toBeInstanceOf(RetriableError);
    await h.put(again);
    expect(await rows('SELECT id, note FROM drifting ORDER BY id')).toEqual([{ id: 1, note: null }, { id: 2, note: 'b' }]);
  });

  it('quotes identifiers: spaces, quotes, mixed case and keywords in topic and field names cannot inject SQL', async () => {
    await pg().query('CREATE TABLE victim (x int)');
    const topic = 'My "Table"; DROP TABLE victim; --';
    const s = SchemaBuilder.struct()
      .field('select', Schemas.INT32)
      .field('Mixed Case', Schemas.STRING)
      .field('a"b\'c', Schemas.OPTIONAL_STRING)
      .build();
    const h = await sink({ 'auto.create': 'true', 'auto.evolve': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'select' });
    await h.put([rec(topic, s, { select: 1, 'Mixed Case': "it's", 'a"b\'c': '"; DROP TABLE victim; --' })]);
    await h.put([rec(topic, s, { select: 1, 'Mixed Case': 'again', 'a"b\'c': null })]);
    expect(await rows(`SELECT "select", "Mixed Case", "a""b'c" FROM "My ""Table""; DROP TABLE victim; --"`)).toEqual([{ select: 1, 'Mixed Case': 'again', 'a"b\'c': null }]);
    expect(await rows('SELECT count(*)::int AS n FROM victim')).toEqual([{ n: 0 }]);
  });

  it('nested structs, maps and arrays go to jsonb columns (nested.mode=jsonb)', async () => {
    const Address = SchemaBuilder.struct().field('city', Schemas.STRING).field('zip', Schemas.OPTIONAL_STRING).build();
    const s = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('address', Address)
      .field('tags', SchemaBuilder.array(Schemas.STRING))
      .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT64))
      .field('items', SchemaBuilder.array(Address))
      .build();
    const h = await sink({ 'auto.create': 'true' });
    await h.put([rec('nested_j', s, { id: 1, address: { city: 'Oslo', zip: null }, tags: ['a', 'b,"c"'], attrs: { n: 2n ** 60n }, items: [{ city: 'X', zip: '1' }] })]);
    const [row] = await rows('SELECT * FROM nested_j');
    expect(row).toEqual({ id: 1, address: { city: 'Oslo', zip: null }, tags: ['a', 'b,"c"'], attrs: { n: 1152921504606846976 }, items: [{ city: 'X', zip: '1' }] });
    expect(await rows(`SELECT attrs->>'n' AS n FROM nested_j`)).toEqual([{ n: '1152921504606846976' }]); // exact, not a double
    const types = await rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'nested_j' ORDER BY ordinal_position`);
    expect(types.map((t) => t['data_type'])).toEqual(['integer', 'jsonb', 'ARRAY', 'jsonb', 'jsonb']);
  });

  it('nested.mode=flatten writes struct fields as parent_child columns', async () => {
    const Inner = SchemaBuilder.struct().field('lat', Schemas.FLOAT64).field('lon', Schemas.FLOAT64).build();
    const Address = SchemaBuilder.struct().field('city', Schemas.STRING).field('geo', Inner).optional().build();
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('address', Address).build();
    const h = await sink({ 'auto.create': 'true', 'nested.mode': 'flatten' });
    await h.put([rec('nested_f', s, { id: 1, address: { city: 'Oslo', geo: { lat: 59.9, lon: 10.7 } } }), rec('nested_f', s, { id: 2, address: null })]);
    expect(await rows('SELECT * FROM nested_f ORDER BY id')).toEqual([
      { id: 1, address_city: 'Oslo', address_geo_lat: 59.9, address_geo_lon: 10.7 },
      { id: 2, address_city: null, address_geo_lat: null, address_geo_lon: null },
    ]);
  });

  it('schemaless JSON values are written by column name into an existing table', async () => {
    await pg().query('CREATE TABLE loose (id int PRIMARY KEY, payload jsonb, at timestamptz, ok boolean, tags text[])');
    const h = await sink({ 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await h.put([
      rec('loose', null, { id: 1, payload: { a: [1, 2] }, at: '2024-01-01T00:00:00Z', ok: true, tags: ['x', 'y'] }),
      rec('loose', null, { id: 2, ok: false }),
    ]);
    expect(await rows('SELECT id, payload, at, ok, tags FROM loose ORDER BY id')).toEqual([
      { id: 1, payload: { a: [1, 2] }, at: new Date('2024-01-01T00:00:00Z'), ok: true, tags: ['x', 'y'] },
      { id: 2, payload: null, at: null, ok: false, tags: null },
    ]);
    await h.put([rec('no_such_table', null, { id: 1 })]);
    expect(h.reported[0]!.error.message).toMatch(/no_such_table does not exist/);
  });

  it('insert mode streams through COPY: tabs, newlines, backslashes, \\N and empty strings survive', async () => {
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('t', Schemas.OPTIONAL_STRING).field('b', Schemas.OPTIONAL_BYTES)
      .field('a', SchemaBuilder.array(Schemas.STRING).optional()).field('at', ConnectTimestamp.SCHEMA).build();
    const h = await sink({ 'auto.create': 'true', 'batch.size': '1500' });
    const tricky = ['a\tb', 'line1\nline2\r', 'back\\slash', '\\N', '', 'quote"\'', 'ünï😀'];
    const batch = Array.from({ length: 3500 }, (_, i) => rec('copy_t', s, {
      id: i, t: i < tricky.length ? tricky[i] : `row ${i}`, b: new Uint8Array([i % 256, 92]), a: i === 0 ? ['x\ty', null, '{}'] : null,
      at: new Date(Date.UTC(2024, 0, 1) + i),
    }));
    await h.put(batch);
    expect(await rows('SELECT count(*)::int AS n FROM copy_t')).toEqual([{ n: 3500 }]);
    const got = await rows(`SELECT id, t, encode(b, 'hex') AS b, a FROM copy_t WHERE id < ${tricky.length} ORDER BY id`);
    expect(got.map((r) => r['t'])).toEqual(tricky);
    expect(got[1]!['b']).toBe('015c');
    expect(got[0]!['a']).toEqual(['x\ty', null, '{}']);
    expect(await rows('SELECT t FROM copy_t WHERE id = 4')).toEqual([{ t: '' }]);
    // A TIMESTAMP (without time zone) column holds the UTC wall-clock time (db.timezone=UTC).
    expect(await rows('SELECT at::text FROM copy_t WHERE id = 1')).toEqual([{ at: '2024-01-01 00:00:00.001' }]);
  });

  it('writes logical types and bytes, with db.timezone for timestamp columns', async () => {
    const s = SchemaBuilder.struct()
      .field('id', Schemas.INT8)
      .field('d', ConnectDate.SCHEMA)
      .field('t', ConnectTime.SCHEMA)
      .field('ts', ConnectTimestamp.SCHEMA)
      .field('amount', Decimal.schema(3))
      .field('raw', Schemas.BYTES)
      .field('f', Schemas.FLOAT32)
      .build();
    const h = await sink({ 'auto.create': 'true', 'db.timezone': 'America/New_York' });
    await h.put([rec('logical', s, {
      id: 1, d: new Date(Date.UTC(2024, 1, 29)), t: new Date(3_723_004), ts: new Date('2024-07-01T16:00:00.123Z'),
      amount: '-12345678901234567890.125', raw: new Uint8Array([0, 255, 16]), f: 1.5,
    })]);
    const [row] = await rows(`SELECT d::text, t::text, ts::text, amount::text, encode(raw, 'hex') AS raw, f FROM logical`);
    expect(row).toEqual({ d: '2024-02-29', t: '01:02:03.004', ts: '2024-07-01 12:00:00.123', amount: '-12345678901234567890.125', raw: '00ff10', f: 1.5 });
  });
});
