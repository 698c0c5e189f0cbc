// JDBC sink rows/s: N records of 6 columns through JdbcSinkTask.put (insert and upsert modes), beside
// the baseline `psql \copy <table> FROM <csv>` of the same rows into the same table definition.
// Each put() batch is built in memory just before the call (as the converter hands it over) and only put()
// is timed; Kafka and the converter are not in the measured path, so this is the sink's own cost.
// Run: node bin/run-ts.js bench/jdbc/sink.bench.ts [rows=1000000] [putBatch=5000]   (env BENCH_PREBUILT=1, BENCH_ROUNDS=n)
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ConnectTimestamp, Decimal, SchemaBuilder, Schemas, silentLogger, sinkRecord, type SinkRecord, type SinkTaskContext,
} from '../../src/api/index.js';
import { JdbcSinkTask } from '../../connectors/jdbc/sink/jdbc-sink-task.js';
import { benchPostgres } from './bench-postgres.js';

const N = Number(process.argv[2] ?? 1_000_000);
const PUT_BATCH = Number(process.argv[3] ?? 5000);
const TABLE_DDL = '(id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), qty integer, created timestamp, active boolean)';

const schema = SchemaBuilder.struct().name('orders')
  .field('id', Schemas.INT64)
  .field('name', Schemas.STRING)
  .field('amount', Decimal.builder(2).optional())
  .field('qty', Schemas.OPTIONAL_INT32)
  .field('created', ConnectTimestamp.builder().optional())
  .field('active', Schemas.OPTIONAL_BOOLEAN)
  .build();
const keySchema = SchemaBuilder.struct().field('id', Schemas.INT64).build();

function value(i: number) {
  return {
    id: i, name: `customer ${i % 9973}`, amount: `${(i % 100000) / 100 | 0}.${String(i % 100).padStart(2, '0')}`,
    qty: i % 1000, created: new Date(1_700_000_000_000 + i * 1000), active: i % 3 === 0,
  };
}

function csvLine(i: number): string {
  const v = value(i);
  return `${v.id},${v.name},${v.amount},${v.qty},${v.created.toISOString()},${v.active ? 't' : 'f'}\n`;
}

// BENCH_PREBUILT=1 builds every record before timing (the sink's own cost, records already in the old
// generation); by default each put() batch is built just before the call, as a converter hands it over, so
// the young-generation GC of fresh records lands in the measurement as it does in a worker.
const PREBUILT = process.env['BENCH_PREBUILT'] === '1';
const prebuilt = PREBUILT ? build(0, N) : null;

function batch(from: number, to: number): SinkRecord[] {
  return prebuilt !== null ? prebuilt.slice(from, to) : build(from, to);
}

function build(from: number, to: number): SinkRecord[] {
  const out: SinkRecord[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    out[i - from] = sinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: i, keySchema, key: { id: i }, valueSchema: schema, value: value(i) });
  }
  return out;
}

const server = await benchPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const dir = await mkdtemp(join(tmpdir(), 'jdbc-bench-'));

async function resetTable(name: string): Promise<void> {
  await admin.query(`DROP TABLE IF EXISTS ${name}`);
  await admin.query(`CREATE TABLE ${name} ${TABLE_DDL}`);
  await admin.query('CHECKPOINT');
}

async function runSink(mode: 'insert' | 'upsert'): Promise<number> {
  await resetTable('orders');
  const task = new JdbcSinkTask();
  const context: SinkTaskContext = {
    configs: () => ({}), offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
    requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
  };
  task.initialize(context);
  await task.start({ 'connection.url': server.jdbcUrl, 'insert.mode': mode, 'pk.mode': 'record_key' });
  let nanos = 0n;
  for (let i = 0; i < N; i += PUT_BATCH) {
    const records = batch(i, Math.min(i + PUT_BATCH, N));
    const t0 = process.hrtime.bigint();
    await task.put(records);
    nanos += process.hrtime.bigint() - t0;   // only put() is timed: building records is the converter's job
  }
  const secs = Number(nanos) / 1e9;
  await task.stop();
  const { rows } = await admin.query('SELECT count(*)::int AS n FROM orders');
  if (rows[0].n !== N) throw new Error(`expected ${N} rows, found ${rows[0].n}`);
  return N / secs;
}

const csv = join(dir, 'orders.csv');
{
  const parts: string[] = [];
  for (let i = 0; i < N; i++) parts.push(csvLine(i));
  await writeFile(csv, parts.join(''));
}

async function runCopy(): Promise<number> {
  await resetTable('orders');
  const t0 = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/psql', [server.url, '-q', '-c', `\\copy orders FROM '${csv}' WITH (FORMAT csv)`], { encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  return N / secs;
}

const fmt = (x: number) => `${Math.round(x).toLocaleString('en-US')} rows/s`;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
try {
  // Interleaved rounds: the machine is shared, so each round's ratio compares runs made back to back, and the
  // median ratio is reported beside the best rates.
  const copy: number[] = [], insert: number[] = [], upsert: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    copy.push(await runCopy());
    insert.push(await runSink('insert'));
    upsert.push(await runSink('upsert'));
    console.log(`  round ${r + 1}: \\copy ${fmt(copy[r]!)}, insert ${fmt(insert[r]!)} (${(insert[r]! / copy[r]!).toFixed(2)}), upsert ${fmt(upsert[r]!)} (${(upsert[r]! / copy[r]!).toFixed(2)})`);
  }
  const ratio = (xs: number[]) => median(xs.map((x, i) => x / copy[i]!)).toFixed(2);
  console.log(`JDBC sink, ${N.toLocaleString('en-US')} rows × 6 columns, put() batches of ${PUT_BATCH} (${PREBUILT ? 'prebuilt' : 'built per batch'}), ${ROUNDS} interleaved rounds`);
  console.log(`  baseline psql \\copy FROM csv : best ${fmt(Math.max(...copy))}`);
  console.log(`  JdbcSinkTask insert (COPY)   : best ${fmt(Math.max(...insert))}   median ratio ${ratio(insert)}`);
  console.log(`  JdbcSinkTask upsert (UNNEST) : best ${fmt(Math.max(...upsert))}   median ratio ${ratio(upsert)}`);
} finally {
  await admin.end();
  await rm(dir, { recursive: true, force: true });
  await server.stop();
}
