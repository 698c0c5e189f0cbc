/**
 * A restart that finds both an unfinished incremental snapshot in the committed offset and a newer
 * execute-snapshot signal not yet committed (so the stream delivers it again): the resumed table is
 * finished from its committed key and the signalled table is read in full — neither replaces the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

const readsOf = (table: string) => (r: SourceRecord) => r.topic === `dbserver1.public.${table}` && (r.value as { op?: string } | null)?.op === 'r';
const idOf = (r: SourceRecord) => (r.key as { id: number }).id;

describe('postgres-cdc: incremental snapshot resumed beside a replayed signal', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('finishes the resumed table and reads the newly signalled one', async () => {
    await pg().query('CREATE TABLE sig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await pg().query('CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL)');
    await pg().query(`INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 3000) g`);
    await pg().query('CREATE TABLE other (id int PRIMARY KEY)');
    await pg().query('INSERT INTO other SELECT generate_series(1, 300)');
    const props = cdcProps(pg(), 'incr_restart_sig', {
      'snapshot.mode': 'no_data',
      'signal.data.collection': 'public.sig',
      'table.include.list': 'public.big,public.other',
      'incremental.snapshot.chunk.size': '200',
      'max.batch.size': '150',
    });
    const store = new MapOffsetStore();
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO sig VALUES ('s1', 'execute-snapshot', '{"data-collections": ["public.big"]}')`);
    const before: SourceRecord[] = [];
    await waitUntil(async () => {
      const b = await a.task.poll();
      if (b) before.push(...b);
      return before.filter(readsOf('big')).length >= 700;
    }, 'a part of the snapshot of big');
    await a.commit(before);
    // Signalled after the last commit: the restarted task receives it again from the slot.
    await pg().query(`INSERT INTO sig VALUES ('s2', 'execute-snapshot', '{"data-collections": ["public.other"]}')`);
    await a.stop();
    running.splice(0);

    const b = await new TaskHarness(props, store).start();
    running.push(b);
    const after: SourceRecord[] = [];
    await waitUntil(async () => {
      const batch = await b.task.poll();
      if (batch) after.push(...batch);
      return new Set(after.filter(readsOf('other')).map(idOf)).size === 300 && !b.task.stats().incrementalSnapshotActive;
    }, 'both snapshots to finish', 60_000);
    after.push(...(await b.pollQuiet(500)));

    const big = new Set([...before, ...after].filter(readsOf('big')).map(idOf));
    for (let id = 1; id <= 3000; id++) expect(big.has(id), `big row ${id}`).toBe(true);
    expect(Math.min(...after.filter(readsOf('big')).map(idOf))).toBeGreaterThan(1); // resumed, not restarted
    const other = after.filter(readsOf('other')).map(idOf);
    expect(new Set(other).size).toBe(300);
    expect(other).toHaveLength(300); // read once
    expect(after[after.length - 1]!.sourceOffset!.incremental_snapshot_collections).toBeUndefined();
  }, 120_000);
});
