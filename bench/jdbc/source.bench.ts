// JDBC source rows/s: a bulk read of N rows × 6 columns through JdbcSourceTask.poll() (rows → typed
// Connect structs with schemas and offsets), beside two baselines that do the same read with plain tools:
//   - `psql -c "\copy (SELECT …) TO STDOUT"` into /dev/null (text rows, no types), and
//   - node-postgres FETCHing the same cursor in the same batch size, rows left as raw text (no conversion).
// Kafka is not in the measured path: this is the source task's own cost.
// Run: node bin/run-ts.js bench/jdbc/source.bench.ts [rows=1000000] [batch.max.rows=10000]
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { JdbcSourceTask } from '../../connectors/jdbc/source/jdbc-source-task.js';
import { benchPostgres } from './bench-postgres.js';

const N = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

const server = await benchPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('DROP TABLE IF EXISTS orders');
await admin.query('CREATE TABLE orders (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), qty integer, created timestamp, active boolean)');
await admin.query(`INSERT INTO orders SELECT i, 'customer ' || (i % 9973), (i % 100000) / 100.0, i % 1000,
  timestamp '2023-11-14 22:13:20' + i * interval '1 second', i % 3 = 0 FROM generate_series(0, ${N - 1}) AS i`);
await admin.query('VACUUM ANALYZE orders');

function runPsql(): number {
  const t0 = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/psql', [server.url, '-q', '-c', '\\copy (SELECT * FROM orders) TO STDOUT'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  return N / secs;
}

async function runRawFetch(): Promise<number> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  const raw = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;
  const t0 = process.hrtime.bigint();
  await c.query('BEGIN');
  await c.query('DECLARE cur NO SCROLL CURSOR FOR SELECT * FROM orders');
  let n = 0;
  for (;;) {
    const res = await c.query({ text: `FETCH ${BATCH} FROM cur`, rowMode: 'array', types: raw });
    n += res.rows.length;
    if (res.rows.length < BATCH) break;
  }
  await c.query('COMMIT');
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await c.end();
  if (n !== N) throw new Error(`fetched ${n} rows, expected ${N}`);
  return N / secs;
}

async function runTask(): Promise<number> {
  const props = {
    'connection.url': server.jdbcUrl, mode: 'bulk', tables: JSON.stringify(['public.orders']), 'topic.prefix': 'pg-',
    'batch.max.rows': String(BATCH), 'poll.interval.ms': '3600000',
  };
  const task = new JdbcSourceTask();
  const context: SourceTaskContext = {
    configs: () => props, transactionContext: () => null, log: silentLogger,
    offsetStorageReader: { offset: async () => null, offsets: async (ps) => new Map(ps.map((p) => [p, null])) },
  };
  task.initialize(context);
  await task.start(props);
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (n < N) n += (await task.poll())?.length ?? 0;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await task.stop();
  return N / secs;
}

const fmt = (x: number) => `${Math.round(x).toLocaleString('en-US')} rows/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
try {
  // Interleaved rounds on a shared machine: ratios compare runs made back to back; the median is reported.
  const psql: number[] = [], raw: number[] = [], task: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    psql.push(runPsql());
    raw.push(await runRawFetch());
    task.push(await runTask());
    console.log(`  round ${r + 1}: psql ${fmt(psql[r]!)}, raw FETCH ${fmt(raw[r]!)}, task ${fmt(task[r]!)}`);
  }
  const ratio = (base: number[]) => median(task.map((t, i) => t / base[i]!)).toFixed(2);
  console.log(`JDBC source (bulk), ${N.toLocaleString('en-US')} rows × 6 columns, batch.max.rows ${BATCH}, ${ROUNDS} interleaved rounds`);
  console.log(`  baseline psql \\copy (SELECT) TO STDOUT : best ${fmt(Math.max(...psql))}`);
  console.log(`  baseline pg FETCH, raw text rows        : best ${fmt(Math.max(...raw))}`);
  console.log(`  JdbcSourceTask.poll (typed records)     : best ${fmt(Math.max(...task))}   median ratio ${ratio(psql)} of psql, ${ratio(raw)} of raw FETCH`);
} finally {
  await admin.end();
  await server.stop();
}
