import { describe, expect, it } from 'vitest';
import { parseConnectionUrl, redactUrl } from '../../../../connectors/jdbc/connection-url.js';
import { buildQuery, type CriteriaSpec } from '../../../../connectors/jdbc/source/query-criteria.js';
import {
  instantLiteral, offsetFromPosition, positionFromOffset, START_POSITION,
} from '../../../../connectors/jdbc/source/source-offset.js';
import { filterTables, groupContiguous, tableFilterProblems } from '../../../../connectors/jdbc/source/table-filter.js';
import { parseTableId } from '../../../../connectors/jdbc/table-id.js';
import { jdbcSourceConfigDef } from '../../../../connectors/jdbc/source/jdbc-source-config.js';
import { jdbcSinkConfigDef } from '../../../../connectors/jdbc/sink/jdbc-sink-config.js';
import { quoteIdent } from '../../../../connectors/jdbc/dialect/postgres-dialect.js';

describe('connection.url', () => {
  it('accepts the JDBC form with user/password query parameters', () => {
    expect(parseConnectionUrl('jdbc:postgresql://db.example:6543/shop?user=u&password=p%26w&sslmode=require', null, null)).toEqual({
      host: 'db.example', port: 6543, database: 'shop', user: 'u', password: 'p&w', ssl: { rejectUnauthorized: false },
    });
  });
  it('accepts postgres:// URLs; connection.user/password override the URL', () => {
    expect(parseConnectionUrl('postgres://a:b@localhost/x', 'admin', 'secret')).toMatchObject({ host: 'localhost', port: 5432, database: 'x', user: 'admin', password: 'secret' });
  });
  it('rejects other databases with a ConfigError on connection.url', () => {
    expect(() => parseConnectionUrl('jdbc:mysql://h/db', null, null)).toThrow(/must start with jdbc:postgresql:\/\//);
  });
  it('redacts passwords for messages', () => {
    expect(redactUrl('jdbc:postgresql://h/db?user=u&password=hunter2')).toBe('jdbc:postgresql://h/db?user=u&password=***');
    expect(redactUrl('postgres://u:hunter2@h/db')).toBe('postgres://u:***@h/db');
  });
});

describe('query criteria', () => {
  const spec = (mode: CriteriaSpec['mode'], extra: Partial<CriteriaSpec> = {}): CriteriaSpec => ({
    mode, from: '"public"."t"', quote: quoteIdent, incrementingColumn: 'id', timestampColumns: ['ts'], delayMs: 0, suffix: '', ...extra,
  });
  it('incrementing: WHERE inc > ? ORDER BY inc, starting below any id', () => {
    expect(buildQuery(spec('incrementing'), START_POSITION)).toEqual({
      text: 'SELECT * FROM "public"."t" WHERE "id" > $1 ORDER BY "id" ASC', values: ['-1'],
    });
  });
  it('timestamp: COALESCE of several columns, bounded by now − delay, from -infinity without an offset', () => {
    const q = buildQuery(spec('timestamp', { timestampColumns: ['modified', 'created'], delayMs: 500 }), START_POSITION);
    expect(q.text).toBe(`SELECT * FROM "public"."t" WHERE COALESCE("modified", "created") > $2::timestamptz AND COALESCE("modified", "created") < `
      + `(CURRENT_TIMESTAMP - $1::bigint * INTERVAL '1 millisecond') ORDER BY COALESCE("modified", "created") ASC`);
    expect(q.values).toEqual([500, '-infinity']);
  });
  it('timestamp+incrementing: ties broken by the incrementing column; suffix appended', () => {
    const q = buildQuery(spec('timestamp+incrementing', { suffix: 'LIMIT 10' }), { incrementing: 7, timestamp: { epochMs: 1_700_000_000_123, nanos: 123_456_000 } });
    expect(q.text).toContain('(("ts" = $2::timestamptz AND "id" > $3) OR "ts" > $2::timestamptz) ORDER BY "ts", "id" ASC LIMIT 10');
    expect(q.values).toEqual([0, '2023-11-14T22:13:20.123456Z', '7']);
  });
  it('bulk: the plain SELECT', () => {
    expect(buildQuery(spec('bulk'), START_POSITION).text).toBe('SELECT * FROM "public"."t"');
  });
});

describe('source offsets (Confluent shapes)', () => {
  it('round-trips incrementing and timestamp offsets, keeping nanos', () => {
    const p = positionFromOffset({ timestamp: 1_700_000_000_123, timestamp_nanos: 123_456_000, incrementing: 42 });
    expect(p).toEqual({ incrementing: 42, timestamp: { epochMs: 1_700_000_000_123, nanos: 123_456_000 } });
    expect(offsetFromPosition(p)).toEqual({ timestamp: 1_700_000_000_123, timestamp_nanos: 123_456_000, incrementing: 42 });
  });
  it('reads an offset without nanos from its millis; keeps ids beyond 2^53 as strings', () => {
    expect(positionFromOffset({ timestamp: 1_000_042 }).timestamp).toEqual({ epochMs: 1_000_042, nanos: 42_000_000 });
    const big = positionFromOffset({ incrementing: '9007199254740993' });
    expect(big.incrementing).toBe(9007199254740993n);
    expect(offsetFromPosition(big)).toEqual({ incrementing: '9007199254740993' });
  });
  it('formats instants as microsecond timestamptz literals', () => {
    expect(instantLiteral({ epochMs: Date.UTC(2024, 0, 1, 0, 0, 0, 999), nanos: 999_999_999 })).toBe('2024-01-01T00:00:00.999999Z');
  });
});

describe('table filters and task grouping', () => {
  const tables = ['public.orders', 'public.users', 'audit.orders', 'audit.log'].map(parseTableId);
  const names = (ts: ReturnType<typeof filterTables>) => ts.map((t) => `${t.schema}.${t.table}`);
  it('whitelist matches a bare name in any schema, or a qualified one exactly', () => {
    expect(names(filterTables(tables, { whitelist: ['orders'], blacklist: [], include: [], exclude: [] }))).toEqual(['public.orders', 'audit.orders']);
    expect(names(filterTables(tables, { whitelist: ['audit.orders'], blacklist: [], include: [], exclude: [] }))).toEqual(['audit.orders']);
  });
  it('include/exclude are whole-name regexes on schema.table', () => {
    expect(names(filterTables(tables, { whitelist: [], blacklist: [], include: ['audit\\..*'], exclude: ['.*\\.log'] }))).toEqual(['audit.orders']);
  });
  it('flags mixing whitelist and blacklist, or legacy and regex lists', () => {
    expect(Object.keys(tableFilterProblems({ whitelist: ['a'], blacklist: ['b'], include: ['c'], exclude: [] }))).toEqual(['table.blacklist', 'table.include.list']);
  });
  it('groups contiguously with sizes differing by at most one, never more groups than items', () => {
    expect(groupContiguous([1, 2, 3, 4, 5], 3)).toEqual([[1, 2], [3, 4], [5]]);
    expect(groupContiguous([1, 2], 5)).toEqual([[1], [2]]);
  });
});

describe('config definitions', () => {
  it('use Confluent defaults', () => {
    const src = jdbcSourceConfigDef.parse({ 'connection.url': 'jdbc:postgresql://h/d', mode: 'bulk', 'topic.prefix': 'p' });
    expect(src).toMatchObject({ 'poll.interval.ms': 5000, 'batch.max.rows': 100, 'table.poll.interval.ms': 60000, 'quote.sql.identifiers': 'always', 'db.timezone': 'UTC', 'validate.non.null': true });
    const sink = jdbcSinkConfigDef.parse({ 'connection.url': 'jdbc:postgresql://h/d' });
    expect(sink).toMatchObject({ 'insert.mode': 'insert', 'pk.mode': 'none', 'batch.size': 3000, 'table.name.format': '${topic}', 'max.retries': 10, 'retry.backoff.ms': 3000 });
  });
  it('reject unknown modes and time zones, naming the key', () => {
    expect(() => jdbcSourceConfigDef.parse({ 'connection.url': 'x', mode: 'incremental', 'topic.prefix': 'p' })).toThrow(/mode/);
    expect(() => jdbcSinkConfigDef.parse({ 'connection.url': 'x', 'db.timezone': 'Mars/Olympus' })).toThrow(/db\.timezone.*unknown time zone/);
  });
  it('parse table names like Confluent: schema.table, db.schema.table', () => {
    expect(parseTableId('orders')).toEqual({ schema: null, table: 'orders' });
    expect(parseTableId('sales.orders')).toEqual({ schema: 'sales', table: 'orders' });
    expect(parseTableId('db.sales.orders')).toEqual({ schema: 'sales', table: 'orders' });
  });
});
