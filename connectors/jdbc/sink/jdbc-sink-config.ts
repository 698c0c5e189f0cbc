/**
 * JdbcSinkConnector keys: Confluent's names, types and defaults, plus `nested.mode` (Tributary extra: nested
 * structs, maps and arrays go to jsonb or flattened columns instead of being rejected).
 */
import { atLeast, defineConfig, oneOf, type ConfigOf } from '../../../src/api/index.js';
import { commonConfigSpec } from '../jdbc-common-config.js';

export const jdbcSinkConfigDef = defineConfig({
  ...commonConfigSpec,
  'insert.mode': {
    type: 'string', default: 'insert', validator: oneOf('insert', 'upsert', 'update'), importance: 'high', group: 'Writes', orderInGroup: 1,
    doc: '`insert`: plain INSERT. `upsert`: INSERT … ON CONFLICT (pk) DO UPDATE — idempotent under redelivery. `update`: UPDATE by pk only.',
  },
  'batch.size': {
    type: 'int', default: 3000, validator: atLeast(1), importance: 'medium', group: 'Writes', orderInGroup: 2,
    doc: 'Most rows per UPDATE/upsert/DELETE statement (plain inserts stream one COPY per table and put(), split by this only when a rejected batch is redone); each put() commits in one transaction.',
  },
  'delete.enabled': {
    type: 'boolean', default: false, importance: 'medium', group: 'Writes', orderInGroup: 3,
    doc: 'Write a tombstone (null value) as DELETE by key. Requires `pk.mode=record_key`. When false a tombstone is an error for that record.',
  },
  'table.name.format': {
    type: 'string', default: '${topic}', importance: 'medium', group: 'Data Mapping', orderInGroup: 1,
    doc: 'Destination table; `${topic}` is replaced by the record\'s topic. A dotted name is `schema.table` (or `db.schema.table`).',
  },
  'pk.mode': {
    type: 'string', default: 'none', validator: oneOf('none', 'kafka', 'record_key', 'record_value'), importance: 'high', group: 'Data Mapping', orderInGroup: 2,
    doc: '`none`; `kafka` (topic, partition, offset columns); `record_key` (key fields, or the primitive key as one column); `record_value` (value fields).',
  },
  'pk.fields': {
    type: 'list', default: '', importance: 'medium', group: 'Data Mapping', orderInGroup: 3,
    doc: 'Primary-key columns; meaning depends on `pk.mode` (kafka: three names for topic/partition/offset, default '
      + '`__connect_topic,__connect_partition,__connect_offset`; record_key: the primitive key\'s column name, or a subset of key fields; '
      + 'record_value: a subset of value fields; empty = all fields).',
  },
  'fields.whitelist': {
    type: 'list', default: '', importance: 'medium', group: 'Data Mapping', orderInGroup: 4,
    doc: 'Value fields to write besides the key columns; empty = all.',
  },
  'nested.mode': {
    type: 'string', default: 'jsonb', validator: oneOf('jsonb', 'flatten'), importance: 'medium', group: 'Data Mapping', orderInGroup: 5,
    doc: 'Tributary extra. Nested structs, maps and arrays of non-primitives: `jsonb` writes each as one jsonb column; '
      + '`flatten` writes struct fields as `parent_child` columns (maps and complex arrays still jsonb).',
  },
  'auto.create': {
    type: 'boolean', default: false, importance: 'medium', group: 'DDL Support', orderInGroup: 1,
    doc: 'CREATE TABLE from the record schema when the table is missing, with the primary key from `pk.mode`.',
  },
  'auto.evolve': {
    type: 'boolean', default: false, importance: 'medium', group: 'DDL Support', orderInGroup: 2,
    doc: 'ALTER TABLE ADD COLUMN (nullable) for record fields the table lacks. Never drops or retypes columns.',
  },
  'max.retries': {
    type: 'int', default: 10, validator: atLeast(0), importance: 'medium', group: 'Retries', orderInGroup: 1,
    doc: 'How many times a batch is retried after a transient database error before the task fails.',
  },
  'retry.backoff.ms': {
    type: 'int', default: 3000, validator: atLeast(0), importance: 'medium', group: 'Retries', orderInGroup: 2,
    doc: 'Wait before a retry, in milliseconds.',
  },
});
export type JdbcSinkConfig = ConfigOf<typeof jdbcSinkConfigDef>;
