import { afterEach, describe, expect, it } from 'vitest';
import { ConnectTimestamp, Decimal, Schemas, type SourceRecord } from '../../../../src/api/index.js';
import type { JdbcSourceTask } from '../../../../connectors/jdbc/source/jdbc-source-task.js';
import { withPostgres } from '../../../support/postgres.js';
import { OffsetMap, pollAll, pollRecords, startSourceTask } from './task-harness.js';

const pg = withPostgres();
const running: JdbcSourceTask[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

function props(extra: Record<string, string>): Record<string, string> {
  return {
    'connection.url': pg().jdbcUrl, 'topic.prefix': 'pg-', 'poll.interval.ms': '50', 'batch.max.rows': '2', ...extra,
  };
}

async function start(p: Record<string, string>, offsets = new OffsetMap()): Promise<JdbcSourceTask> {
  const task = await startSourceTask(p, offsets);
  running.push(task);
  return task;
}

const values = (rs: readonly SourceRecord[]) => rs.map((r) => r.value as Record<string, unknown>);

describe('JdbcSourceTask against PostgreSQL', () => {
  it('bulk mode reads the whole table every poll, with null offsets and the primary key as key', async () => {
    await pg().query('CREATE TABLE bulk_t (id int PRIMARY KEY, name text)');
    await pg().query("INSERT INTO bulk_t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const task = await start(props({ mode: 'bulk', 'table.whitelist': 'bulk_t' }));
    const first = await pollRecords(task, 3);
    expect(values(first)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }]);
    expect(first[0]!.topic).toBe('pg-bulk_t');
    expect(first[0]!.key).toEqual({ id: 1 });
    expect(first[0]!.sourcePartition).toEqual({ table: 'public.bulk_t', protocol: '1' });
    expect(first[0]!.sourceOffset).toBeNull();
    const again = await pollRecords(task, 3);
    expect(values(again).map((v) => v['id'])).toEqual([1, 2, 3]);
  });

  it('incrementing mode reads new rows only and resumes from the committed offset', async () => {
    await pg().query('CREATE TABLE inc_t (id serial PRIMARY KEY, v text NOT NULL)');
    await pg().query("INSERT INTO inc_t (v) VALUES ('a'), ('b'), ('c')");
    const offsets = new OffsetMap();
    const p = props({ mode: 'incrementing', 'table.whitelist': 'inc_t' });
    let task = await start(p, offsets);
    const first = await pollRecords(task, 3, offsets);
    expect(values(first).map((v) => v['v'])).toEqual(['a', 'b', 'c']);
    expect(first[2]!.sourceOffset).toEqual({ incrementing: 3 });
    await pg().query("INSERT INTO inc_t (v) VALUES ('d')");
    expect(values(await pollRecords(task, 1, offsets))).toEqual([{ id: 4, v: 'd' }]);
    await task.stop();
    running.pop();
    await pg().query("INSERT INTO inc_t (v) VALUES ('e')");
    task = await start(p, offsets);
    const resumed = await pollAll(task, offsets);
    expect(values(resumed)).toEqual([{ id: 5, v: 'e' }]);
  });

  it('timestamp mode picks up updated rows and never skips a tie group split by batch.max.rows', async () => {
    await pg().query('CREATE TABLE ts_t (id int PRIMARY KEY, updated timestamp NOT NULL, v text)');
    const t0 = '2024-01-01 00:00:00.000001';
    const t1 = '2024-01-01 00:00:01.5';
    await pg().query(`INSERT INTO ts_t VALUES (1, '${t0}', 'a'), (2, '${t1}', 'b'), (3, '${t1}', 'c'), (4, '${t1}', 'd')`);
    const offsets = new OffsetMap();
    const p = props({ mode: 'timestamp', 'timestamp.column.name': 'updated', 'table.whitelist': 'ts_t', 'batch.max.rows': '2' });
    let task = await start(p, offsets);
    // The first poll returns row 1 and row 2 (row 3 is fetched and held back to see whether the t1 group ends).
    const firstBatch = (await task.poll()) ?? [];
    offsets.commit(firstBatch);
    expect(values(firstBatch).map((v) => v['id'])).toEqual([1]);
    const secondBatch = (await task.poll()) ?? [];
    offsets.commit(secondBatch);
    // Row 2 is in the t1 group, which is not known to be complete yet: its offset still names t0.
    expect(values(secondBatch).map((v) => v['id'])).toEqual([2, 3]);
    expect(secondBatch[1]!.sourceOffset).toEqual({ timestamp: Date.UTC(2024, 0, 1), timestamp_nanos: 1000 });
    // Restart before the group completed: rows 2..4 come again (at least once), none is lost.
    await task.stop();
    running.pop();
    task = await start(p, offsets);
    const resumed = await pollAll(task, offsets);
    expect(values(resumed).map((v) => v['id'])).toEqual([2, 3, 4]);
    expect(resumed[2]!.sourceOffset).toEqual({ timestamp: Date.UTC(2024, 0, 1, 0, 0, 1, 500), timestamp_nanos: 500_000_000 });
    // An update moves a row's timestamp forward: it is read again.
    await pg().query("UPDATE ts_t SET updated = '2024-01-02 00:00:00', v = 'a2' WHERE id = 1");
    const updated = await pollRecords(task, 1, offsets);
    expect(values(updated)).toEqual([{ id: 1, updated: new Date(Date.UTC(2024, 0, 2)), v: 'a2' }]);
  });

  it('timestamp+incrementing mode is exact under equal timestamps', async () => {
    await pg().query('CREATE TABLE tsi_t (id bigint PRIMARY KEY, modified timestamptz, created timestamptz NOT NULL)');
    await pg().query(`INSERT INTO tsi_t VALUES (1, NULL, '2024-03-01T10:00:00Z'), (2, '2024-03-01T10:00:00Z', '2024-01-01T00:00:00Z'),
      (3, NULL, '2024-03-01T10:00:00Z'), (4, NULL, '2024-03-01T09:00:00Z')`);
    const offsets = new OffsetMap();
    const p = props({ mode: 'timestamp+incrementing', 'timestamp.column.name': 'modified,created', 'incrementing.column.name': 'id', 'table.whitelist': 'tsi_t', 'batch.max.rows': '1' });
    let task = await start(p, offsets);
    const firstTwo = await pollRecords(task, 2, offsets);
    expect(firstTwo.map((r) => (r.value as { id: number }).id)).toEqual([4, 1]);
    expect(firstTwo[1]!.sourceOffset).toEqual({ timestamp: Date.UTC(2024, 2, 1, 10), timestamp_nanos: 0, incrementing: 1 });
    await task.stop();
    running.pop();
    task = await start(p, offsets);
    const rest = await pollAll(task, offsets);
    expect(rest.map((r) => (r.value as { id: number }).id)).toEqual([2, 3]);
    await pg().query(`INSERT INTO tsi_t VALUES (5, NULL, '2024-03-01T10:00:00Z')`);
    expect((await pollRecords(task, 1, offsets)).map((r) => (r.value as { id: number }).id)).toEqual([5]);
  });

  it('timestamp.initial starts timestamp mode at an instant when there is no offset; query mode works with timestamps', async () => {
    await pg().query('CREATE TABLE init_t (id int PRIMARY KEY, ts timestamptz NOT NULL, kind text)');
    await pg().query("INSERT INTO init_t VALUES (1, '2020-01-01Z', 'a'), (2, '2024-01-01Z', 'a'), (3, '2024-06-01Z', 'b')");
    const task = await start(props({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'table.whitelist': 'init_t', 'timestamp.initial': String(Date.UTC(2023, 0, 1)) }));
    expect((await pollAll(task)).map((r) => (r.value as { id: number }).id)).toEqual([2, 3]);
    const q = await start(props({ mode: 'timestamp', 'timestamp.column.name': 'ts', query: "SELECT id, ts FROM init_t WHERE kind = 'a'", 'topic.prefix': 'q' }));
    const got = await pollAll(q);
    expect(got.map((r) => (r.value as { id: number }).id)).toEqual([1, 2]);
    expect(got[1]!.sourceOffset).toEqual({ timestamp: Date.UTC(2024, 0, 1), timestamp_nanos: 0 });
  });

  it('timestamp.delay.interval.ms holds back rows newer than now − delay', async () => {
    await pg().query('CREATE TABLE delay_t (id int PRIMARY KEY, ts timestamptz NOT NULL)');
    await pg().query("INSERT INTO delay_t VALUES (1, now() - interval '1 hour'), (2, now())");
    const task = await start(props({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'table.whitelist': 'delay_t', 'timestamp.delay.interval.ms': '600000' }));
    const got = await pollAll(task);
    expect(got.map((r) => (r.value as { id: number }).id)).toEqual([1]);
  });

  it('query mode wraps the query (it may have its own WHERE) and uses the prefix as the topic', async () => {
    await pg().query('CREATE TABLE q_t (id serial PRIMARY KEY, kind text, amount numeric(10,2))');
    await pg().query("INSERT INTO q_t (kind, amount) VALUES ('x', 1.50), ('y', 2), ('x', 3.25)");
    const task = await start(props({
      mode: 'incrementing', 'incrementing.column.name': 'id', query: "SELECT id, amount FROM q_t WHERE kind = 'x'", 'topic.prefix': 'xs',
    }));
    const got = await pollRecords(task, 2);
    expect(got.map((r) => r.topic)).toEqual(['xs', 'xs']);
    expect(values(got)).toEqual([{ id: 1, amount: '1.50' }, { id: 3, amount: '3.25' }]);
    expect(got[0]!.sourcePartition).toEqual({ query: 'query' });
    expect(got[0]!.key).toBeNull();
    expect(got[0]!.valueSchema!.fields!.map((f) => f.schema.name)).toEqual([undefined, Decimal.LOGICAL_NAME]);
  });

  it('a table dropped while the task runs is skipped, not fatal; the other tables go on', async () => {
    await pg().query('CREATE TABLE gone_a (id serial PRIMARY KEY)');
    await pg().query('CREATE TABLE gone_b (id serial PRIMARY KEY)');
    const offsets = new OffsetMap();
    const task = await start(props({ mode: 'incrementing', 'table.whitelist': 'gone_a,gone_b' }), offsets);
    await pg().query('DROP TABLE gone_a');
    await pg().query('INSERT INTO gone_b DEFAULT VALUES');
    const got = await pollRecords(task, 1, offsets);
    expect(got.map((r) => r.topic)).toEqual(['pg-gone_b']);
  });

  it('validate.non.null refuses a nullable incrementing column, naming it', async () => {
    await pg().query('CREATE TABLE nn_t (id int, v text)');
    await expect(startSourceTask(props({ mode: 'incrementing', 'incrementing.column.name': 'id', 'table.whitelist': 'nn_t' })))
      .rejects.toThrow(/incrementing column 'id' of public\.nn_t is nullable/);
  });

  it('builds schemas from table metadata: required vs optional, Timestamp, numeric mappings', async () => {
    await pg().query('CREATE TABLE schema_t (id int PRIMARY KEY, at timestamptz NOT NULL, n numeric(5,0), f numeric(12,3))');
    await pg().query("INSERT INTO schema_t VALUES (1, '2024-01-01T00:00:00.123456Z', 12345, 1.5)");
    const none = await start(props({ mode: 'bulk', 'table.whitelist': 'schema_t' }));
    const [r] = await pollRecords(none, 1);
    const fields = r!.valueSchema!.fields!;
    expect(fields[0]!.schema).toEqual(Schemas.INT32);
    expect(fields[1]!.schema).toEqual(ConnectTimestamp.SCHEMA);
    expect(fields[2]!.schema.optional).toBe(true);
    expect(r!.value).toEqual({ id: 1, at: new Date('2024-01-01T00:00:00.123Z'), n: '12345', f: '1.500' });
    const best = await start(props({ mode: 'bulk', 'table.whitelist': 'schema_t', 'numeric.mapping': 'best_fit' }));
    const [b] = await pollRecords(best, 1);
    expect(b!.valueSchema!.fields!.map((f) => f.schema.type)).toEqual(['int32', 'int64', 'int32', 'float64']);
    expect(b!.value).toEqual({ id: 1, at: new Date('2024-01-01T00:00:00.123Z'), n: 12345, f: 1.5 });
  });

  it('db.timezone interprets timestamp without time zone as wall-clock time there', async () => {
    await pg().query('CREATE TABLE tz_t (id int PRIMARY KEY, local timestamp NOT NULL)');
    await pg().query("INSERT INTO tz_t VALUES (1, '2024-07-01 12:00:00')");
    const task = await start(props({ mode: 'bulk', 'table.whitelist': 'tz_t', 'db.timezone': 'Europe/Paris' }));
    const [r] = await pollRecords(task, 1);
    expect((r!.value as { local: Date }).local.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });
});
