/** snapshot.mode: always (re-snapshot on each start, then resume streaming), initial_only, when_needed. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

const ops = (rs: readonly SourceRecord[]) => rs.map((r) => `${(r.value as { op: string }).op}${(r.key as { id: number }).id}`);

describe('postgres-cdc: snapshot modes', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('always: snapshots on every start and streams changes made while stopped', async () => {
    await pg().query('CREATE TABLE m1 (id int PRIMARY KEY)');
    await pg().query('INSERT INTO m1 VALUES (1), (2)');
    const store = new MapOffsetStore();
    const props = cdcProps(pg(), 'always1', { 'table.include.list': 'public.m1', 'snapshot.mode': 'always' });
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    const first = await a.pollFor(2);
    expect(ops(first)).toEqual(['r1', 'r2']);
    await waitUntil(() => a.task.phase === 'streaming', 'streaming');
    await pg().query('INSERT INTO m1 VALUES (3)');
    const c3 = await a.pollFor(1);
    await a.commit([...first, ...c3]);
    await a.stop();
    running.splice(0);
    await pg().query('INSERT INTO m1 VALUES (4)');
    const b = await new TaskHarness(props, store).start();
    running.push(b);
    const again = await b.pollFor(4);
    expect(ops(again)).toEqual(['r1', 'r2', 'r3', 'r4']);
    // Streaming resumes from the committed offset: the insert made while stopped also arrives as a change.
    expect(ops(await b.pollFor(1))).toEqual(['c4']);
  });

  it('initial_only: snapshots and then does not stream', async () => {
    await pg().query('CREATE TABLE m2 (id int PRIMARY KEY)');
    await pg().query('INSERT INTO m2 VALUES (1)');
    const h = await new TaskHarness(cdcProps(pg(), 'only1', { 'table.include.list': 'public.m2', 'snapshot.mode': 'initial_only' })).start();
    running.push(h);
    expect(ops(await h.pollFor(1))).toEqual(['r1']);
    await waitUntil(() => h.task.phase === 'done', 'the task to finish after the snapshot');
    await pg().query('INSERT INTO m2 VALUES (2)');
    expect(await h.pollQuiet(800)).toEqual([]);
  });

  it('when_needed: snapshots again when the slot is gone although offsets exist', async () => {
    await pg().query('CREATE TABLE m3 (id int PRIMARY KEY)');
    await pg().query('INSERT INTO m3 VALUES (1)');
    const store = new MapOffsetStore();
    const props = cdcProps(pg(), 'needed1', { 'table.include.list': 'public.m3', 'snapshot.mode': 'when_needed' });
    const a = await new TaskHarness(props, store).start();
    running.push(a);
    const snap = await a.pollFor(1);
    await a.commit(snap);
    await a.stop();
    running.splice(0);
    await pg().query(`SELECT pg_drop_replication_slot('needed1')`);
    await pg().query('INSERT INTO m3 VALUES (2)');
    const b = await new TaskHarness(props, store).start();
    running.push(b);
    expect(ops(await b.pollFor(2))).toEqual(['r1', 'r2']);
    await waitUntil(() => b.task.phase === 'streaming', 'streaming');
    await pg().query('INSERT INTO m3 VALUES (3)');
    expect(ops(await b.pollFor(1))).toEqual(['c3']);
  });
});
