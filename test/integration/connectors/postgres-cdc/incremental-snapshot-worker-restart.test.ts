/**
 * An incremental snapshot across a real worker restart (test cluster: embedded broker, standalone worker,
 * offsets committed by the runtime): the restarted task resumes from the committed offset without a new
 * signal, every row reaches Kafka, and the task status and /metrics show the snapshot progress gauges.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitUntil, type TestCluster } from '../../../../src/testing/index.js';
import { withPostgres } from '../../../support/postgres.js';

describe('postgres-cdc: incremental snapshot across a worker restart', () => {
  const pg = withPostgres();
  let cluster: TestCluster | undefined;
  afterAll(async () => {
    await cluster?.close();
  });

  it('resumes from the committed offset; every row arrives; progress shows in the task status', async () => {
    const rows = 20_000;
    const p = pg();
    await p.query('CREATE TABLE wsig (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))');
    await p.query('CREATE TABLE wbig (id int PRIMARY KEY, v text NOT NULL)');
    await p.query(`INSERT INTO wbig SELECT g, repeat('x', 50) FROM generate_series(1, ${rows}) g`);
    cluster = await startTestCluster({ workerProps: { 'offset.flush.interval.ms': '100' }, rest: true });
    const c = cluster;
    await c.createConnector('pg-incr', {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'topic.prefix': 'w', 'database.hostname': p.host, 'database.port': String(p.port), 'database.user': p.user,
      'database.password': p.password, 'database.dbname': p.database, 'slot.name': 'wincr', 'publication.name': 'pub_wincr',
      'snapshot.mode': 'no_data', 'signal.data.collection': 'public.wsig', 'table.include.list': 'public.wbig',
      'incremental.snapshot.chunk.size': '250', 'heartbeat.interval.ms': '0', 'poll.interval.ms': '50',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
    });
    await c.waitForTaskState('pg-incr', 0, 'RUNNING');
    await waitUntil(async () => (await p.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = 'wincr' AND active`)).rowCount === 1, 'streaming');

    const kafka = new Kafka({ brokers: [c.bootstrap], clientId: 'incr-reader', logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `incr-${Date.now()}`, maxWaitTimeInMs: 100 });
    const reads = new Map<number, number>();
    const readTimes: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: ['w.public.wbig'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const v = JSON.parse(message.value!.toString()) as { op: string; after: { id: number }; ts_ms: number };
        if (v.op !== 'r') return;
        reads.set(v.after.id, (reads.get(v.after.id) ?? 0) + 1);
        readTimes.push(v.ts_ms);
      },
    });

    await p.query(`INSERT INTO wsig VALUES ('go', 'execute-snapshot', '{"data-collections": ["public.wbig"], "type": "incremental"}')`);
    await waitUntil(() => reads.size >= 2000, 'a part of the snapshot in Kafka', 60_000);
    await c.restartWorker(); // graceful: the task commits the offsets of what Kafka acknowledged
    const restartedAt = Date.now();

    try {
      await waitUntil(() => reads.size === rows, () => `all ${rows} rows in Kafka (have ${reads.size})`, 120_000);
    } finally {
      await consumer.disconnect();
    }
    // Rows were read by the restarted task, which got no new signal: it resumed from the offsets.
    expect(readTimes.some((t) => t >= restartedAt)).toBe(true);
    const repeated = [...reads.values()].filter((n) => n > 1).length;
    console.log(`incremental snapshot worker restart: ${rows} rows, ${repeated} read twice`);
    expect(repeated).toBeLessThan(rows / 2); // not started over

    // Progress gauges in the task status (Tributary extension); exact once the table is done.
    await waitUntil(async () => {
      const metrics = (await c.status('pg-incr')).tasks[0]?.metrics ?? [];
      const get = (name: string) => metrics.find((m) => m.name === name && m.labels.table === 'public.wbig')?.value;
      return get('snapshot_rows_done') === rows && get('snapshot_rows_total') === rows;
    }, 'snapshot_rows_done = snapshot_rows_total = rows in the task status');
    // …and on the worker's /metrics.
    const text = await (await fetch(`${c.restUrl}/metrics`)).text();
    expect(text).toContain(`tributary_task_metric{connector="pg-incr",task="0",metric="snapshot_rows_done",table="public.wbig"} ${rows}`);
    expect(text).toContain(`tributary_task_metric{connector="pg-incr",task="0",metric="snapshot_rows_total",table="public.wbig"} ${rows}`);
  }, 240_000);
});
