/**
 * postgres-cdc latency: single-row transactions committed at a steady rate (default 1,000/s for 10 s);
 * for each change, the time from its commit (the row carries clock_timestamp() taken just before COMMIT)
 * to the moment poll() hands out its SourceRecord. Prints p50/p99/max. Kafka is not in this path — the
 * producer's latency adds on top.
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-latency.bench.ts [rate=1000] [seconds=10]
 */
import pg from 'pg';
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { PostgresCdcTask } from '../../connectors/postgres-cdc/postgres-cdc-task.js';
import { startTestPostgres } from '../../test/support/postgres.js';

const RATE = Number(process.argv[2] ?? 1000);
const SECONDS = Number(process.argv[3] ?? 10);
const TOTAL = RATE * SECONDS;

const p = await startTestPostgres();
try {
  await p.query('CREATE TABLE lat (id int PRIMARY KEY, committed_us bigint NOT NULL)');
  const props = {
    'topic.prefix': 'lat', 'database.hostname': p.host, 'database.port': String(p.port), 'database.user': p.user,
    'database.password': p.password, 'database.dbname': p.database, 'slot.name': 'lat', 'snapshot.mode': 'no_data',
    'heartbeat.interval.ms': '0', 'poll.interval.ms': '100',
  };
  const ctx: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: { offset: async () => null, offsets: async (ps) => new Map(ps.map((x) => [x, null])) },
    transactionContext: () => null,
    log: silentLogger,
  };
  const task = new PostgresCdcTask();
  task.initialize(ctx);
  await task.start(props);
  while (task.phase !== 'streaming') await new Promise((r) => setTimeout(r, 20));

  const latencies: number[] = [];
  const reader = (async () => {
    while (latencies.length < TOTAL) {
      const batch = await task.poll();
      if (batch === null) continue;
      const now = Date.now() * 1000; // same clock as PostgreSQL's on this machine (ms resolution)
      for (const r of batch) {
        const after = (r.value as { after: { committed_us: number } }).after;
        latencies.push((now - after.committed_us) / 1000);
      }
    }
  })();
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
    // clock_timestamp() at insert time, microseconds; the commit follows immediately (autocommit).
    const w = i % writers.length;
    chains[w] = chains[w]!.then(() => writers[w]!.query(`INSERT INTO lat VALUES (${i}, (extract(epoch from clock_timestamp()) * 1000000)::bigint)`));
  }
  await Promise.all(chains);
  await reader;
  const elapsed = (performance.now() - started) / 1000;
  await task.stop();
  for (const c of writers) await c.end();
  latencies.sort((x, y) => x - y);
  const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]!.toFixed(2);
  console.log(`${TOTAL} changes at ${RATE}/s (${(TOTAL / elapsed).toFixed(0)}/s achieved): commit → poll latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${latencies[latencies.length - 1]!.toFixed(2)} ms`);
} finally {
  await p.stop();
}
