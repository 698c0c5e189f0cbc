/**
 * kill -9 of the worker process mid-stream, then a restart from the offsets file: every change reaches
 * Kafka, the duplicate window is bounded by the uncommitted tail, and the slot's confirmed_flush_lsn moved
 * forward with the committed offsets.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { withBroker } from '../../../support/broker.js';
import { withPostgres } from '../../../support/postgres.js';
import { confirmedFlush } from './pg-props.js';
import { waitUntil } from './task-harness.js';
import { kill9, startWorkerProcess } from './worker-process.js';

describe('postgres-cdc: kill -9 of the worker mid-stream', () => {
  const broker = withBroker();
  const pgA = withPostgres();
  const children: ChildProcess[] = [];
  let dir = '';
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses no change; duplicates stay within the uncommitted tail; the slot advanced', async () => {
    const a = pgA();
    dir = await mkdtemp(join(tmpdir(), 'pgcdc-crash-'));
    await a.query('CREATE TABLE ticks (id int PRIMARY KEY)');
    const config = JSON.stringify({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'topic.prefix': 'crash', 'database.hostname': a.host, 'database.port': String(a.port), 'database.user': a.user,
      'database.password': a.password, 'database.dbname': a.database, 'slot.name': 'crash', 'table.include.list': 'public.ticks',
      'poll.interval.ms': '50', 'status.update.interval.ms': '200',
    });
    const args = [broker().bootstrap, join(dir, 'offsets.json'), config];
    const first = await startWorkerProcess(args);
    children.push(first);
    // The task creates its slot in the background after start().
    await waitUntil(async () => (await a.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = 'crash' AND active`)).rowCount === 1, 'the slot to be created and streaming');
    const slotAtStart = await confirmedFlush(a, 'crash');
    let id = 0;
    const insert = async (n: number) => {
      for (let i = 0; i < n; i++) await a.query(`INSERT INTO ticks VALUES (${++id})`);
    };
    await insert(300);
    await kill9(first); // mid-stream: no graceful commit
    const slotAfterCrash = await confirmedFlush(a, 'crash');
    await insert(200); // while the worker is down
    const second = await startWorkerProcess(args);
    children.push(second);
    await insert(100);

    const kafka = new Kafka({ brokers: [broker().bootstrap], clientId: 'crash-reader', logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `crash-${Date.now()}`, maxWaitTimeInMs: 100 });
    const seen = new Map<number, number>();
    await consumer.connect();
    await consumer.subscribe({ topics: ['crash.public.ticks'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = JSON.parse(message.key!.toString()) as { id: number };
        seen.set(key.id, (seen.get(key.id) ?? 0) + 1);
      },
    });
    await waitUntil(() => seen.size === id, `all ${id} changes in Kafka (have ${seen.size})`, 60_000);
    await consumer.disconnect();
    const duplicates = [...seen.values()].reduce((s, n) => s + n - 1, 0);
    console.log(`kill -9 test: ${id} changes, ${duplicates} duplicates after the crash; slot ${slotAtStart} → ${slotAfterCrash} at the crash`);
    for (let i = 1; i <= id; i++) expect(seen.get(i), `change ${i}`).toBeGreaterThanOrEqual(1);
    // Offsets are flushed every 250 ms: only the tail the crash cut off may be repeated.
    expect(duplicates).toBeLessThan(300);
    expect(slotAfterCrash).toBeGreaterThan(slotAtStart);
    await waitUntil(async () => (await confirmedFlush(a, 'crash')) > slotAfterCrash, 'the slot to advance after the restart');
  }, 180_000);
});
