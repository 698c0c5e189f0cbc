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

const readOf = (table: string) => (r: SourceRecord) => r.topic === `dbserver1.public.${table}` && (r.value as { op?: string } | null)?.op === 'r';
const isRead = readOf('big');
const rows = 3000;
const idOf = (r: SourceRecord) => (r.key as { id: number }).id;

describe('postgres-cdc: incremental snapshot across a restart (task, offset store)', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  /**
   * A task reads part of an incremental snapshot of `big` (3000 rows, chunks of 200; batches of 150 end
   * inside chunks, so committed offsets fall mid-chunk too), commits all it polled and stops.
   */
  async function partOfBig(slot: string, other: { table: string; rows: number }, afterCommit = async () => {}) {
    await pg().query('DROP TABLE IF EXISTS sig, big'); // one database for the file
    await pg().query('CREATE TABLE sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL)');
    await pg().query(`INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, ${rows}) g`);
    await pg().query(`CREATE TABLE ${other.table} (id int PRIMARY KEY)`);
    await pg().query(`INSERT INTO ${other.table} SELECT generate_series(1, ${other.rows})`);
    const props = cdcProps(pg(), slot, {
      'snapshot.mode': 'no_data',
      'signal.data.collection': 'public.sig',
      'table.include.list': `public.big,public.${other.table}`,
      'incremental.snapshot.chunk.size': '200',
      'max.batch.size': '150',
    });
    const store = new MapOffsetStore();
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    return {
      props, store,
      /** Signals `collections`, polls until 700 rows of big were read, commits them, runs `afterCommit`, stops. */
      async snapshotPart(collections: string[]): Promise<SourceRecord[]> {
        await pg().query(`INSERT INTO sig VALUES ('s1', 'execute-snapshot', $1)`, [JSON.stringify({ 'data-collections': collections, type: 'incremental' })]);
        const before: SourceRecord[] = [];
        await waitUntil(async () => {
          const b = await a.task.poll();
          if (b) before.push(...b);
          return before.filter(isRead).length >= 700;
        }, 'a part of the snapshot');
        await a.commit(before);
        await afterCommit();
        await a.stop();
        running.splice(0);
        return before;
      },
    };
  }

  it('resumes the remaining chunks from the committed offset', async () => {
    const { props, store, snapshotPart } = await partOfBig('incr_restart', { table: 'after_big', rows: 50 });
    const before = await snapshotPart(['public.big', 'public.after_big']);

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

  it('finishes the resumed table beside a signal sent after the last commit (the stream delivers it again)', async () => {
    const signalAfterCommit = () => pg().query(`INSERT INTO sig VALUES ('s2', 'execute-snapshot', '{"data-collections": ["public.other"]}')`).then(() => {});
    const { props, store, snapshotPart } = await partOfBig('incr_restart_sig', { table: 'other', rows: 300 }, signalAfterCommit);
    const before = await snapshotPart(['public.big']);

    const b = await new TaskHarness(props, store).start();
    running.push(b);
    const after: SourceRecord[] = [];
    await waitUntil(async () => {
      const batch = await b.task.poll();
      if (batch) after.push(...batch);
      return new Set(after.filter(readOf('other')).map(idOf)).size === 300 && !b.task.stats().incrementalSnapshotActive;
    }, 'both snapshots to finish', 60_000);
    after.push(...(await b.pollQuiet(500)));

    // Neither replaced the other: big is finished from its committed key, other is read once in full.
    const big = new Set([...before, ...after].filter(isRead).map(idOf));
    for (let id = 1; id <= rows; id++) expect(big.has(id), `big row ${id}`).toBe(true);
    expect(Math.min(...after.filter(isRead).map(idOf))).toBeGreaterThan(1);
    const other = after.filter(readOf('other')).map(idOf);
    expect(new Set(other).size).toBe(300);
    expect(other).toHaveLength(300);
    expect(after[after.length - 1]!.sourceOffset!.incremental_snapshot_collections).toBeUndefined();
  }, 120_000);
});
