/**
 * Incremental snapshot: an `execute-snapshot` row in the signal table makes the task read a table in
 * primary-key chunks while streaming goes on; concurrent updates and deletes win over stale chunk reads, so
 * replaying the topic ends equal to the table.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { TaskHarness, waitUntil } from './task-harness.js';

describe('postgres-cdc: incremental snapshot', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('snapshots a large table in chunks while it is updated, ending consistent', async () => {
    await pg().query('CREATE TABLE dbz_signal (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
    await pg().query('INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 5000) g');
    const h = await new TaskHarness(cdcProps(pg(), 'incr1', {
      'snapshot.mode': 'no_data',
      'signal.data.collection': 'public.dbz_signal',
      'table.include.list': 'public.accounts',
      'incremental.snapshot.chunk.size': '500',
    })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO dbz_signal VALUES ('sig-1', 'execute-snapshot', '{"data-collections": ["public.accounts"], "type": "incremental"}')`);

    const got: SourceRecord[] = [];
    await waitUntil(async () => {
      const b = await h.task.poll();
      if (b) got.push(...b);
      return h.task.stats().incrementalSnapshotActive;
    }, 'the incremental snapshot to start');
    let round = 0;
    // Writers race the chunks: updates, deletes and inserts across the key range.
    while (round < 200 || h.task.stats().incrementalSnapshotActive) {
      const id = 1 + ((round * 37) % 5000);
      await pg().query(`UPDATE accounts SET balance = balance + 1 WHERE id = ${id}`);
      if (round % 10 === 0) await pg().query(`DELETE FROM accounts WHERE id = ${1 + ((round * 53) % 5000)}`);
      if (round % 7 === 0) await pg().query(`INSERT INTO accounts VALUES (${5000 + round + 1}, 7) ON CONFLICT DO NOTHING`);
      const b = await h.task.poll();
      if (b) got.push(...b);
      round++;
      if (round > 20_000) throw new Error('incremental snapshot did not finish');
    }
    got.push(...(await h.pollQuiet(1000)));

    const reads = got.filter((r) => (r.value as { op?: string } | null)?.op === 'r');
    expect(reads.length).toBeGreaterThan(4000);
    expect(reads.every((r) => (r.value as { source: { snapshot: string } }).source.snapshot === 'incremental')).toBe(true);
    // Replay in topic order: the table must come out exactly.
    const state = new Map<number, number>();
    for (const r of got) {
      if (r.value === null || r.topic !== 'dbserver1.public.accounts') continue;
      const v = r.value as { op: string; after: { id: number; balance: number } | null };
      const id = (r.key as { id: number }).id;
      if (v.op === 'd') state.delete(id);
      else state.set(id, v.after!.balance);
    }
    const db = await pg().query<{ id: number; balance: number }>('SELECT id, balance FROM accounts');
    expect(state.size).toBe(db.rowCount);
    for (const row of db.rows) expect(state.get(row.id)).toBe(row.balance);
  }, 120_000);
});

describe('postgres-cdc: signal.enabled.channels', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('ignores execute-snapshot rows in the signal table when the source channel is not enabled', async () => {
    await pg().query('CREATE TABLE ch_sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE ch_t (id int PRIMARY KEY)');
    await pg().query('INSERT INTO ch_t SELECT generate_series(1, 10)');
    const h = await new TaskHarness(cdcProps(pg(), 'channels1', {
      'snapshot.mode': 'no_data', 'signal.data.collection': 'public.ch_sig', 'table.include.list': 'public.ch_t',
      'signal.enabled.channels': 'kafka',
    })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO ch_sig VALUES ('s1', 'execute-snapshot', '{"data-collections": ["public.ch_t"]}')`);
    await pg().query('INSERT INTO ch_t VALUES (11)'); // streamed after the signal
    const got = await h.pollFor(1);
    got.push(...(await h.pollQuiet(700)));
    expect(got.map((r) => (r.value as { op: string }).op)).toEqual(['c']);
    expect(h.task.stats().incrementalSnapshotRows).toBe(0);
  });

  it('rejects unknown channel names', async () => {
    const { PostgresCdcConnector } = await import('../../../../connectors/postgres-cdc/postgres-cdc-connector.js');
    const values = new PostgresCdcConnector().validate({ ...cdcProps(pg(), 'channels2'), 'signal.enabled.channels': 'source,carrier-pigeon' });
    expect(values.find((v) => v.name === 'signal.enabled.channels')?.errors[0]).toMatch(/carrier-pigeon.*source, kafka, file, jmx, in-process/);
  });
});

describe('postgres-cdc: incremental snapshot window (driven step by step)', () => {
  const pg = withPostgres();

  it('drops chunk rows whose keys the stream changed between the watermarks, and only those', async () => {
    const { IncrementalSnapshot } = await import('../../../../connectors/postgres-cdc/incremental-snapshot.js');
    const { ChangeQueue } = await import('../../../../connectors/postgres-cdc/change-queue.js');
    const { EventRecords } = await import('../../../../connectors/postgres-cdc/event-records.js');
    const { TableFilter } = await import('../../../../connectors/postgres-cdc/table-filter.js');
    const { TableSchema } = await import('../../../../connectors/postgres-cdc/table-schema.js');
    const { readTableColumns } = await import('../../../../connectors/postgres-cdc/table-catalog.js');
    const { parsePostgresCdcConfig } = await import('../../../../connectors/postgres-cdc/postgres-cdc-config.js');
    const { sqlClient } = await import('../../../../connectors/postgres-cdc/pg-session.js');
    const { silentLogger } = await import('../../../../src/api/index.js');
    await pg().query('CREATE TABLE sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE w (id int PRIMARY KEY, v int NOT NULL)');
    await pg().query('INSERT INTO w SELECT g, 0 FROM generate_series(1, 10) g');
    const p = pg();
    const cfg = parsePostgresCdcConfig({ 'topic.prefix': 'dbserver1', 'database.hostname': p.host, 'database.user': p.user, 'database.dbname': p.database });
    const ctx = { topicPrefix: 'dbserver1', filter: new TableFilter(cfg), typeOptions: { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' }, unavailablePlaceholder: 'x' } as const;
    const client = sqlClient({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database }, true);
    await client.connect();
    try {
      const oid = Number((await p.query<{ oid: number }>(`SELECT 'w'::regclass::oid AS oid`)).rows[0]!.oid);
      const queue = new ChangeQueue(1000);
      const errors: Error[] = [];
      const snap = new IncrementalSnapshot({
        client, signalTable: 'public.sig', chunkSize: 100, records: new EventRecords('dbserver1', p.database), queue, schemaContext: ctx,
        tables: async () => [{ oid, schema: 'public', table: 'w' }], log: silentLogger, onError: (e) => errors.push(e),
      });
      snap.onSignal({ id: 's1', type: 'execute-snapshot', data: '{"data-collections": ["public.w"]}' }, {});
      await waitUntil(async () => (await p.query(`SELECT 1 FROM sig WHERE type = 'snapshot-window-close'`)).rowCount === 1, 'the chunk to be read');
      const marks = (await p.query<{ id: string; type: string; data: string | null }>(`SELECT id, type, data FROM sig WHERE type LIKE 'snapshot-window-%' ORDER BY type DESC`)).rows;
      const t = new TableSchema('public', 'w', [{ name: 'id', typeOid: 23, typeMod: -1 }, { name: 'v', typeOid: 23, typeMod: -1 }], await readTableColumns(client, oid), ctx);
      // Replay the stream's view: a change before the open watermark does not evict, changes inside do.
      snap.onChange(t, { id: 2 });
      snap.onSignal(marks[0]!, {}); // snapshot-window-open
      snap.onChange(t, { id: 5 });
      snap.onChange(t, { id: 7 });
      snap.onSignal(marks[1]!, { lsn: 1 }); // snapshot-window-close
      const out = await queue.take(100, 1000);
      expect(errors).toEqual([]);
      expect(out.map((r) => (r.key as { id: number }).id)).toEqual([1, 2, 3, 4, 6, 8, 9, 10]);
      expect(out.every((r) => (r.value as { op: string; source: { snapshot: string } }).source.snapshot === 'incremental')).toBe(true);
      // The close watermark's stream offset; rows before the chunk's last still name the snapshot as unfinished.
      expect(out[0]!.sourceOffset).toMatchObject({ lsn: 1, incremental_snapshot_primary_key: null });
      expect(out[out.length - 1]!.sourceOffset).toEqual({ lsn: 1 });
      await waitUntil(() => !snap.active, 'the snapshot to finish');
    } finally {
      await client.end();
    }
  }, 60_000);
});
