/**
 * Turns `connection.url` (+ `connection.user` / `connection.password`) into node-postgres connection options.
 * Accepts the JDBC form Confluent configs carry (`jdbc:postgresql://host:port/db?user=u&password=p&ssl=true`)
 * and plain `postgres://user:pass@host/db` URLs.
 */
import { ConfigError } from '../../src/api/index.js';

export interface PgConnectionOptions {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  ssl?: boolean | { rejectUnauthorized: boolean };
  application_name?: string;
  connectionTimeoutMillis?: number;
}

const SCHEMES = ['jdbc:postgresql:', 'postgresql:', 'postgres:'];

export function parseConnectionUrl(url: string, user: string | null, password: string | null): PgConnectionOptions {
  const scheme = SCHEMES.find((s) => url.toLowerCase().startsWith(s));
  if (scheme === undefined) {
    throw new ConfigError(`connection.url must start with jdbc:postgresql://, postgresql:// or postgres:// (got '${url.split('?')[0]}')`, {
      'connection.url': ['only PostgreSQL URLs are supported'],
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(`postgres:${url.slice(scheme.length)}`);
  } catch {
    throw new ConfigError(`connection.url is not a valid URL`, { 'connection.url': ['not a valid URL'] });
  }
  const q = parsed.searchParams;
  const out: PgConnectionOptions = {
    host: decodeURIComponent(parsed.hostname || 'localhost').replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 5432,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
  };
  const urlUser = q.get('user') ?? (parsed.username ? decodeURIComponent(parsed.username) : null);
  const urlPassword = q.get('password') ?? (parsed.password ? decodeURIComponent(parsed.password) : null);
  const finalUser = user ?? urlUser;
  const finalPassword = password ?? urlPassword;
  if (finalUser !== null) out.user = finalUser;
  if (finalPassword !== null) out.password = finalPassword;
  const sslmode = q.get('sslmode');
  const ssl = q.get('ssl');
  if (sslmode === 'require' || sslmode === 'prefer') out.ssl = { rejectUnauthorized: false };
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full' || ssl === 'true') out.ssl = true;
  const app = q.get('ApplicationName') ?? q.get('application_name');
  if (app !== null) out.application_name = app;
  const timeout = q.get('connectTimeout');
  if (timeout !== null && /^\d+$/.test(timeout)) out.connectionTimeoutMillis = Number(timeout) * 1000;
  return out;
}

/** The URL with any password removed, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]password=)[^&]*/gi, '$1***').replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
