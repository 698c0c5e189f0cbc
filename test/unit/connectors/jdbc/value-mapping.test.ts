import { describe, expect, it } from 'vitest';
import {
  ConnectDate, ConnectTime, ConnectTimestamp, Decimal, SchemaBuilder, Schemas, sinkRecord,
} from '../../../../src/api/index.js';
import { parseArray, parseBytea, parseDate, parseInt64, parseTime, parseTimestamp } from '../../../../connectors/jdbc/dialect/pg-text-values.js';
import { arrayLiteral, jsonText, textOfSchema } from '../../../../connectors/jdbc/dialect/pg-text-writer.js';
import { wallClockToUtc } from '../../../../connectors/jdbc/dialect/zoned-time.js';
import { numericPrecisionScale } from '../../../../connectors/jdbc/dialect/pg-types.js';
import { PostgresDialect, sqlTypeOfSchema } from '../../../../connectors/jdbc/dialect/postgres-dialect.js';
import { ShapeResolver } from '../../../../connectors/jdbc/sink/record-shape.js';
import { lastPerKey } from '../../../../connectors/jdbc/sink/write-run.js';
import type { TableDefinition } from '../../../../connectors/jdbc/dialect/database-dialect.js';

describe('PostgreSQL text → Connect values', () => {
  it('timestamps keep nanos; offsets in the text win, else db.timezone applies (DST aware)', () => {
    expect(parseTimestamp('2024-01-01 00:00:00.123456+00', 'UTC')).toEqual({ epochMs: Date.UTC(2024, 0, 1) + 123, nanos: 123_456_000 });
    expect(parseTimestamp('2024-01-01 01:00:00+01:00', 'UTC').epochMs).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimestamp('2024-07-01 12:00:00', 'Europe/Paris').epochMs).toBe(Date.UTC(2024, 6, 1, 10));
    expect(parseTimestamp('2024-01-01 12:00:00', 'Europe/Paris').epochMs).toBe(Date.UTC(2024, 0, 1, 11));
    expect(() => parseTimestamp('infinity', 'UTC')).toThrow(/no Connect representation/);
    expect(parseTimestamp('2024-01-01 00:00:00.5-05:30', 'UTC')).toEqual({ epochMs: Date.UTC(2024, 0, 1, 5, 30, 0, 500), nanos: 500_000_000 });
    expect(parseTimestamp('0024-03-01 00:00:00', 'UTC').epochMs).toBe(new Date('0024-03-01T00:00:00Z').getTime());
    expect(parseTimestamp('0044-03-15 12:00:00 BC', 'UTC').epochMs).toBe(new Date('-000043-03-15T12:00:00Z').getTime());
    expect(parseTimestamp('12345-01-01 00:00:00+00', 'UTC').epochMs).toBe(new Date('+012345-01-01T00:00:00Z').getTime());
  });
  it('dates, times, int8, bytea and arrays', () => {
    expect(parseDate('2024-02-29')).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(parseTime('13:14:15.123999')).toEqual(new Date(47_655_123));
    expect(parseInt64('9007199254740993')).toBe(9007199254740993n);
    expect(parseInt64('-5')).toBe(-5);
    expect(parseBytea('\\x00ff')).toEqual(Buffer.from([0, 255]));
    expect(parseArray('{1,NULL,"a,b"}', (s) => s)).toEqual(['1', null, 'a,b']);
  });
  it('wall clock → UTC across a DST gap stays consistent', () => {
    expect(wallClockToUtc(Date.UTC(2024, 2, 10, 12), 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 16));
  });
  it('numeric typmods give precision and scale', () => {
    expect(numericPrecisionScale((10 << 16) + 2 + 4)).toEqual({ precision: 10, scale: 2 });
    expect(numericPrecisionScale(-1)).toBeNull();
  });
});

describe('Connect values → PostgreSQL text', () => {
  it('logical types, bytes and booleans', () => {
    expect(textOfSchema(ConnectTimestamp.SCHEMA, false)(new Date(Date.UTC(2024, 0, 1, 1, 2, 3, 4)))).toBe('2024-01-01T01:02:03.004Z');
    expect(textOfSchema(ConnectDate.SCHEMA, false)(new Date(Date.UTC(2024, 0, 1)))).toBe('2024-01-01');
    expect(textOfSchema(ConnectTime.SCHEMA, false)(new Date(3_723_004))).toBe('01:02:03.004');
    expect(textOfSchema(Decimal.schema(2), false)('-1.50')).toBe('-1.50');
    expect(textOfSchema(Schemas.BYTES, false)(new Uint8Array([1, 171]))).toBe('\\x01ab');
    expect(textOfSchema(Schemas.BOOLEAN, false)(false)).toBe('f');
    expect(textOfSchema(Schemas.INT64, false)(2n ** 63n - 1n)).toBe('9223372036854775807');
  });
  it('isoTimestamp writes exactly what toISOString writes', async () => {
    const { isoTimestamp } = await import('../../../../connectors/jdbc/dialect/pg-text-writer.js');
    const samples = [0, -1, 1, 86_399_999, 86_400_000, -86_400_001, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1),
      Date.UTC(1900, 1, 28, 12), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(0, 0, 1) - 1, Date.UTC(10000, 0, 1)];
    let x = 123456789;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      samples.push(Math.round((x / 2147483648 - 0.5) * 2 * 253402300799999));
    }
    for (const ms of samples) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });
  it('array literals quote and escape every element', () => {
    expect(arrayLiteral(['a', null, 'b"c\\d', '{x}'], (v) => String(v))).toBe('{"a",NULL,"b\\"c\\\\d","{x}"}');
  });
  it('JSON keeps bigints exact and writes bytes as base64', () => {
    expect(jsonText({ n: 2n ** 60n, b: new Uint8Array([255]), m: new Map([['k', 1]]), d: new Date(0), f: NaN })).toBe(
      '{"n":1152921504606846976,"b":"/w==","m":{"k":1},"d":"1970-01-01T00:00:00.000Z","f":null}',
    );
  });
});

describe('SQL generation', () => {
  const table: TableDefinition = {
    id: { schema: 'public', table: 'T' },
    columns: [],
    columnsByName: new Map([
      ['id', { name: 'id', sqlType: 'bigint', typeOid: 20, nullable: false, autoIncrement: false, hasDefault: false }],
      ['at', { name: 'at', sqlType: 'timestamp without time zone', typeOid: 1114, nullable: true, autoIncrement: false, hasDefault: false }],
      ['doc', { name: 'doc', sqlType: 'jsonb', typeOid: 3802, nullable: true, autoIncrement: false, hasDefault: false }],
    ]),
    primaryKey: ['id'],
  };
  const d = new PostgresDialect();
  it('upsert: one UNNEST of text arrays, cast per column, timestamp via timestamptz', () => {
    expect(d.writeStatementSql({ kind: 'upsert', table, keyColumns: ['id'], valueColumns: ['at', 'doc'] })).toBe(
      'INSERT INTO "public"."T" ("id", "at", "doc") SELECT u.c1::bigint, u.c2::timestamptz, u.c3::jsonb FROM UNNEST($1::text[], $2::text[], $3::text[]) AS u(c1, c2, c3)'
      + ' ON CONFLICT ("id") DO UPDATE SET "at" = EXCLUDED."at", "doc" = EXCLUDED."doc"',
    );
    expect(d.writeStatementSql({ kind: 'upsert', table, keyColumns: ['id'], valueColumns: [] })).toMatch(/ON CONFLICT \("id"\) DO NOTHING$/);
  });
  it('update and delete join the unnested keys', () => {
    expect(d.writeStatementSql({ kind: 'update', table, keyColumns: ['id'], valueColumns: ['doc'] })).toBe(
      'UPDATE "public"."T" AS t SET "doc" = u.c2::jsonb FROM UNNEST($1::text[], $2::text[]) AS u(c1, c2) WHERE t."id" = u.c1::bigint',
    );
    expect(d.writeStatementSql({ kind: 'delete', table, keyColumns: ['id'], valueColumns: [] })).toBe(
      'DELETE FROM "public"."T" AS t USING UNNEST($1::text[]) AS u(c1) WHERE t."id" = u.c1::bigint',
    );
  });
  it('CREATE TABLE maps Connect types as Confluent does and quotes every name', () => {
    const sql = d.createTableSql({ schema: null, table: 'a"b' }, [
      { name: 'id', schema: Schemas.INT8, json: false },
      { name: 'tags', schema: SchemaBuilder.array(Schemas.STRING).optional().build(), json: false },
      { name: 'n', schema: SchemaBuilder.int32().optional().defaultValue(7).build(), json: false },
      { name: 'nested', schema: SchemaBuilder.struct().field('x', Schemas.INT32).build(), json: true },
    ], ['id']);
    expect(sql).toBe('CREATE TABLE "a""b" (\n  "id" SMALLINT NOT NULL,\n  "tags" TEXT[],\n  "n" INTEGER DEFAULT 7,\n  "nested" JSONB,\n  PRIMARY KEY("id")\n)');
    expect(sqlTypeOfSchema(Decimal.schema(3))).toBe('NUMERIC');
    expect(new PostgresDialect({ quoteIdentifiers: false }).tableSql({ schema: 's', table: 't' })).toBe('s.t');
  });
});

describe('record shapes (pk.mode / fields)', () => {
  const Value = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.STRING).field('addr', SchemaBuilder.struct().field('city', Schemas.STRING).build()).build();
  const r = (key: unknown, keySchema: typeof Value | null) => sinkRecord({ topic: 't', kafkaPartition: 2, kafkaOffset: 9, keySchema, key, valueSchema: Value, value: { id: 1, name: 'n', addr: { city: 'c' } } });
  const names = (s: ReturnType<ShapeResolver['shapeOf']>) => [s.keyColumns.map((c) => c.name), s.valueColumns.map((c) => c.name)];
  it('kafka pk uses the three coordinates', () => {
    const s = new ShapeResolver({ pkMode: 'kafka', pkFields: [], fieldsWhitelist: [], nestedMode: 'jsonb' }).shapeOf(r(null, null));
    expect(names(s)).toEqual([['__connect_topic', '__connect_partition', '__connect_offset'], ['id', 'name', 'addr']]);
    expect(s.keyColumns.map((c) => c.get(r(null, null)))).toEqual(['t', 2, 9]);
    expect(s.valueColumns[2]!.json).toBe(true);
  });
  it('record_key with a primitive key needs exactly one pk.fields name', () => {
    const resolver = new ShapeResolver({ pkMode: 'record_key', pkFields: [], fieldsWhitelist: [], nestedMode: 'jsonb' });
    expect(() => resolver.shapeOf(r(5, Schemas.INT32 as never))).toThrow(/pk\.fields must name exactly one column/);
    const ok = new ShapeResolver({ pkMode: 'record_key', pkFields: ['k'], fieldsWhitelist: ['name'], nestedMode: 'jsonb' }).shapeOf(r(5, Schemas.INT32 as never));
    expect(names(ok)).toEqual([['k'], ['name']]);
  });
  it('record_value with flatten: pk from value fields, nested struct as parent_child', () => {
    const s = new ShapeResolver({ pkMode: 'record_value', pkFields: ['id'], fieldsWhitelist: [], nestedMode: 'flatten' }).shapeOf(r(null, null));
    expect(names(s)).toEqual([['id'], ['name', 'addr_city']]);
    expect(s.valueColumns[1]!.get(r(null, null))).toBe('c');
  });
  it('lastPerKey keeps the last row of each key, in order', () => {
    const chunk = { records: [1, 2, 3, 4].map((i) => sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i })), columns: [['a', 'b', 'a', null], ['1', '2', '3', '4']] };
    const out = lastPerKey(chunk, 1);
    expect(out.columns).toEqual([['b', 'a', null], ['2', '3', '4']]);
    expect(out.records.map((x) => x.kafkaOffset)).toEqual([2, 3, 4]);
  });
});

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return; null is \\N; slices by row range', async () => {
    const { copyPayload, copyText } = await import('../../../../connectors/jdbc/dialect/pg-copy-from.js');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyPayload([['1', '2', '3'], ['x', null, 'z']], 3, 1).toString()).toBe('2\t\\N\n3\tz\n');
  });
});
