/**
 * postgres-cdc end-to-end latency through Kafka: single-row transactions committed at a steady rate (default
 * 1,000/s for 20 s) into a table captured by a standalone worker (PostgresCdc connector → JsonConverter with
 * schemas → source producer → `tributary broker` in its own process, TCP); a kafkajs consumer reads the topic.
 * For each change: the time from its commit (the row carries clock_timestamp() taken in the inserting
 * statement, which commits at once) to the moment the consumer has the record. Prints p50/p99/max.
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-latency-kafka.bench.ts [rate=1000] [seconds=20] [flush=always|interval]
 *
 * flush: the broker's flush policy; `always` (its default) fsyncs before it answers an acks=all produce.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { startTestPostgres } from '../../test/support/postgres.js';
import { createTopic, kafkaClient, startBenchWorker, startBrokerProcess } from '../runtime/support/bench-kit.js';

const RATE = Number(process.argv[2] ?? 1000);
const SECONDS = Number(process.argv[3] ?? 20);
const FLUSH = (process.argv[4] ?? 'always') as 'always' | 'interval';
const TOTAL = RATE * SECONDS;
const WARMUP = Math.min(RATE, TOTAL / 10); // the first second is not counted (connections, JIT)

const p = await startTestPostgres();
const broker = await startBrokerProcess(FLUSH);
try {
  await p.query('CREATE TABLE lat (id int PRIMARY KEY, committed_us bigint NOT NULL)');
  const topic = 'lat.public.lat';
  await createTopic(broker.bootstrap, topic);
  const worker = await startBenchWorker(broker.bootstrap, {
    'key.converter': 'JsonConverter', 'value.converter': 'JsonConverter',
    'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true',
  });
  const consumer = kafkaClient(broker.bootstrap).consumer({ groupId: 'lat-reader', maxWaitTimeInMs: 500 });
  try {
    await worker.herder.putConnectorConfig('lat', {
      name: 'lat', 'connector.class': 'PostgresConnector', 'topic.prefix': 'lat', 'database.hostname': p.host,
      'database.port': String(p.port), 'database.user': p.user, 'database.password': p.password, 'database.dbname': p.database,
      'slot.name': 'lat', 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '0', 'poll.interval.ms': '100', 'table.include.list': 'public.lat',
    }, { allowReplace: false });
    // wait until the slot is streaming: a probe row must come through
    const latencies: number[] = [];
    let probeSeen!: () => void;
    const probe = new Promise<void>((r) => (probeSeen = r));
    let seen = 0;
    let allSeen!: () => void;
    const all = new Promise<void>((r) => (allSeen = r));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const now = Date.now() * 1000; // same clock as PostgreSQL's on this machine
        const after = JSON.parse(message.value!.toString()).payload.after as { id: number; committed_us: number };
        if (after.id < 0) return probeSeen();
        seen++;
        if (after.id >= WARMUP) latencies.push((now - after.committed_us) / 1000);
        if (seen === TOTAL) allSeen();
      },
    });
    for (let i = 1; ; i++) {
      await p.query(`INSERT INTO lat VALUES (${-i}, 0)`);
      const got = await Promise.race([probe.then(() => true), new Promise((r) => setTimeout(() => r(false), 500))]);
      if (got) break;
    }
    // Several connections so one slow round trip does not hold the schedule back.
    const writers = await Promise.all([0, 1, 2, 3].map(async () => {
      const c = new pg.Client({ connectionString: p.url });
      await c.connect();
      return c;
    }));
    const started = performance.now();
    const chains: Promise<unknown>[] = writers.map(() => Promise.resolve());
    for (let i = 0; i < TOTAL; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const w = i % writers.length;
      chains[w] = chains[w]!.then(() => writers[w]!.query(`INSERT INTO lat VALUES (${i}, (extract(epoch from clock_timestamp()) * 1000000)::bigint)`));
    }
    await Promise.all(chains);
    const elapsed = (performance.now() - started) / 1000;
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
    for (const c of writers) await c.end();
    latencies.sort((x, y) => x - y);
    const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]!.toFixed(1);
    console.log(`${TOTAL} changes at ${RATE}/s (${(TOTAL / elapsed).toFixed(0)}/s achieved), broker flush=${FLUSH}, load ${loadavg()[0]!.toFixed(1)}; ` +
      `${seen} read back; COMMIT → consumer latency (after the first ${WARMUP}): p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`);
  } finally {
    await consumer.disconnect();
    await worker.stop();
  }
} finally {
  await broker.close();
  await p.stop();
}
