/**
 * Shared by the postgres-cdc benchmarks: the workload (inserts, then updates, in 1,000-row transactions on
 * table `bench`, published as `bench_pub`), the `pg_recvlogical` baseline reading a pgoutput slot to
 * /dev/null, and the props of a PostgresCdc connector reading a pre-created slot.
 */
import { spawn } from 'node:child_process';
import type { TestPostgres } from '../../../test/support/postgres.js';

export const TX_ROWS = 1000;

/** Creates `bench` and `bench_pub`. */
export async function createBenchTable(p: TestPostgres): Promise<void> {
  await p.query('CREATE TABLE bench (id int PRIMARY KEY, label text NOT NULL, n int NOT NULL, at timestamptz)');
  await p.query('CREATE PUBLICATION bench_pub FOR TABLE bench');
}

/** Commits `changes` row changes; returns the LSN after the last one (pg_recvlogical's --endpos). */
export async function workload(p: TestPostgres, changes: number): Promise<string> {
  const inserts = Math.ceil(changes / 2);
  for (let from = 1; from <= inserts; from += TX_ROWS) {
    const to = Math.min(inserts, from + TX_ROWS - 1);
    await p.query(`INSERT INTO bench SELECT g, md5(g::text), g, now() FROM generate_series(${from}, ${to}) g`);
  }
  const updates = changes - inserts;
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

/** pg_recvlogical reads `slot` (pgoutput, publication bench_pub) up to `endLsn` into /dev/null; resolves with ms taken. */
export function recvlogical(p: TestPostgres, slot: string, endLsn: string): Promise<number> {
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

/** Connector props for reading `slot` (already created) with publication bench_pub, no snapshot. */
export function cdcProps(p: TestPostgres, slot: string, topicPrefix: string): Record<string, string> {
  return {
    'topic.prefix': topicPrefix, 'database.hostname': p.host, 'database.port': String(p.port), 'database.user': p.user,
    'database.password': p.password, 'database.dbname': p.database, 'slot.name': slot, 'publication.name': 'bench_pub',
    'publication.autocreate.mode': 'disabled', 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '0', 'poll.interval.ms': '50',
  };
}
