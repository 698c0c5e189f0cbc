/**
 * Opens a node-postgres pool for a connector or task: session settings that make the text formats we parse
 * fixed (ISO dates, hex bytea, exact floats, TimeZone = db.timezone), and `connection.attempts` tries with
 * `connection.backoff.ms` between them.
 */
import pg from 'pg';
import { abortableWait, RetriableError, type Logger, type Password } from '../../src/api/index.js';
import { parseConnectionUrl, redactUrl } from './connection-url.js';

export interface ConnectionSettings {
  readonly 'connection.url': string;
  readonly 'connection.user': string | null;
  readonly 'connection.password': Password | null;
  readonly 'connection.attempts': number;
  readonly 'connection.backoff.ms': number;
  readonly 'db.timezone': string;
}

export interface OpenPoolOptions {
  readonly max: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

/** SQLSTATE classes that mean "try again later" rather than "this statement is wrong". */
export function isTransientPgError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return err instanceof Error && /ECONNRE|ETIMEDOUT|EPIPE|Connection terminated|timeout/i.test(err.message);
  return /^(08|40|53|57|58)/.test(code) || code === '55P03';
}

export async function openPool(settings: ConnectionSettings, options: OpenPoolOptions): Promise<pg.Pool> {
  const conn = parseConnectionUrl(settings['connection.url'], settings['connection.user'], settings['connection.password']?.value() ?? null);
  const tz = settings['db.timezone'];
  const pool = new pg.Pool({
    ...conn,
    max: options.max,
    idleTimeoutMillis: 30_000,
    options: `-c TimeZone=${tz} -c DateStyle=ISO,MDY -c bytea_output=hex -c extra_float_digits=3 -c IntervalStyle=iso_8601`,
  });
  // An idle client that loses its connection must not crash the worker; the next query reports it.
  pool.on('error', (err) => options.log.warn({ err }, 'idle database connection failed'));
  const attempts = settings['connection.attempts'];
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return pool;
    } catch (err) {
      if (attempt >= attempts || options.signal?.aborted) {
        await pool.end().catch(() => {});
        throw new RetriableError(
          `could not connect to ${redactUrl(settings['connection.url'])} after ${attempt} attempt(s): ${(err as Error).message}; check connection.url/user/password`,
          { cause: err, code: 'TRIB_JDBC_CONNECT' },
        );
      }
      options.log.warn({ err, attempt }, 'database connection failed; retrying');
      await abortableWait(settings['connection.backoff.ms'], options.signal ?? new AbortController().signal);
    }
  }
}
