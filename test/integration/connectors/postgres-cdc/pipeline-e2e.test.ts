/**
 * End to end through the real runtime and the embedded broker: PostgreSQL A → postgres-cdc (configured with
 * Debezium's class name) → Kafka (JsonConverter with schemas) → ExtractNewRecordState → JDBC sink (upsert,
 * deletes) → PostgreSQL B. A randomized workload runs across a worker restart; afterwards B equals A row for
 * row, and the slot on A has advanced with the committed offsets.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/api/index.js';
import { loadPlugins } from '../../../../src/plugins/load-plugins.js';
import { Worker } from '../../../../src/runtime/worker.js';
import { MemoryOffsetStore } from '../../../../src/storage/memory-offset-store.js';
import { withBroker } from '../../../support/broker.js';
import { withPostgres } from '../../../support/postgres.js';
import { confirmedFlush } from './pg-props.js';
import { waitUntil } from './task-harness.js';
import { kill9, startWorkerProcess } from './worker-process.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

async function startWorker(bootstrap: string, store: MemoryOffsetStore): Promise<Worker> {
  const worker = new Worker({
    workerId: 'pgcdc-e2e:8083',
    workerConfig: {
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.flush.interval.ms': '200',
      'consumer.session.timeout.ms': '6000',
      'consumer.heartbeat.interval.ms': '500',
    },
    plugins: await loadPlugins(),
    offsetStore: store,
    log: silentLogger,
    onStatus: () => {},
  });
  await worker.start();
  return worker;
}

async function run(worker: Worker, name: string, config: Record<string, string>): Promise<void> {
  await worker.startConnector(name, { name, ...config }, 'RUNNING');
  const [tc] = await worker.connectorTaskConfigs(name, 1);
  expect(await worker.startTask({ connector: name, task: 0 }, { name, ...config }, tc!, 'RUNNING')).toBe(true);
}

async function checksum(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ row: string }>(`SELECT id || ':' || qty || ':' || note || ':' || price AS row FROM orders ORDER BY id`);
    return r.rows.map((x) => x.row);
  } finally {
    await c.end();
  }
}

describe('postgres-cdc → Kafka → unwrap → JDBC sink (e2e through the runtime)', () => {
  const broker = withBroker();
  const pgA = withPostgres({ database: 'source_a' });
  const extra: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const f of extra) await f();
  });

  it('keeps database B equal to A across a randomized workload and a worker restart', async () => {
    const a = pgA();
    await a.query('CREATE DATABASE sink_b');
    const urlB = a.url.replace(/\/source_a$/, '/sink_b');
    await a.query('CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, note text NOT NULL, price numeric(10,2) NOT NULL)');
    await a.query(`INSERT INTO orders SELECT g, g, 'n' || g, g * 1.5 FROM generate_series(1, 200) g`);
    const c = new pg.Client({ connectionString: urlB });
    await c.connect();
    await c.query('CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, note text NOT NULL, price numeric(10,2) NOT NULL)');
    await c.end();

    const source = {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'topic.prefix': 'dbserver1',
      'database.hostname': a.host, 'database.port': String(a.port), 'database.user': a.user,
      'database.password': a.password, 'database.dbname': a.database,
      'plugin.name': 'pgoutput', 'slot.name': 'e2e', 'table.include.list': 'public.orders',
      'poll.interval.ms': '100', 'status.update.interval.ms': '200',
    };
    const sink = {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      topics: 'dbserver1.public.orders',
      'connection.url': `jdbc:postgresql://${a.host}:${a.port}/sink_b`, 'connection.user': a.user, 'connection.password': a.password,
      'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true', 'table.name.format': 'orders',
      transforms: 'unwrap', 'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
    };
    const store = new MemoryOffsetStore();
    const bootstrap = broker().bootstrap;
    let worker = await startWorker(bootstrap, store);
    extra.push(() => worker.stop());
    await run(worker, 'pg-source', source);
    await run(worker, 'b-sink', sink);

    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const workload = async (steps: number) => {
      for (let i = 0; i < steps; i++) {
        const id = 1 + rand(300);
        const op = rand(10);
        if (op < 5) await a.query(`UPDATE orders SET qty = qty + 1, note = note || 'u', price = price + 0.25 WHERE id = ${id}`);
        else if (op < 7) await a.query(`DELETE FROM orders WHERE id = ${id}`);
        else await a.query(`INSERT INTO orders VALUES (${id}, ${i}, 'i${i}', ${i}.75) ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty, note = EXCLUDED.note`);
      }
    };
    await workload(150);
    // Restart the worker in the middle (graceful stop: offsets committed, slot acknowledged, then resumed).
    await worker.stop();
    extra.length = 0;
    await workload(100);
    worker = await startWorker(bootstrap, store);
    extra.push(() => worker.stop());
    await run(worker, 'pg-source', source);
    await run(worker, 'b-sink', sink);
    await workload(150);

    const expected = await checksum(a.url);
    await waitUntil(async () => JSON.stringify(await checksum(urlB)) === JSON.stringify(expected), 'database B to equal database A', 60_000);
    const wal = BigInt((await a.query<{ l: string }>(`SELECT (pg_current_wal_lsn() - '0/0')::text AS l`)).rows[0]!.l);
    // Idle and all committed: the slot reaches the last transaction's end (within a page of WAL bookkeeping).
    await waitUntil(async () => (await confirmedFlush(a, 'e2e')) >= wal - 65_536n, 'the slot to follow the committed offsets', 30_000);
  }, 180_000);

  it('keeps database B equal to A when the CDC worker is killed with SIGKILL mid-workload', async () => {
    const a = pgA();
    await a.query('CREATE DATABASE sink_c');
    const urlC = a.url.replace(/\/source_a$/, '/sink_c');
    await a.query('CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL, note text NOT NULL)');
    await a.query(`INSERT INTO items SELECT g, g, 'n' || g FROM generate_series(1, 100) g`);
    const c = new pg.Client({ connectionString: urlC });
    await c.connect();
    await c.query('CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL, note text NOT NULL)');
    await c.end();
    const dir = await mkdtemp(join(tmpdir(), 'pgcdc-e2e-crash-'));
    const children: ChildProcess[] = [];
    extra.push(async () => {
      for (const ch of children) ch.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    });
    const source = JSON.stringify({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'topic.prefix': 'crashpipe', 'database.hostname': a.host, 'database.port': String(a.port), 'database.user': a.user,
      'database.password': a.password, 'database.dbname': a.database, 'slot.name': 'e2e_crash', 'publication.name': 'e2e_crash',
      'publication.autocreate.mode': 'filtered', 'table.include.list': 'public.items', 'poll.interval.ms': '50', 'status.update.interval.ms': '200',
    });
    const schemas = JSON.stringify({ 'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true' });
    const args = [broker().bootstrap, join(dir, 'offsets.json'), source, schemas];
    children.push(await startWorkerProcess(args));
    const sinkWorker = await startWorker(broker().bootstrap, new MemoryOffsetStore());
    extra.push(() => sinkWorker.stop());
    await run(sinkWorker, 'c-sink', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      topics: 'crashpipe.public.items',
      'connection.url': `jdbc:postgresql://${a.host}:${a.port}/sink_c`, 'connection.user': a.user, 'connection.password': a.password,
      'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true', 'table.name.format': 'items',
      transforms: 'unwrap', 'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
    });
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const workload = async (steps: number) => {
      for (let i = 0; i < steps; i++) {
        const id = 1 + rand(150);
        const op = rand(10);
        if (op < 5) await a.query(`UPDATE items SET qty = qty + 1, note = note || 'u' WHERE id = ${id}`);
        else if (op < 7) await a.query(`DELETE FROM items WHERE id = ${id}`);
        else await a.query(`INSERT INTO items VALUES (${id}, ${i}, 'i${i}') ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty, note = EXCLUDED.note`);
      }
    };
    await workload(200);
    await kill9(children[0]!);
    await workload(100);
    children.push(await startWorkerProcess(args));
    await workload(200);
    const rows = async (url: string) => {
      const cl = new pg.Client({ connectionString: url });
      await cl.connect();
      try {
        return JSON.stringify((await cl.query(`SELECT id, qty, note FROM items ORDER BY id`)).rows);
      } finally {
        await cl.end();
      }
    };
    const expected = await rows(a.url);
    await waitUntil(async () => (await rows(urlC)) === expected, 'database C to equal database A after the crash', 60_000);
  }, 180_000);
});
