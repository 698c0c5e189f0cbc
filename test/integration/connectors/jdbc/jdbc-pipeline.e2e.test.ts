/**
 * End to end through a real worker process (`tributary standalone`) and the embedded broker:
 * PostgreSQL table → JdbcSourceConnector (Confluent class name, timestamp+incrementing) → Kafka (JsonConverter
 * with schemas) → JdbcSinkConnector (upsert, auto.create) → another PostgreSQL table. New rows and updates
 * arrive; after a graceful restart nothing is lost and the upserts keep the copy exact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '../../../support/broker.js';
import { withPostgres } from '../../../support/postgres.js';
import { startWorkerProcess, writeProperties, type WorkerProcess } from '../../../e2e/support/worker-process.js';

const pg = withPostgres();
let broker: TestBroker & { removeDataDir(): Promise<void> };
let dir: string;
const running: WorkerProcess[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  dir = await mkdtemp(join(tmpdir(), 'e2e-jdbc-'));
});
afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null) w.kill('SIGKILL');
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

const SELECT = 'SELECT id, name, amount::text, updated_at FROM %t ORDER BY id';

async function tableRows(table: string): Promise<unknown[]> {
  return (await pg().query(SELECT.replace('%t', table))).rows;
}

async function sameRows(): Promise<boolean> {
  const exists = (await pg().query(`SELECT to_regclass('dst_orders') AS t`)).rows[0]!['t'] !== null;
  if (!exists) return false;
  return JSON.stringify(await tableRows('src_orders')) === JSON.stringify(await tableRows('dst_orders'));
}

describe('PostgreSQL → JDBC source → Kafka → JDBC sink → PostgreSQL (real worker process)', () => {
  it('copies rows, follows inserts and updates, and survives a restart', async () => {
    await pg().query('CREATE TABLE src_orders (id serial PRIMARY KEY, name text NOT NULL, amount numeric(10,2), updated_at timestamptz NOT NULL DEFAULT now())');
    await pg().query(`INSERT INTO src_orders (name, amount, updated_at)
      SELECT 'order ' || i, i * 1.25, timestamptz '2024-01-01' + i * interval '1 second' FROM generate_series(1, 500) AS i`);
    const worker = await writeProperties(join(dir, 'worker.properties'), {
      'bootstrap.servers': broker.bootstrap,
      'offset.storage.file.filename': join(dir, 'standalone.offsets'),
      'offset.flush.interval.ms': '200',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable': 'true',
      'value.converter.schemas.enable': 'true',
      'task.shutdown.graceful.timeout.ms': '10000',
      'consumer.session.timeout.ms': '3000',
      'consumer.heartbeat.interval.ms': '500',
      listeners: 'http://127.0.0.1:0',
    });
    const source = await writeProperties(join(dir, 'source.properties'), {
      name: 'pg-source',
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'connection.url': pg().jdbcUrl,
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated_at',
      'incrementing.column.name': 'id',
      'table.whitelist': 'src_orders',
      'topic.prefix': 'e2e-',
      'poll.interval.ms': '100',
      'batch.max.rows': '100',
    });
    const sink = await writeProperties(join(dir, 'sink.properties'), {
      name: 'pg-sink',
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'connection.url': pg().url,
      topics: 'e2e-src_orders',
      'table.name.format': 'dst_orders',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'auto.create': 'true',
    });
    const args = ['standalone', worker, source, sink];

    const w1 = await startWorkerProcess(args);
    running.push(w1);
    await waitFor(sameRows, 'the 500 rows copied', 60_000);

    await pg().query(`UPDATE src_orders SET name = 'changed', amount = 0.01, updated_at = now() WHERE id IN (7, 300)`);
    await pg().query(`INSERT INTO src_orders (name, amount) VALUES ('new one', 9.99)`);
    await waitFor(sameRows, 'the update and the insert copied', 30_000);
    expect((await pg().query(`SELECT name FROM dst_orders WHERE id = 7`)).rows).toEqual([{ name: 'changed' }]);

    w1.kill('SIGTERM');
    expect(await w1.exited).toBe(0);
    await pg().query(`INSERT INTO src_orders (name, amount) SELECT 'after restart ' || i, i FROM generate_series(1, 50) AS i`);
    const w2 = await startWorkerProcess(args);
    running.push(w2);
    await waitFor(sameRows, 'rows written while the worker was down copied', 60_000);
    expect((await pg().query('SELECT count(*)::int AS n FROM dst_orders')).rows).toEqual([{ n: 551 }]);
    const status = await (await fetch(`${w2.restUrl}/connectors/pg-source/status`)).json() as { tasks: { state: string }[] };
    expect(status.tasks.map((t) => t.state)).toEqual(['RUNNING']);
    w2.kill('SIGTERM');
    expect(await w2.exited).toBe(0);
  });
});
