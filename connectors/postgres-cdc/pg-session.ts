/**
 * Connection settings shared by the catalog/snapshot and replication connections. The session GUCs fix the
 * text formats the column mappers parse (ISO dates, ISO-8601 intervals, UTC, hex bytea, exact floats) —
 * pgoutput prints values with the walsender session's settings, so they matter there too.
 */
import pg from 'pg';
import type { PgConnectionOptions } from './replication-connection.js';
import type { PostgresCdcConfig } from './postgres-cdc-config.js';

export const SESSION_OPTIONS = '-c DateStyle=ISO -c IntervalStyle=iso_8601 -c TimeZone=UTC -c extra_float_digits=3 -c bytea_output=hex';

export function connectionOptions(cfg: PostgresCdcConfig): PgConnectionOptions {
  return {
    host: cfg['database.hostname'],
    port: cfg['database.port'],
    user: cfg['database.user'],
    password: cfg['database.password']?.value() ?? '',
    database: cfg['database.dbname'],
  };
}

/** An ordinary client (catalog queries, snapshots, signals), optionally returning every value as text. */
export function sqlClient(o: PgConnectionOptions, textMode: boolean): pg.Client {
  const client = new pg.Client({
    host: o.host,
    port: o.port,
    user: o.user,
    password: o.password,
    database: o.database,
    options: SESSION_OPTIONS,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 30_000,
    ...(textMode ? { types: { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig } : {}),
  });
  client.on('error', () => {}); // surfaced by the failing query instead
  return client;
}
