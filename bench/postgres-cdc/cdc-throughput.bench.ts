/**
 * postgres-cdc throughput: N row changes (inserts, then updates) committed in 1,000-row transactions are read
 * from two pgoutput slots: by `pg_recvlogical` writing the raw stream to /dev/null (baseline: the server's
 * decoding rate with no client work), and by PostgresCdcTask producing Debezium SourceRecords (poll + commit,
 * slot acknowledged), optionally also serialized with JsonConverter (schemas.enable=true).
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-throughput.bench.ts [changes=200000]
 */
import { spawn } from 'node:child_process';
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { PostgresCdcTask } from '../../connectors/postgres-cdc/postgres-cdc-task.js';
import { JsonConverter } from '../../converters/json-converter.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/postgres.js';

const CHANGES = Number(process.argv[2] ?? 200_000);
const TX_ROWS = 1000;

async function workload(p: TestPostgres): Promise<string> {
  const inserts = Math.ceil(CHANGES / 2);
  for (let from = 1; from <= inserts; from += TX_ROWS) {
    const to = Math.min(inserts, from + TX_ROWS - 1);
    await p.query(`INSERT INTO bench SELECT g, md5(g::text), g, now() FROM generate_series(${from}, ${to}) g`);
  }
  const updates = CHANGES - inserts;
  for (let from = 1; from <= updates; from += TX_ROWS) {
    const to = Math.min(updates, from + TX_ROWS - 1);
    await p.query(`UPDATE bench SET n = n + 1, label = md5(label) WHERE id BETWEEN ${from} AND ${to}`);
  }
  const r = await p.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  // WAL past the end point (in an unpublished table), so the walsender's keepalives report a position
  // beyond --endpos and pg_recvlogical stops there.
  await p.query('CREATE TABLE pad (x int); INSERT INTO pad SELECT generate_series(1, 1000)');
  return r.rows[0]!.lsn;
}

function recvlogical(p: TestPostgres, slot: string, endLsn: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('pg_recvlogical', [
      '-h', p.host, '-p', String(p.port), '-U', p.user, '-d', p.database, '--slot', slot, '--start',
      '--endpos', endLsn, '-o', 'proto_version=1', '-o', 'publication_names=bench_pub', '-f', '/dev/null', '--no-loop',
    ], { env: { ...process.env, PGPASSWORD: p.password }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`pg_recvlogical exited ${code}: ${err}`))));
  });
}

async function connector(p: TestPostgres, slot: string, json: boolean): Promise<number> {
  const props = {
    'topic.prefix': 'bench', 'database.hostname': p.host, 'database.port': String(p.port), 'database.user': p.user,
    'database.password': p.password, 'database.dbname': p.database, 'slot.name': slot, 'publication.name': 'bench_pub',
    'publication.autocreate.mode': 'disabled', 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '0', 'poll.interval.ms': '50',
  };
  const offsets = new Map<string, Record<string, unknown>>();
  const ctx: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: {
      offset: async () => (offsets.get('p') as never) ?? null,
      offsets: async (ps) => new Map(ps.map((x) => [x, (offsets.get('p') as never) ?? null])),
    },
    transactionContext: () => null,
    log: silentLogger,
  };
  const task = new PostgresCdcTask();
  task.initialize(ctx);
  const conv = new JsonConverter();
  conv.configure({ 'schemas.enable': 'true' }, false);
  const started = performance.now();
  await task.start(props);
  let n = 0;
  let bytes = 0;
  let sinceCommit = 0;
  const dbg = process.env.BENCH_DEBUG ? setInterval(() => console.log(n, task.stats()), 1000) : undefined;
  try {
    while (n < CHANGES) {
      const batch = await task.poll();
      if (batch === null) continue;
      if (json) {
        for (let i = 0; i < batch.length; i++) {
          const r = batch[i]!;
          bytes += conv.fromConnectData(r.topic, null, r.valueSchema, r.value)?.length ?? 0;
        }
      }
      n += batch.length;
      sinceCommit += batch.length;
      if (sinceCommit >= 10_000) {
        offsets.set('p', batch[batch.length - 1]!.sourceOffset as Record<string, unknown>);
        await task.commit();
        sinceCommit = 0;
      }
    }
    const ms = performance.now() - started;
    if (json && bytes === 0) throw new Error('no JSON produced');
    return ms;
  } finally {
    clearInterval(dbg);
    await task.stop();
  }
}

const p = await startTestPostgres();
try {
  await p.query('CREATE TABLE bench (id int PRIMARY KEY, label text NOT NULL, n int NOT NULL, at timestamptz)');
  await p.query('CREATE PUBLICATION bench_pub FOR TABLE bench');
  const ROUNDS = 3;
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of ['base', 'cdc', 'json']) await p.query(`SELECT pg_create_logical_replication_slot('${s}${i}', 'pgoutput')`);
  }
  const t0 = performance.now();
  const endLsn = await workload(p);
  console.log(`workload: ${CHANGES} changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (end LSN ${endLsn}); best of ${ROUNDS} rounds (the machine is shared)`);
  let base = Infinity;
  let ours = Infinity;
  let withJson = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so a noisy neighbour hurts every contender alike.
    base = Math.min(base, await recvlogical(p, `base${i}`, endLsn));
    ours = Math.min(ours, await connector(p, `cdc${i}`, false));
    withJson = Math.min(withJson, await connector(p, `json${i}`, true));
  }
  const rate = (ms: number) => Math.round(CHANGES / (ms / 1000));
  console.log(`pg_recvlogical (raw pgoutput to /dev/null): ${rate(base).toLocaleString('en')} changes/s (${(base / 1000).toFixed(2)} s)`);
  console.log(`postgres-cdc task (Debezium SourceRecords): ${rate(ours).toLocaleString('en')} changes/s (${(ours / 1000).toFixed(2)} s) = ${(base / ours).toFixed(2)}x baseline`);
  console.log(`postgres-cdc task + JsonConverter:          ${rate(withJson).toLocaleString('en')} changes/s (${(withJson / 1000).toFixed(2)} s) = ${(base / withJson).toFixed(2)}x baseline`);
} finally {
  await p.stop();
}
