/**
 * Snapshot → streaming hand-over: writes that race with the snapshot show up exactly once — as a snapshot
 * read if they committed before the slot's consistent point, as a change event otherwise — and replaying the
 * events rebuilds the table exactly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

function replay(records: readonly SourceRecord[], into: Map<number, number>): void {
  for (const r of records) {
    if (r.value === null) continue;
    const v = r.value as { op: string; after: { id: number; v: number } | null; before: { id: number } | null };
    if (v.op === 'd') into.delete((r.key as { id: number }).id);
    else if (v.after !== null) into.set(v.after.id, v.after.v);
  }
}

describe('postgres-cdc: snapshot hand-over', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('has no gap and no overlap with writes racing the snapshot', async () => {
    await pg().query('CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL)');
    await pg().query('INSERT INTO big SELECT g, 0 FROM generate_series(1, 20000) g');
    const h = new TaskHarness(cdcProps(pg(), 'hand1', { 'table.include.list': 'public.big', 'snapshot.fetch.size': '500', 'max.queue.size': '3000', 'max.batch.size': '1000' }));
    running.push(h);
    await h.start();
    // Writers run while the snapshot is read (the small queue keeps the snapshot slow).
    let next = 20001;
    let writes = 0;
    const writer = (async () => {
      while (h.task.phase !== 'streaming' || writes < 50) {
        await pg().query(`INSERT INTO big VALUES (${next}, 1)`);
        await pg().query(`UPDATE big SET v = v + 1 WHERE id = ${1 + (next % 20000)}`);
        next++;
        writes++;
      }
    })();
    const got: SourceRecord[] = [];
    while (h.task.phase !== 'streaming' || writes < 50) {
      const b = await h.task.poll();
      if (b) got.push(...b);
    }
    await writer;
    got.push(...(await h.pollQuiet(1000)));
    const reads = got.filter((r) => (r.value as { op: string } | null)?.op === 'r');
    const creates = got.filter((r) => (r.value as { op: string } | null)?.op === 'c');
    const readIds = new Set(reads.map((r) => (r.key as { id: number }).id));
    expect(reads.length).toBe(readIds.size); // no row read twice
    for (const c of creates) expect(readIds.has((c.key as { id: number }).id)).toBe(false); // no overlap
    expect(readIds.size + creates.length).toBe(next - 1); // no gap
    const state = new Map<number, number>();
    replay(got, state);
    const db = await pg().query<{ id: number; v: number }>('SELECT id, v FROM big');
    expect(state.size).toBe(db.rowCount);
    for (const row of db.rows) expect(state.get(row.id)).toBe(row.v);
    expect(h.task.snapshotProgress).toMatchObject({ table: 'public.big', tablesDone: 1, tablesTotal: 1 });
  }, 60_000);

  it('redoes an interrupted snapshot from a fresh consistent point, then streams', async () => {
    await pg().query('CREATE TABLE half (id int PRIMARY KEY, v int NOT NULL)');
    await pg().query('INSERT INTO half SELECT g, 0 FROM generate_series(1, 3000) g');
    const store = new MapOffsetStore();
    const props = cdcProps(pg(), 'hand2', { 'table.include.list': 'public.half', 'snapshot.fetch.size': '100', 'max.queue.size': '300', 'max.batch.size': '100' });
    const a = new TaskHarness(props, store);
    running.push(a);
    await a.start();
    const part = await a.pollFor(100);
    await a.commit(part); // a partial snapshot is committed
    await a.stop();
    running.splice(0);
    await pg().query('UPDATE half SET v = 1 WHERE id <= 10');
    await pg().query('INSERT INTO half VALUES (3001, 1)');

    const b = new TaskHarness(props, store);
    running.push(b);
    await b.start();
    const snap = await b.pollFor(3001);
    expect(snap.every((r) => (r.value as { op: string }).op === 'r')).toBe(true);
    expect((snap.find((r) => (r.key as { id: number }).id === 5)!.value as { after: { v: number } }).after.v).toBe(1);
    await waitUntil(() => b.task.phase === 'streaming', 'streaming');
    await pg().query('INSERT INTO half VALUES (3002, 2)');
    const [c] = await b.pollFor(1);
    expect((c!.value as { op: string }).op).toBe('c');
    expect(c!.key).toEqual({ id: 3002 });
  }, 60_000);
});
