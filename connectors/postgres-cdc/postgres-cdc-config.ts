/**
 * The connector's keys, with Debezium's PostgreSQL connector names and defaults (so existing Debezium
 * configs work unchanged). Differences are on purpose and say so in their doc: only `pgoutput` is
 * supported, and heartbeats are on by default (an idle database must not pin WAL).
 */
import {
  atLeast,
  ConfigError,
  defineConfig,
  describedAs,
  nonEmptyString,
  oneOf,
  type ConfigOf,
  type RawConfig,
} from '../../src/api/index.js';
import { ColumnMappers } from './column-mappers.js';

/** The Debezium release whose event format (envelope, source block, offsets) this connector writes. */
export const DEBEZIUM_COMPAT_VERSION = '3.1.0.Final';
export const POSTGRES_CDC_VERSION = '1.0.0';

const topicPrefix = describedAs('letters, digits, ".", "_" and "-"', (name, value) => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]+$/.test(value)) {
    throw new Error(`Invalid value ${String(value)} for configuration ${name}: only letters, digits, '.', '_' and '-' are allowed`);
  }
});

const slotName = describedAs('lowercase letters, digits and "_"', (name, value) => {
  if (typeof value !== 'string' || !/^[a-z0-9_]{1,63}$/.test(value)) {
    throw new Error(`Invalid value ${String(value)} for configuration ${name}: a slot name has 1-63 lowercase letters, digits or underscores`);
  }
});

/** Debezium's signal channel names; only `source` (the signal table) is read by Tributary. */
export const SIGNAL_CHANNELS = ['source', 'kafka', 'file', 'jmx', 'in-process'] as const;
const signalChannels = describedAs('comma list of source, kafka, file, jmx, in-process', (name, value) => {
  for (const c of (value as string[] | null) ?? []) {
    if (!(SIGNAL_CHANNELS as readonly string[]).includes(c)) {
      throw new Error(`Invalid value ${c} for configuration ${name}: signal channels are ${SIGNAL_CHANNELS.join(', ')}`);
    }
  }
});

const skippedOps = describedAs('comma list of c, u, d, t, or none', (name, value) => {
  for (const op of (value as string[] | null) ?? []) {
    if (!['c', 'u', 'd', 't', 'none'].includes(op)) {
      throw new Error(`Invalid value ${op} for configuration ${name}: operations are c, u, d, t, or none`);
    }
  }
});

export const postgresCdcConfigDef = defineConfig({
  'topic.prefix': {
    type: 'string', validator: topicPrefix, importance: 'high', group: 'Connection',
    doc: 'Logical name of the database server: the prefix of every topic (<topic.prefix>.<schema>.<table>), source.name, and the source partition of the offsets. Changing it starts over with new topics and offsets.',
  },
  'database.hostname': { type: 'string', validator: nonEmptyString, importance: 'high', group: 'Connection', doc: 'PostgreSQL host.' },
  'database.port': { type: 'int', default: 5432, validator: atLeast(1), importance: 'high', group: 'Connection', doc: 'PostgreSQL port.' },
  'database.user': { type: 'string', validator: nonEmptyString, importance: 'high', group: 'Connection', doc: 'User with the REPLICATION and LOGIN attributes (and CREATE on the database when the publication is auto-created).' },
  'database.password': { type: 'password', default: null, importance: 'high', group: 'Connection', doc: 'Password of database.user.' },
  'database.dbname': { type: 'string', validator: nonEmptyString, importance: 'high', group: 'Connection', doc: 'The database to capture (slots are per database).' },
  'plugin.name': {
    type: 'string', default: 'pgoutput', validator: oneOf('pgoutput'), importance: 'medium', group: 'Replication',
    doc: 'Logical decoding plugin. Only the built-in pgoutput is supported (Debezium\'s default decoderbufs needs a server extension).',
  },
  'slot.name': { type: 'string', default: 'debezium', validator: slotName, importance: 'medium', group: 'Replication', doc: 'Replication slot to create or reuse; one per connector.' },
  'slot.drop.on.stop': { type: 'boolean', default: false, importance: 'low', group: 'Replication', doc: 'Drop the slot on a graceful stop (development only: changes made while stopped are lost).' },
  'publication.name': { type: 'string', default: 'dbz_publication', validator: nonEmptyString, importance: 'low', group: 'Replication', doc: 'The pgoutput publication.' },
  'publication.autocreate.mode': {
    type: 'string', default: 'all_tables', validator: oneOf('all_tables', 'filtered', 'disabled', 'no_tables'), importance: 'low', group: 'Replication',
    doc: 'all_tables: CREATE PUBLICATION ... FOR ALL TABLES if missing (needs superuser); filtered: create/alter it FOR TABLE the captured tables on each start; disabled: the publication must exist; no_tables: an empty publication.',
  },
  'slot.max.retries': { type: 'int', default: 6, validator: atLeast(0), importance: 'low', group: 'Replication', doc: 'How many times to wait for a slot that another connection still holds (e.g. the walsender of a crashed worker) before failing.' },
  'slot.retry.delay.ms': { type: 'long', default: 10_000, validator: atLeast(0), importance: 'low', group: 'Replication', doc: 'Wait between checks of a busy slot.' },
  'status.update.interval.ms': { type: 'int', default: 10_000, validator: atLeast(1), importance: 'low', group: 'Replication', doc: 'How often a standby status update (the acknowledged LSN) is sent to the server.' },
  'lsn.flush.mode': {
    type: 'string', default: 'connector', validator: oneOf('connector', 'manual'), importance: 'low', group: 'Replication',
    doc: 'connector: acknowledge the slot up to the last committed offset; manual: never acknowledge (an external process advances the slot).',
  },
  'schema.include.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) of schemas to capture; exclusive with schema.exclude.list.' },
  'schema.exclude.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) of schemas not to capture.' },
  'table.include.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) over schema.table of tables to capture; exclusive with table.exclude.list.' },
  'table.exclude.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) over schema.table of tables not to capture.' },
  'column.include.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) over schema.table.column of columns to keep in values; key columns always stay in the key.' },
  'column.exclude.list': { type: 'list', default: null, importance: 'medium', group: 'Filters', doc: 'Regexes (anchored) over schema.table.column of columns to drop from values.' },
  'snapshot.mode': {
    type: 'string', default: 'initial', validator: oneOf('initial', 'always', 'no_data', 'never', 'initial_only', 'when_needed'), importance: 'medium', group: 'Snapshot',
    doc: 'initial: snapshot when there is no offset; always: on every start; no_data (alias never): never; initial_only: snapshot then stop streaming; when_needed: when there is no offset or the slot is gone.',
  },
  'snapshot.fetch.size': { type: 'int', default: 10_240, validator: atLeast(1), importance: 'low', group: 'Snapshot', doc: 'Rows fetched per round trip while snapshotting.' },
  'tombstones.on.delete': { type: 'boolean', default: true, importance: 'medium', group: 'Events', doc: 'Follow each delete event with a tombstone (same key, null value) so compacted topics drop the row.' },
  'decimal.handling.mode': {
    type: 'string', default: 'precise', validator: oneOf('precise', 'double', 'string'), importance: 'medium', group: 'Events',
    doc: 'NUMERIC/DECIMAL/MONEY as Connect Decimal (precise; unconstrained NUMERIC as io.debezium.data.VariableScaleDecimal), FLOAT64 (double) or STRING (string).',
  },
  'time.precision.mode': {
    type: 'string', default: 'adaptive', validator: oneOf('adaptive', 'adaptive_time_microseconds', 'connect'), importance: 'medium', group: 'Events',
    doc: 'adaptive: io.debezium.time.* types at the column\'s precision; adaptive_time_microseconds: TIME always MicroTime; connect: Kafka Connect Date/Time/Timestamp (milliseconds).',
  },
  'interval.handling.mode': {
    type: 'string', default: 'numeric', validator: oneOf('numeric', 'string'), importance: 'low', group: 'Events',
    doc: 'INTERVAL as io.debezium.time.MicroDuration (numeric, µs) or io.debezium.time.Interval ISO-8601 string.',
  },
  'binary.handling.mode': {
    type: 'string', default: 'bytes', validator: oneOf('bytes', 'base64', 'base64-url-safe', 'hex'), importance: 'low', group: 'Events',
    doc: 'BYTEA as bytes, or as a base64 / base64-url-safe / hex string.',
  },
  'unavailable.value.placeholder': {
    type: 'string', default: '__debezium_unavailable_value', importance: 'low', group: 'Events',
    doc: 'Stands in for TOASTed values an update did not change (PostgreSQL does not send them unless REPLICA IDENTITY FULL).',
  },
  'skipped.operations': {
    type: 'list', default: 't', validator: skippedOps, importance: 'low', group: 'Events',
    doc: 'Operations not to emit: c (insert), u (update), d (delete), t (truncate), or none. Truncates are skipped by default, as in Debezium.',
  },
  'provide.transaction.metadata': { type: 'boolean', default: false, importance: 'low', group: 'Events', doc: 'Emit BEGIN/END events to <topic.prefix>.<topic.transaction> and fill each event\'s transaction block.' },
  'topic.transaction': { type: 'string', default: 'transaction', importance: 'low', group: 'Events', doc: 'Suffix of the transaction metadata topic.' },
  'heartbeat.interval.ms': {
    type: 'int', default: 60_000, validator: atLeast(0), importance: 'medium', group: 'Heartbeat',
    doc: 'Emit a heartbeat record this often (0 = off), so offsets and the slot advance on idle or filtered databases. Tributary differs from Debezium (default 0): heartbeats are on by default.',
  },
  'topic.heartbeat.prefix': { type: 'string', default: '__debezium-heartbeat', importance: 'low', group: 'Heartbeat', doc: 'Heartbeat topic prefix; the topic is <prefix>.<topic.prefix>.' },
  'heartbeat.action.query': { type: 'string', default: null, importance: 'low', group: 'Heartbeat', doc: 'SQL run on each heartbeat (e.g. an upsert into a captured heartbeat table).' },
  'max.batch.size': { type: 'int', default: 2048, validator: atLeast(1), importance: 'low', group: 'Queue', doc: 'Most events one poll returns.' },
  'max.queue.size': { type: 'int', default: 8192, validator: atLeast(1), importance: 'low', group: 'Queue', doc: 'Events buffered between the replication stream and poll; when full, reading from the server pauses. Must exceed max.batch.size.' },
  'poll.interval.ms': { type: 'long', default: 500, validator: atLeast(0), importance: 'low', group: 'Queue', doc: 'How long poll waits for events when there are none.' },
  'message.prefix.include.list': {
    type: 'list', default: null, importance: 'low', group: 'Events',
    doc: 'Regexes (anchored) of logical decoding message prefixes (pg_logical_emit_message, PostgreSQL 14+) to emit to <topic.prefix>.message; exclusive with message.prefix.exclude.list. By default every message is emitted.',
  },
  'message.prefix.exclude.list': {
    type: 'list', default: null, importance: 'low', group: 'Events',
    doc: 'Regexes (anchored) of logical decoding message prefixes not to emit.',
  },
  'signal.data.collection': { type: 'string', default: null, importance: 'low', group: 'Signals', doc: 'schema.table of the signal table (columns id, type, data) used for execute-snapshot signals and snapshot watermarks.' },
  'signal.enabled.channels': {
    type: 'list', default: 'source', validator: signalChannels, importance: 'low', group: 'Signals',
    doc: 'Where signals are read from. source: execute-snapshot/stop-snapshot rows in signal.data.collection (without it, that table only carries snapshot watermarks). Tributary reads only the source channel; kafka, file, jmx and in-process are accepted for Debezium configs but not read (the task logs a warning).',
  },
  'incremental.snapshot.chunk.size': { type: 'int', default: 1024, validator: atLeast(1), importance: 'low', group: 'Signals', doc: 'Rows read per incremental snapshot chunk.' },
});

export type PostgresCdcConfig = ConfigOf<typeof postgresCdcConfigDef>;

/** Parses and applies the cross-key rules a single key's validator cannot see. */
export function parsePostgresCdcConfig(raw: RawConfig): PostgresCdcConfig {
  const cfg = postgresCdcConfigDef.parse(raw);
  const errors: Record<string, string[]> = {};
  const both = (a: keyof PostgresCdcConfig, b: keyof PostgresCdcConfig) => {
    if (cfg[a] !== null && cfg[b] !== null) errors[a] = [`${a} and ${b} cannot both be set; use one of them`];
  };
  both('schema.include.list', 'schema.exclude.list');
  both('table.include.list', 'table.exclude.list');
  both('column.include.list', 'column.exclude.list');
  both('message.prefix.include.list', 'message.prefix.exclude.list');
  if (cfg['max.queue.size'] <= cfg['max.batch.size']) {
    errors['max.queue.size'] = [`max.queue.size (${cfg['max.queue.size']}) must be larger than max.batch.size (${cfg['max.batch.size']})`];
  }
  Object.assign(errors, ColumnMappers.errors(raw));
  const messages = Object.values(errors).flat();
  if (messages.length > 0) throw new ConfigError(`Configuration is invalid:\n${messages.join('\n')}`, errors);
  return cfg;
}
