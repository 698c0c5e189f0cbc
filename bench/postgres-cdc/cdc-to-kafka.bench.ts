/**
 * postgres-cdc into Kafka through the real worker runtime: N row changes (the cdc-bench-kit workload) are
 * read from a pgoutput slot by a standalone worker running the PostgresCdc connector with JsonConverter
 * (schemas.enable=true, key and value, Debezium's default) and its source producer, into `tributary broker`
 * (own process, TCP). The clock stops when the topic's high watermark reaches N. Beside it, the baseline:
 * `pg_recvlogical` reading a slot of the same type to /dev/null. Rounds are interleaved; best of each.
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-to-kafka.bench.ts [changes=1000000] [rounds=3] [worker.prop=value …]
 *
 * Extra arguments are worker properties, e.g. `producer.max.in.flight.requests.per.connection=5`.
 */
import { loadavg } from 'node:os';
import { startTestPostgres } from '../../test/support/postgres.js';
import { createTopic, highWatermark, kafkaClient, processCpuMs, startBenchWorker, startBrokerProcess } from '../runtime/support/bench-kit.js';
import { cdcProps, createBenchTable, recvlogical, workload } from './support/cdc-bench-kit.js';

const CHANGES = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const workerExtra = Object.fromEntries(process.argv.slice(4).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));

const p = await startTestPostgres();
const broker = await startBrokerProcess();
try {
  await createBenchTable(p);
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of ['base', 'kafka']) await p.query(`SELECT pg_create_logical_replication_slot('${s}${i}', 'pgoutput')`);
  }
  const t0 = performance.now();
  const endLsn = await workload(p, CHANGES);
  console.log(`workload: ${CHANGES.toLocaleString('en')} changes in ${((performance.now() - t0) / 1000).toFixed(1)} s; best of ${ROUNDS} interleaved rounds`);
  const admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();
  const worker = await startBenchWorker(broker.bootstrap, {
    'key.converter': 'JsonConverter', 'value.converter': 'JsonConverter',
    'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true',
    ...workerExtra,
  });
  let base = Infinity;
  let ours = Infinity;
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const b = await recvlogical(p, `base${i}`, endLsn);
      base = Math.min(base, b);
      const topic = `r${i}.public.bench`;
      await createTopic(broker.bootstrap, topic);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const brokerCpu0 = processCpuMs(broker.pid);
      await worker.herder.putConnectorConfig(`cdc${i}`, {
        name: `cdc${i}`, 'connector.class': 'PostgresConnector', 'tasks.max': '1', ...cdcProps(p, `kafka${i}`, `r${i}`),
      }, { allowReplace: false });
      while ((await highWatermark(admin, topic)) < CHANGES) {
        if (performance.now() - started > 600_000) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpu0);
      const brokerCpu = processCpuMs(broker.pid) - brokerCpu0;
      ours = Math.min(ours, ms);
      const perEvent = (cpuMs: number) => ((cpuMs * 1000) / CHANGES).toFixed(1);
      console.log(`  round ${i + 1}: pg_recvlogical ${(b / 1000).toFixed(2)} s, worker → Kafka ${(ms / 1000).toFixed(2)} s (${(b / ms).toFixed(2)}x); ` +
        `CPU per event: worker ${perEvent((cpu.user + cpu.system) / 1000)} µs, broker ${perEvent(brokerCpu)} µs; load ${loadavg()[0]!.toFixed(1)}`);
      await worker.herder.deleteConnector(`cdc${i}`);
    }
  } finally {
    await worker.stop();
    await admin.disconnect();
  }
  const rate = (ms: number) => Math.round(CHANGES / (ms / 1000)).toLocaleString('en');
  console.log(`pg_recvlogical (raw pgoutput to /dev/null):          ${rate(base)} changes/s (${(base / 1000).toFixed(2)} s)`);
  console.log(`postgres-cdc → JsonConverter → producer → Kafka:     ${rate(ours)} events/s (${(ours / 1000).toFixed(2)} s) = ${(base / ours).toFixed(2)}x baseline`);
} finally {
  await broker.close();
  await p.stop();
}
