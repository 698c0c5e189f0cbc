/**
 * An incremental snapshot survives a restart: its progress rides in the committed source offset
 * (`incremental_snapshot_*`), so a task restarted from the offsets reads the remaining chunks without the
 * signal being sent again — from the committed chunk boundary, not from the table's start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

const isRead = (r: SourceRecord) => r.topic === 'dbserver1.public.big' && (r.value as { op?: string } | null)?.op === 'r';
const idOf = (r: SourceRecord) => (r.key as { id: number }).id;

describe('postgres-cdc: incremental snapshot across a restart (task, offset store)', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('resumes the remaining chunks from the committed offset', async () => {
    const rows = 3000;
    await pg().query('CREATE TABLE sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL)');
    await pg().query(`INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, ${rows}) g`);
    await pg().query('CREATE TABLE after_big (id int PRIMARY KEY)');
    await pg().query('INSERT INTO after_big SELECT generate_series(1, 50)');
    const props = cdcProps(pg(), 'incr_restart', {
      'snapshot.mode': 'no_data',
      'signal.data.collection': 'public.sig',
      'table.include.list': 'public.big,public.after_big',
      'incremental.snapshot.chunk.size': '200',
      'max.batch.size': '150', // batches end inside chunks: committed offsets fall mid-chunk too
    });
    const store = new MapOffsetStore();
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO sig VALUES ('s1', 'execute-snapshot', '{"data-collections": ["public.big", "public.after_big"], "type": "incremental"}')`);

    const before: SourceRecord[] = [];
    await waitUntil(async () => {
      const b = await a.task.poll();
      if (b) before.push(...b);
      return before.filter(isRead).length >= 700;
    }, 'a part of the snapshot');
    await a.commit(before);
    await a.stop();
    running.splice(0);

    const committed = before[before.length - 1]!.sourceOffset!;
    expect(JSON.parse(committed.incremental_snapshot_collections as string).map((c: { incremental_snapshot_collections_id: string }) => c.incremental_snapshot_collections_id))
      .toEqual(['public.big', 'public.after_big']);
    const lastKey = JSON.parse(committed.incremental_snapshot_primary_key as string) as string[];
    expect(JSON.parse(committed.incremental_snapshot_maximum_key as string)).toEqual([String(rows)]);
    const boundary = Number(lastKey[0]);
    expect(boundary % 200).toBe(0);
    const beforeIds = new Set(before.filter(isRead).map(idOf));
    expect(beforeIds.size).toBeLessThan(rows);

    await pg().query('INSERT INTO big VALUES (100000, \'streamed\')');
    const b = await new TaskHarness(props, store).start(); // no new signal
    running.push(b);
    const after: SourceRecord[] = [];
    await waitUntil(async () => {
      const batch = await b.task.poll();
      if (batch) after.push(...batch);
      return after.filter((r) => r.topic === 'dbserver1.public.after_big').length === 50 && !b.task.stats().incrementalSnapshotActive;
    }, 'the resumed snapshot to finish', 60_000);
    after.push(...(await b.pollQuiet(500)));

    const reads = after.filter(isRead).map(idOf);
    // Resumed at the committed chunk boundary: nothing at or below it again, everything above it once.
    expect(Math.min(...reads)).toBe(boundary + 1);
    expect(new Set(reads).size).toBe(reads.length);
    const all = new Set([...beforeIds, ...reads]);
    for (let id = 1; id <= rows; id++) expect(all.has(id), `row ${id}`).toBe(true);
    // The row inserted after the snapshot's maximum key arrives streamed, not read.
    expect(after.some((r) => r.topic === 'dbserver1.public.big' && idOf(r) === 100000 && (r.value as { op: string }).op === 'c')).toBe(true);
    expect(reads).not.toContain(100000);
    // Once done, offsets no longer carry the snapshot.
    expect(after[after.length - 1]!.sourceOffset!.incremental_snapshot_collections).toBeUndefined();
  }, 120_000);
});
