/**
 * Every type of the mapping table, source → Kafka's bytes (JsonConverter with schemas, as a worker would
 * serialise them) → sink, into a table the sink creates itself; then the two tables must hold equal rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sinkRecord, type SinkRecord, type SourceRecord } from '../../../../src/api/index.js';
import { JsonConverter } from '../../../../converters/json-converter.js';
import type { JdbcSourceTask } from '../../../../connectors/jdbc/source/jdbc-source-task.js';
import { withPostgres } from '../../../support/postgres.js';
import { pollRecords, startSinkTask, startSourceTask, type SinkHarness } from './task-harness.js';

const pg = withPostgres();
const cleanup: (JdbcSourceTask | SinkHarness['task'])[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!.stop();
});

/** Through Kafka's bytes: JSON with schemas, key and value. */
function throughKafka(records: readonly SourceRecord[]): SinkRecord[] {
  const keyConv = new JsonConverter();
  keyConv.configure({ 'schemas.enable': 'true' }, true);
  const valueConv = new JsonConverter();
  valueConv.configure({ 'schemas.enable': 'true' }, false);
  return records.map((r, i) => {
    const keyBytes = keyConv.fromConnectData(r.topic, undefined, r.keySchema, r.key);
    const valueBytes = valueConv.fromConnectData(r.topic, undefined, r.valueSchema, r.value);
    const key = keyConv.toConnectData(r.topic, undefined, keyBytes);
    const value = valueConv.toConnectData(r.topic, undefined, valueBytes);
    return sinkRecord({ topic: 'copy_of_types', kafkaPartition: 0, kafkaOffset: i, keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value });
  });
}

const COLUMNS = `
  id bigint PRIMARY KEY,
  c_int2 smallint, c_int4 integer NOT NULL, c_int8 bigint, c_float4 real, c_float8 double precision,
  c_numeric numeric(20,4), c_bool boolean, c_text text, c_varchar varchar(20), c_bytea bytea,
  c_date date, c_time time, c_ts timestamp, c_tstz timestamptz, c_uuid uuid, c_json json, c_jsonb jsonb,
  c_int_arr integer[], c_text_arr text[]`;

describe('JDBC round trip: source → JSON bytes → sink', () => {
  it('keeps every mapped type', async () => {
    await pg().query(`CREATE TABLE types_t (${COLUMNS})`);
    await pg().query(`INSERT INTO types_t VALUES
      (1, -32768, 2147483647, 9007199254740993, 1.5, 2.718281828459045, 1234567890123456.7891, true, 'héllo ''q'' "dq"', 'vc', '\\x00ff10',
       '2024-02-29', '13:14:15.123', '2024-05-06 07:08:09.123', '2024-05-06T07:08:09.456Z', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '{"a": 1}', '{"b": [true, null]}', '{1,NULL,3}', '{"x,y","NULL",NULL}'),
      (2, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    const source = await startSourceTask({ 'connection.url': pg().jdbcUrl, mode: 'bulk', 'table.whitelist': 'types_t', 'topic.prefix': '', 'poll.interval.ms': '60000' });
    cleanup.push(source);
    const records = await pollRecords(source, 2);
    const sink = await startSinkTask({
      'connection.url': pg().url, 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key',
    }, { dlq: false });
    cleanup.push(sink.task);
    await sink.put(throughKafka(records));
    // Compare values, not representations: the copy holds uuid/json as text and timestamptz as timestamp (UTC).
    const select = `SELECT id, c_int2, c_int4, c_int8, c_float4, c_float8, c_numeric::text, c_bool, c_text, c_varchar, encode(c_bytea, 'hex') AS c_bytea,
      c_date::text, c_time::text, c_ts::text, extract(epoch FROM c_tstz)::text AS c_tstz, c_uuid::text, c_json::jsonb AS c_json,
      c_jsonb::jsonb AS c_jsonb, c_int_arr, c_text_arr`;
    const original = (await pg().query(`${select} FROM types_t ORDER BY id`)).rows;
    const copy = (await pg().query(`${select} FROM copy_of_types ORDER BY id`)).rows;
    expect(copy).toEqual(original);
    expect(original[0]!['c_int8']).toBe('9007199254740993'); // beyond 2^53 survived as exact
    // The sink created columns with the mapped types.
    const types = (await pg().query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'copy_of_types' ORDER BY ordinal_position`)).rows;
    expect(Object.fromEntries(types.map((t) => [t['column_name'], t['data_type']]))).toEqual({
      id: 'bigint', c_int2: 'smallint', c_int4: 'integer', c_int8: 'bigint', c_float4: 'real', c_float8: 'double precision',
      c_numeric: 'numeric', c_bool: 'boolean', c_text: 'text', c_varchar: 'text', c_bytea: 'bytea', c_date: 'date',
      c_time: 'time without time zone', c_ts: 'timestamp without time zone', c_tstz: 'timestamp without time zone',
      c_uuid: 'text', c_json: 'text', c_jsonb: 'text', c_int_arr: 'ARRAY', c_text_arr: 'ARRAY',
    });
  });
});
