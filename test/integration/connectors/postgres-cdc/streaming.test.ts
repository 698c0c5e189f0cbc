import { afterEach, describe, expect, it } from 'vitest';
import { withPostgres } from '../../../support/postgres.js';
import { TaskHarness, waitUntil } from './task-harness.js';

describe('postgres-cdc: snapshot then streaming (real PostgreSQL)', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  function props(slot: string, extra: Record<string, string> = {}): Record<string, string> {
    const p = pg();
    return {
      'topic.prefix': 'dbserver1',
      'database.hostname': p.host,
      'database.port': String(p.port),
      'database.user': p.user,
      'database.password': p.password,
      'database.dbname': p.database,
      'slot.name': slot,
      'publication.name': `pub_${slot}`,
      'poll.interval.ms': '100',
      'status.update.interval.ms': '200',
      'heartbeat.interval.ms': '0',
      ...extra,
    };
  }

  async function confirmedFlush(slot: string): Promise<bigint> {
    const r = await pg().query<{ lsn: string }>(`SELECT (confirmed_flush_lsn - '0/0')::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`, [slot]);
    return BigInt(r.rows[0]!.lsn);
  }

  it('snapshots existing rows, then streams inserts, updates and deletes as Debezium envelopes', async () => {
    await pg().query(`CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text)`);
    await pg().query(`INSERT INTO customers (name, email) VALUES ('Sally', 's@x'), ('George', NULL), ('Edward', 'e@x')`);
    const h = await new TaskHarness(props('s1', { 'table.include.list': 'public.customers' })).start();
    running.push(h);

    const snap = await h.pollFor(3);
    expect(snap.map((r) => (r.value as { op: string }).op)).toEqual(['r', 'r', 'r']);
    expect(snap.map((r) => (r.value as { source: { snapshot: string } }).source.snapshot)).toEqual(['first', 'true', 'last']);
    expect(snap[0]!.topic).toBe('dbserver1.public.customers');
    expect(snap[0]!.key).toEqual({ id: 1 });
    expect(snap[0]!.keySchema?.name).toBe('dbserver1.public.customers.Key');
    expect(snap[0]!.valueSchema?.name).toBe('dbserver1.public.customers.Envelope');
    expect((snap[1]!.value as { after: unknown }).after).toEqual({ id: 2, name: 'George', email: null });
    expect(snap[2]!.sourceOffset).toMatchObject({ snapshot: 'INITIAL', last_snapshot_record: true });
    await h.commit(snap);

    await pg().query(`INSERT INTO customers (name, email) VALUES ('Anne', 'a@x')`);
    await pg().query(`UPDATE customers SET email = 'sally@x' WHERE id = 1`);
    await pg().query(`DELETE FROM customers WHERE id = 2`);
    const changes = await h.pollFor(4);
    const [ins, upd, del, tomb] = changes as [typeof changes[0], typeof changes[0], typeof changes[0], typeof changes[0]];
    const iv = ins.value as Record<string, any>;
    expect(iv.op).toBe('c');
    expect(iv.before).toBeNull();
    expect(iv.after).toEqual({ id: 4, name: 'Anne', email: 'a@x' });
    expect(iv.source).toMatchObject({ connector: 'postgresql', name: 'dbserver1', db: pg().database, schema: 'public', table: 'customers', snapshot: 'false' });
    expect(typeof iv.source.txId).toBe('number');
    expect(typeof iv.source.lsn).toBe('number');
    expect(JSON.parse(iv.source.sequence as string)).toHaveLength(2);
    const uv = upd.value as Record<string, any>;
    expect(uv.op).toBe('u');
    expect(uv.before).toBeNull(); // REPLICA IDENTITY DEFAULT: pgoutput sends no old row for a non-key update
    expect(uv.after).toEqual({ id: 1, name: 'Sally', email: 'sally@x' });
    const dv = del.value as Record<string, any>;
    expect(dv.op).toBe('d');
    expect(del.key).toEqual({ id: 2 });
    expect(dv.before).toEqual({ id: 2, name: '', email: null }); // key-only old row
    expect(dv.after).toBeNull();
    expect(tomb.key).toEqual({ id: 2 });
    expect(tomb.value).toBeNull();
    expect(tomb.valueSchema).toBeNull();

    // The slot is acknowledged only after the offsets are committed.
    const before = await confirmedFlush('s1');
    await h.commit(changes);
    await waitUntil(async () => (await confirmedFlush('s1')) > before, 'confirmed_flush_lsn to advance after commit');
    expect(await confirmedFlush('s1')).toBe(BigInt(h.task.acknowledgedLsn));
  });

  it('emits before images with REPLICA IDENTITY FULL, a PK change as delete + tombstone + create, and truncates when asked', async () => {
    await pg().query(`CREATE TABLE items (id int PRIMARY KEY, label text)`);
    await pg().query(`ALTER TABLE items REPLICA IDENTITY FULL`);
    const h = await new TaskHarness(props('s2', { 'table.include.list': 'public.items', 'snapshot.mode': 'no_data', 'skipped.operations': 'none' })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO items VALUES (1, 'one')`);
    await pg().query(`UPDATE items SET label = 'uno' WHERE id = 1`);
    await pg().query(`UPDATE items SET id = 2 WHERE id = 1`);
    await pg().query(`TRUNCATE items`);
    const recs = await h.pollFor(6);
    const ops = recs.map((r) => (r.value === null ? 'tombstone' : (r.value as { op: string }).op));
    expect(ops).toEqual(['c', 'u', 'd', 'tombstone', 'c', 't']);
    expect((recs[1]!.value as any).before).toEqual({ id: 1, label: 'one' });
    expect(recs[2]!.key).toEqual({ id: 1 });
    expect(recs[4]!.key).toEqual({ id: 2 });
    expect((recs[4]!.value as any).after).toEqual({ id: 2, label: 'uno' });
    expect(recs[5]!.key).toBeNull();
  });

  it('an int8 key beyond 2^53 (a bigint) with REPLICA IDENTITY FULL: updates stream, a key change is still seen', async () => {
    await pg().query(`CREATE TABLE bigkeys (id int8 PRIMARY KEY, label text)`);
    await pg().query(`ALTER TABLE bigkeys REPLICA IDENTITY FULL`);
    const h = await new TaskHarness(props('s2b', { 'table.include.list': 'public.bigkeys', 'snapshot.mode': 'no_data' })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO bigkeys VALUES (9007199254740993, 'one')`);
    await pg().query(`UPDATE bigkeys SET label = 'uno' WHERE id = 9007199254740993`);
    await pg().query(`UPDATE bigkeys SET id = 9007199254740995 WHERE id = 9007199254740993`);
    const recs = await h.pollFor(5);
    expect(recs.map((r) => (r.value === null ? 'tombstone' : (r.value as { op: string }).op))).toEqual(['c', 'u', 'd', 'tombstone', 'c']);
    expect(recs[1]!.key).toEqual({ id: 9007199254740993n });
    expect(recs[4]!.key).toEqual({ id: 9007199254740995n });
  });

  it('emits transaction metadata (BEGIN/END events and transaction blocks) when asked', async () => {
    await pg().query('CREATE TABLE tm1 (id int PRIMARY KEY)');
    await pg().query('CREATE TABLE tm2 (id int PRIMARY KEY)');
    const h = await new TaskHarness(props('s3', { 'table.include.list': 'public.tm.*', 'snapshot.mode': 'no_data', 'provide.transaction.metadata': 'true' })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query('BEGIN; INSERT INTO tm1 VALUES (1), (2); INSERT INTO tm2 VALUES (1); COMMIT;');
    const recs = await h.pollFor(5);
    expect(recs.map((r) => r.topic)).toEqual(['dbserver1.transaction', 'dbserver1.public.tm1', 'dbserver1.public.tm1', 'dbserver1.public.tm2', 'dbserver1.transaction']);
    const begin = recs[0]!.value as any;
    const end = recs[4]!.value as any;
    expect(begin).toMatchObject({ status: 'BEGIN', event_count: null });
    expect(end).toMatchObject({ status: 'END', id: begin.id, event_count: 3, data_collections: [{ data_collection: 'public.tm1', event_count: 2 }, { data_collection: 'public.tm2', event_count: 1 }] });
    expect(begin.id).toMatch(/^\d+:\d+$/);
    expect(recs.slice(1, 4).map((r) => (r.value as any).transaction)).toEqual([
      { id: begin.id, total_order: 1, data_collection_order: 1 },
      { id: begin.id, total_order: 2, data_collection_order: 2 },
      { id: begin.id, total_order: 3, data_collection_order: 1 },
    ]);
    expect(recs[0]!.sourceOffset!.tx_events).toBe(0);
    expect(recs[4]!.sourceOffset).toEqual(recs[3]!.sourceOffset);
  });

  it('emits Debezium heartbeats on an idle database and drops the slot on stop when asked', async () => {
    await pg().query('CREATE TABLE hb (id int PRIMARY KEY)');
    const h = await new TaskHarness(props('s4', { 'table.include.list': 'public.hb', 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '200', 'slot.drop.on.stop': 'true' })).start();
    running.push(h);
    const [beat] = await h.pollFor(1);
    expect(beat!.topic).toBe('__debezium-heartbeat.dbserver1');
    expect(beat!.key).toEqual({ serverName: 'dbserver1' });
    expect(beat!.keySchema?.name).toBe('io.debezium.connector.common.ServerNameKey');
    expect(beat!.valueSchema?.name).toBe('io.debezium.connector.common.Heartbeat');
    expect(typeof (beat!.value as { ts_ms: number }).ts_ms).toBe('number');
    expect(beat!.sourceOffset).toMatchObject({ lsn_commit: expect.any(Number) });
    await h.commit([beat!]);
    await h.stop();
    running.splice(0);
    expect((await pg().query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = 's4'`)).rowCount).toBe(0);
  });

  it('applies table and column filters to the snapshot and the stream', async () => {
    await pg().query('CREATE TABLE cx (id int PRIMARY KEY, name text, secret text)');
    await pg().query('CREATE TABLE cy (id int PRIMARY KEY)');
    await pg().query(`INSERT INTO cx VALUES (1, 'a', 's1')`);
    await pg().query('INSERT INTO cy VALUES (1)');
    const h = await new TaskHarness(props('s5', { 'table.exclude.list': 'public\\.cy,public\\.(?!cx).*', 'column.exclude.list': 'public.cx.secret' })).start();
    running.push(h);
    const [snap] = await h.pollFor(1);
    expect(snap!.topic).toBe('dbserver1.public.cx');
    expect((snap!.value as any).after).toEqual({ id: 1, name: 'a' });
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query('INSERT INTO cy VALUES (2)');
    await pg().query(`INSERT INTO cx VALUES (2, 'b', 's2')`);
    const [ins] = await h.pollFor(1);
    expect((ins!.value as any).after).toEqual({ id: 2, name: 'b' });
    expect(await h.pollQuiet(500)).toEqual([]);
  });
});
