/**
 * Restart correctness: a task restarted from the committed offsets continues exactly after the last committed
 * change — also when that change sits in the middle of a transaction — and the slot is never acknowledged
 * past what was committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps, confirmedFlush, currentWalLsn } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

const idOf = (r: SourceRecord) => (r.key as { id: number }).id;

describe('postgres-cdc: resume and slot acknowledgement', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('restarts mid-transaction from the committed offset: no change lost, none repeated', async () => {
    await pg().query('CREATE TABLE r1 (id int PRIMARY KEY, v int)');
    const props = cdcProps(pg(), 'resume1', { 'table.include.list': 'public.r1', 'snapshot.mode': 'no_data' });
    const store = new MapOffsetStore();
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    await pg().query('BEGIN; INSERT INTO r1 SELECT g, g FROM generate_series(1, 5) g; COMMIT;');
    await pg().query('INSERT INTO r1 VALUES (6, 6)');
    await pg().query('INSERT INTO r1 VALUES (7, 7)');
    const first = await a.pollFor(7);
    expect(first.map(idOf)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const slotBefore = await confirmedFlush(pg(), 'resume1');
    await a.commit(first.slice(0, 3)); // Kafka has rows 1-3 of the 5-row transaction
    // Mid-transaction, the slot must stay before that transaction's commit.
    const txEnd = BigInt(first[4]!.sourceOffset!.lsn_proc as number);
    expect(await confirmedFlush(pg(), 'resume1')).toBeLessThanOrEqual(txEnd);
    expect(await confirmedFlush(pg(), 'resume1')).toBeGreaterThanOrEqual(slotBefore);
    await a.stop();
    running.splice(0);

    await pg().query('INSERT INTO r1 VALUES (8, 8)');
    const b = await new TaskHarness(props, store).start();
    running.push(b);
    const rest = await b.pollFor(5);
    expect(rest.map(idOf)).toEqual([4, 5, 6, 7, 8]);
    expect(await b.pollQuiet(1000)).toEqual([]);
  });

  it('acknowledges the slot after a whole transaction is committed, and restarts after it', async () => {
    await pg().query('CREATE TABLE r2 (id int PRIMARY KEY)');
    const props = cdcProps(pg(), 'resume2', { 'table.include.list': 'public.r2', 'snapshot.mode': 'no_data' });
    const store = new MapOffsetStore();
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    await pg().query('INSERT INTO r2 SELECT g FROM generate_series(1, 3) g');
    await pg().query('INSERT INTO r2 VALUES (4)');
    const got = await a.pollFor(4);
    await a.commit(got);
    const wal = await currentWalLsn(pg());
    // Everything handed out is committed and the stream is idle: the slot catches up with the server.
    await waitUntil(async () => (await confirmedFlush(pg(), 'resume2')) >= wal, 'slot to reach the WAL end after commit');
    await a.stop();
    running.splice(0);
    await pg().query('INSERT INTO r2 VALUES (5)');
    const b = await new TaskHarness(props, store).start();
    running.push(b);
    expect((await b.pollFor(1)).map(idOf)).toEqual([5]);
    expect(await b.pollQuiet(1000)).toEqual([]);
  });

  it('reads a large backlog intact while a relation lookup holds the stream (frames are copied, not aliased)', async () => {
    await pg().query('CREATE TABLE bulk (id int PRIMARY KEY, label text NOT NULL)');
    await pg().query('CREATE PUBLICATION pub_bulk1 FOR TABLE bulk'); // must exist when the changes are decoded
    await pg().query(`SELECT pg_create_logical_replication_slot('bulk1', 'pgoutput')`);
    // The whole backlog is in WAL before the task starts, so frames pile up behind the first Relation lookup.
    await pg().query(`INSERT INTO bulk SELECT g, md5(g::text) FROM generate_series(1, 20000) g`);
    const props = cdcProps(pg(), 'bulk1', { 'table.include.list': 'public.bulk', 'snapshot.mode': 'no_data', 'publication.autocreate.mode': 'disabled' });
    const a = await new TaskHarness(props).start();
    running.push(a);
    const got = await a.pollFor(20000, 60_000);
    for (let i = 0; i < got.length; i++) {
      expect((got[i]!.value as { after: { id: number; label: string } }).after.id).toBe(i + 1);
    }
    const last = (got[19999]!.value as { after: { label: string } }).after.label;
    const db = await pg().query<{ l: string }>(`SELECT md5('20000') AS l`);
    expect(last).toBe(db.rows[0]!.l);
  }, 90_000);

  it('keeps an idle or filtered database from pinning WAL', async () => {
    await pg().query('CREATE TABLE captured (id int PRIMARY KEY)');
    await pg().query('CREATE TABLE other (id int PRIMARY KEY)');
    const props = cdcProps(pg(), 'idle1', { 'table.include.list': 'public.captured', 'snapshot.mode': 'no_data' });
    const a = await new TaskHarness(props).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    const start = await confirmedFlush(pg(), 'idle1');
    await pg().query('INSERT INTO other SELECT g FROM generate_series(1, 1000) g');
    const wal = await currentWalLsn(pg());
    expect(wal).toBeGreaterThan(start);
    // No record is ever produced, yet the slot follows the server.
    await waitUntil(async () => (await confirmedFlush(pg(), 'idle1')) >= wal, 'slot to advance past unrelated writes');
    expect(await a.pollQuiet(300)).toEqual([]);
  });

  it('never acknowledges records that were polled but not committed', async () => {
    await pg().query('CREATE TABLE r3 (id int PRIMARY KEY)');
    const props = cdcProps(pg(), 'resume3', { 'table.include.list': 'public.r3', 'snapshot.mode': 'no_data' });
    const a = await new TaskHarness(props).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    const start = await confirmedFlush(pg(), 'resume3');
    await pg().query('INSERT INTO r3 VALUES (1)');
    const got = await a.pollFor(1);
    const lsn = BigInt(got[0]!.sourceOffset!.lsn_proc as number);
    // Give the status timer (200 ms) several chances to (wrongly) acknowledge.
    await a.pollQuiet(1000);
    const now = await confirmedFlush(pg(), 'resume3');
    // At most the position where the insert starts (an idle keepalive before it); never past its commit.
    expect(now).toBeLessThanOrEqual(lsn);
    expect(now).toBeGreaterThanOrEqual(start);
  });

  it('waits for a slot another connection still holds, then streams', async () => {
    const { ReplicationConnection } = await import('../../../../connectors/postgres-cdc/replication-connection.js');
    await pg().query('CREATE TABLE busy (id int PRIMARY KEY)');
    await pg().query('CREATE PUBLICATION pub_busy1 FOR TABLE busy');
    await pg().query(`SELECT pg_create_logical_replication_slot('busy1', 'pgoutput')`);
    const p = pg();
    const other = new ReplicationConnection({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database });
    await other.connect();
    other.startReplication({ slotName: 'busy1', startLsn: 0n, publicationNames: ['pub_busy1'], messages: false, onFrame: () => {}, onError: () => {} });
    await waitUntil(async () => (await p.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = 'busy1' AND active`)).rowCount === 1, 'the other stream');
    const props = cdcProps(p, 'busy1', { 'table.include.list': 'public.busy', 'snapshot.mode': 'no_data', 'publication.autocreate.mode': 'disabled', 'slot.retry.delay.ms': '100', 'slot.max.retries': '100' });
    const a = await new TaskHarness(props).start();
    running.push(a);
    await a.pollQuiet(400);
    expect(a.task.phase).not.toBe('streaming');
    await other.close();
    await waitUntil(() => a.task.phase === 'streaming', 'streaming once the slot is free');
    await p.query('INSERT INTO busy VALUES (1)');
    expect((await a.pollFor(1)).map(idOf)).toEqual([1]);
  });
});
