/**
 * Snapshot progress through context.metrics: snapshot_rows_done / snapshot_rows_total per table, for the
 * initial snapshot (totals for every table from the start, done following the reads, exact at the end)
 * and for incremental snapshots.
 */
import pgLib from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateTableRows } from '../../../../connectors/postgres-cdc/snapshot-gauges.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { TaskHarness, waitUntil } from './task-harness.js';

describe('postgres-cdc: snapshot progress gauges', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('reports rows done and total per table during and after the initial snapshot', async () => {
    await pg().query('CREATE TABLE p_big (id int PRIMARY KEY)');
    await pg().query('INSERT INTO p_big SELECT generate_series(1, 1200)');
    await pg().query('CREATE TABLE p_empty (id int PRIMARY KEY)');
    const h = await new TaskHarness(cdcProps(pg(), 'progress1', {
      'table.include.list': 'public.p_big,public.p_empty',
      'snapshot.fetch.size': '100',
      'max.batch.size': '100',
      'max.queue.size': '200', // the snapshot waits for poll: progress is observable mid-way
    })).start();
    running.push(h);
    const g = (name: string, table: string) => h.metrics.get(name, { table });

    const first = await h.pollFor(1);
    expect(first.length).toBeGreaterThan(0);
    await waitUntil(() => g('snapshot_rows_done', 'public.p_big') !== undefined, 'the first progress');
    // Both tables' totals are known from the start; p_big is part-way.
    expect(g('snapshot_rows_total', 'public.p_big')).toBe(1200);
    expect(g('snapshot_rows_total', 'public.p_empty')).toBe(0);
    expect(g('snapshot_rows_done', 'public.p_big')).toBeLessThan(1200);

    await h.pollFor(1200 - first.length);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    expect(g('snapshot_rows_done', 'public.p_big')).toBe(1200);
    expect(g('snapshot_rows_total', 'public.p_big')).toBe(1200);
    expect(g('snapshot_rows_done', 'public.p_empty')).toBe(0);
  });

  it('reports an incremental snapshot\'s progress per table', async () => {
    await pg().query('CREATE TABLE p_sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE p_inc (id int PRIMARY KEY)');
    await pg().query('INSERT INTO p_inc SELECT generate_series(1, 700)');
    const h = await new TaskHarness(cdcProps(pg(), 'progress2', {
      'snapshot.mode': 'no_data', 'signal.data.collection': 'public.p_sig', 'table.include.list': 'public.p_inc',
      'incremental.snapshot.chunk.size': '100',
    })).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO p_sig VALUES ('s1', 'execute-snapshot', '{"data-collections": ["public.p_inc"]}')`);
    // Done is 700 after the last chunk and written once more when the snapshot closes: wait for both, not the
    // first (waiting for the first raced the closing write).
    await waitUntil(async () => {
      await h.task.poll();
      return h.metrics.valuesOf('snapshot_rows_done', 'public.p_inc').filter((v) => v === 700).length >= 2;
    }, 'the incremental snapshot to finish');
    expect(h.metrics.get('snapshot_rows_total', { table: 'public.p_inc' })).toBe(700);
    // It moved chunk by chunk.
    expect(h.metrics.valuesOf('snapshot_rows_done', 'public.p_inc')).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 700]);
  });

  it('totals a never-analyzed table by counting it when small, by the planner (no scan) when large', async () => {
    await pg().query('CREATE TABLE p_fresh (id int PRIMARY KEY, pad text)');
    await pg().query("INSERT INTO p_fresh SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g");
    const client = new pgLib.Client({ connectionString: pg().url });
    await client.connect();
    try {
      const oid = Number((await client.query<{ oid: string }>("SELECT 'public.p_fresh'::regclass::oid::text AS oid")).rows[0]!.oid);
      expect(Number((await client.query<{ n: string }>('SELECT reltuples::text AS n FROM pg_class WHERE oid = $1', [oid])).rows[0]!.n)).toBe(-1);
      const ref = { oid, schema: 'public', table: 'p_fresh' };
      expect(await estimateTableRows(client, ref)).toBe(5000);
      // Past the size limit (0 here): the planner's estimate from the table's current pages and a guessed row
      // width (11,049 here for 5,000 rows) — the right order of magnitude until the table is read.
      const estimate = await estimateTableRows(client, ref, 0);
      expect(estimate).toBeGreaterThan(2500);
      expect(estimate).toBeLessThan(25_000);
    } finally {
      await client.end();
    }
  });
});
