/**
 * The keys the JDBC source and sink share (connection, dialect, quoting, time zone), named and defaulted as
 * in Confluent's kafka-connect-jdbc so its configs run unchanged.
 */
import { atLeast, defineConfig, describedAs, oneOf } from '../../src/api/index.js';

/** An IANA time zone name that Intl knows (the same names PostgreSQL accepts for TimeZone). */
export const validTimeZone = describedAs('an IANA time zone, e.g. UTC or Europe/Paris', (_name, value) => {
  if (typeof value !== 'string') return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new Error(`unknown time zone '${value}'`);
  }
});

export const JDBC_CONNECTOR_VERSION = '1.0.0';

export const commonConfigSpec = {
  'connection.url': {
    type: 'string', importance: 'high', group: 'Database', orderInGroup: 1,
    doc: 'JDBC connection URL, e.g. `jdbc:postgresql://host:5432/db?user=u&password=p`, or a `postgres://` / `postgresql://` URL.',
  },
  'connection.user': {
    type: 'string', default: null, importance: 'high', group: 'Database', orderInGroup: 2,
    doc: 'Database user; overrides a user given in the URL.',
  },
  'connection.password': {
    type: 'password', default: null, importance: 'high', group: 'Database', orderInGroup: 3,
    doc: 'Database password; overrides a password given in the URL. Masked in REST responses and logs.',
  },
  'connection.attempts': {
    type: 'int', default: 3, validator: atLeast(1), importance: 'low', group: 'Database', orderInGroup: 4,
    doc: 'How many times to try to open a connection before failing.',
  },
  'connection.backoff.ms': {
    type: 'long', default: 10000, validator: atLeast(0), importance: 'low', group: 'Database', orderInGroup: 5,
    doc: 'Wait between connection attempts, in milliseconds.',
  },
  'dialect.name': {
    type: 'string', default: '', validator: oneOf('', 'PostgreSqlDatabaseDialect'), importance: 'low', group: 'Database', orderInGroup: 6,
    doc: 'The database dialect; empty = chosen from the URL. Only PostgreSQL is implemented today.',
  },
  'quote.sql.identifiers': {
    type: 'string', default: 'always', validator: oneOf('always', 'never'), importance: 'medium', group: 'Database', orderInGroup: 7,
    doc: 'Whether to quote table and column names in generated SQL. `never` is only safe with plain lower-case names.',
  },
  'db.timezone': {
    type: 'string', default: 'UTC', validator: validTimeZone, importance: 'medium', group: 'Database', orderInGroup: 8,
    doc: 'Time zone (IANA name) of `timestamp without time zone` and `time` values in the database; also the session TimeZone.',
  },
  'table.types': {
    type: 'list', default: 'TABLE', importance: 'low', group: 'Database', orderInGroup: 9,
    doc: 'Table types to read or write: TABLE, VIEW, PARTITIONED TABLE, MATERIALIZED VIEW, FOREIGN TABLE.',
  },
} as const;

export const commonConfigDef = defineConfig(commonConfigSpec);
