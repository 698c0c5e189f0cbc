/**
 * JdbcSourceConnector keys: Confluent's names, types and defaults (see docs/connectors/jdbc.md for where
 * Tributary differs on purpose).
 */
import { atLeast, defineConfig, listOf, oneOf, validRegex, type ConfigOf } from '../../../src/api/index.js';
import { commonConfigSpec } from '../jdbc-common-config.js';

export const MODES = ['bulk', 'incrementing', 'timestamp', 'timestamp+incrementing'] as const;
export type SourceMode = (typeof MODES)[number];

export const jdbcSourceConfigDef = defineConfig({
  ...commonConfigSpec,
  mode: {
    type: 'string', validator: oneOf(...MODES), importance: 'high', group: 'Mode', orderInGroup: 1,
    doc: 'How to detect new rows: `bulk` (whole table each poll), `incrementing` (a strictly increasing column), '
      + '`timestamp` (a last-modified column), `timestamp+incrementing` (both; exact under equal timestamps).',
  },
  'incrementing.column.name': {
    type: 'string', default: '', importance: 'medium', group: 'Mode', orderInGroup: 2,
    doc: 'The strictly increasing, NOT NULL column for incrementing modes. Empty = the table\'s serial/identity column.',
  },
  'timestamp.column.name': {
    type: 'list', default: '', importance: 'medium', group: 'Mode', orderInGroup: 3,
    doc: 'Timestamp column(s) for timestamp modes; with several, the row\'s timestamp is COALESCE(col1, col2, …).',
  },
  'timestamp.initial': {
    type: 'long', default: null, importance: 'low', group: 'Mode', orderInGroup: 4,
    doc: 'Epoch millis to start timestamp modes from when there is no offset; -1 = now; unset = from the beginning.',
  },
  'timestamp.delay.interval.ms': {
    type: 'long', default: 0, validator: atLeast(0), importance: 'high', group: 'Mode', orderInGroup: 5,
    doc: 'Only read rows whose timestamp is older than the database\'s now minus this delay, so transactions in flight can commit first.',
  },
  'validate.non.null': {
    type: 'boolean', default: true, importance: 'low', group: 'Mode', orderInGroup: 6,
    doc: 'Fail at start when an incrementing or timestamp column is nullable.',
  },
  query: {
    type: 'string', default: '', importance: 'medium', group: 'Mode', orderInGroup: 7,
    doc: 'A custom SELECT instead of whole tables. It runs as a subquery, so it may have its own WHERE clause; '
      + 'the topic is `topic.prefix` exactly.',
  },
  'query.suffix': {
    type: 'string', default: '', importance: 'low', group: 'Mode', orderInGroup: 8,
    doc: 'Text appended to the generated SQL (e.g. `FOR SHARE SKIP LOCKED`).',
  },
  'table.whitelist': {
    type: 'list', default: '', importance: 'medium', group: 'Database', orderInGroup: 20,
    doc: 'Tables to read (`table` or `schema.table`); empty = all. Legacy name of an exact include list.',
  },
  'table.blacklist': {
    type: 'list', default: '', importance: 'medium', group: 'Database', orderInGroup: 21,
    doc: 'Tables not to read (`table` or `schema.table`). Cannot be combined with `table.whitelist`.',
  },
  'table.include.list': {
    type: 'list', default: '', validator: listOf(validRegex), importance: 'medium', group: 'Database', orderInGroup: 22,
    doc: 'Regular expressions matched against `schema.table`; only matching tables are read.',
  },
  'table.exclude.list': {
    type: 'list', default: '', validator: listOf(validRegex), importance: 'medium', group: 'Database', orderInGroup: 23,
    doc: 'Regular expressions matched against `schema.table`; matching tables are skipped.',
  },
  'schema.pattern': {
    type: 'string', default: null, importance: 'medium', group: 'Database', orderInGroup: 24,
    doc: 'Only tables in schemas matching this SQL LIKE pattern; unset = every schema except pg_catalog and information_schema.',
  },
  'catalog.pattern': {
    type: 'string', default: null, importance: 'low', group: 'Database', orderInGroup: 25,
    doc: 'Accepted for compatibility; a PostgreSQL connection sees one catalog (its database).',
  },
  'numeric.mapping': {
    type: 'string', default: null, validator: oneOf('none', 'best_fit', 'best_fit_eager_double', 'precision_only'),
    importance: 'low', group: 'Mode', orderInGroup: 9,
    doc: '`none`: NUMERIC → Decimal. `best_fit`: integers of precision ≤ 18 → INT8..INT64, scale > 0 and precision ≤ 15 → FLOAT64. '
      + '`best_fit_eager_double`: every scale > 0 → FLOAT64. `precision_only`: only integer NUMERICs narrowed.',
  },
  'topic.prefix': {
    type: 'string', importance: 'high', group: 'Connector', orderInGroup: 1,
    doc: 'Topic = prefix + table name; with `query`, the topic is the prefix itself.',
  },
  'poll.interval.ms': {
    type: 'int', default: 5000, validator: atLeast(0), importance: 'high', group: 'Connector', orderInGroup: 2,
    doc: 'How often each table is queried for new rows, in milliseconds.',
  },
  'batch.max.rows': {
    type: 'int', default: 100, validator: atLeast(1), importance: 'low', group: 'Connector', orderInGroup: 3,
    doc: 'Rows fetched per poll per table (a server-side cursor keeps the rest for the next poll).',
  },
  'table.poll.interval.ms': {
    type: 'long', default: 60000, validator: atLeast(0), importance: 'low', group: 'Connector', orderInGroup: 4,
    doc: 'How often to look for new or dropped tables; a change reconfigures the tasks. 0 = never.',
  },
  'topic.key.from.primary.key': {
    type: 'boolean', default: true, importance: 'low', group: 'Connector', orderInGroup: 5,
    doc: 'Tributary extra: in table mode, the record key is a struct of the primary-key columns (Confluent leaves keys null).',
  },
});
export type JdbcSourceConfig = ConfigOf<typeof jdbcSourceConfigDef>;

/** The task-config key listing the tables a task reads (a JSON array of `schema.table` names). */
export const TASK_TABLES_KEY = 'tables';
