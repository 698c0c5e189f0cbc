import { describe, expect, it } from 'vitest';
import { parsePgArrayText } from '../../../../connectors/postgres-cdc/pg-array-text.js';
import {
  dateTextToDays,
  isoIntervalToMicros,
  microsToZonedTimestamp,
  timestampTextToMicros,
  timetzTextToZonedTime,
  timeTextToMicros,
  utcTimestamptzToZoned,
} from '../../../../connectors/postgres-cdc/temporal-text.js';
import { mapColumnType, type TypeMappingOptions } from '../../../../connectors/postgres-cdc/column-types.js';

const opts: TypeMappingOptions = { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' };
const base = { typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null };

describe('temporal text', () => {
  it('reads dates, times and timestamps as Debezium numbers', () => {
    expect(dateTextToDays('1970-01-01')).toBe(0);
    expect(dateTextToDays('1969-12-31')).toBe(-1);
    expect(dateTextToDays('2024-02-29')).toBe(19782);
    expect(timeTextToMicros('00:00:01.000001')).toBe(1_000_001);
    expect(timeTextToMicros('24:00:00')).toBe(86_400_000_000);
    expect(timestampTextToMicros('1970-01-01 00:00:00.5')).toBe(500_000n);
    expect(timestampTextToMicros('1969-12-31 23:59:59.999999')).toBe(-1n);
    expect(timestampTextToMicros('2024-01-02 03:04:05+02')).toBe(BigInt(Date.UTC(2024, 0, 2, 1, 4, 5)) * 1000n);
    expect(timestampTextToMicros('2024-01-02 03:04:05-03:30')).toBe(BigInt(Date.UTC(2024, 0, 2, 6, 34, 5)) * 1000n);
  });

  it('writes ZonedTimestamp/ZonedTime as UTC ISO-8601 without trailing zeros', () => {
    expect(microsToZonedTimestamp(BigInt(Date.UTC(2018, 5, 20, 13, 37, 3)) * 1000n)).toBe('2018-06-20T13:37:03Z');
    expect(microsToZonedTimestamp(BigInt(Date.UTC(2018, 5, 20, 13, 37, 3)) * 1000n + 120_000n)).toBe('2018-06-20T13:37:03.12Z');
    expect(microsToZonedTimestamp(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(timetzTextToZonedTime('10:11:12.5+02')).toBe('08:11:12.5Z');
    expect(utcTimestamptzToZoned('2024-01-02 03:04:05.5+00')).toBe('2024-01-02T03:04:05.5Z');
    expect(utcTimestamptzToZoned('2024-01-02 03:04:05+00')).toBe('2024-01-02T03:04:05Z');
    expect(utcTimestamptzToZoned('2024-01-02 03:04:05+02')).toBeNull();
    const tstz = mapColumnType({ ...base, oid: 1184, typeMod: -1 }, true, opts);
    expect(tstz.fromText('2024-01-02 03:04:05+02')).toBe('2024-01-02T01:04:05Z');
    expect(tstz.fromText('0099-01-02 03:04:05+00')).toBe('0099-01-02T03:04:05Z');
    expect(timetzTextToZonedTime('01:00:00+02')).toBe('23:00:00Z');
  });

  it('reads ISO-8601 intervals as MicroDuration (30.4375-day months)', () => {
    expect(isoIntervalToMicros('P1DT2H')).toBe((86_400 + 7_200) * 1_000_000);
    expect(isoIntervalToMicros('P1M')).toBe(Math.round(30.4375 * 86_400_000_000));
    expect(isoIntervalToMicros('PT-1.5S')).toBe(-1_500_000);
    expect(isoIntervalToMicros('P1Y-2M3D')).toBe(Math.round((10 * 30.4375 + 3) * 86_400_000_000));
    expect(() => isoIntervalToMicros('1 day')).toThrow(/iso_8601/);
  });
});

describe('array text', () => {
  it('splits one-dimensional arrays with quotes, escapes and NULL', () => {
    expect(parsePgArrayText('{}')).toEqual([]);
    expect(parsePgArrayText('{1,2,NULL}')).toEqual(['1', '2', null]);
    expect(parsePgArrayText('{"a b","c\\"d","NULL",x}')).toEqual(['a b', 'c"d', 'NULL', 'x']);
    expect(parsePgArrayText('[0:1]={5,6}')).toEqual(['5', '6']);
    expect(() => parsePgArrayText('{{1},{2}}')).toThrow(/multi-dimensional/);
  });
});

describe('column type mapping', () => {
  it('maps numeric per decimal.handling.mode', () => {
    const n = { ...base, oid: 1700, typeMod: ((10 << 16) | 2) + 4 };
    expect(mapColumnType(n, true, opts).fromText('-1.50')).toBe('-1.50');
    expect(mapColumnType(n, true, opts).schema.parameters).toEqual({ scale: '2', 'connect.decimal.precision': '10' });
    expect(mapColumnType(n, true, { ...opts, decimalMode: 'double' }).fromText('-1.50')).toBe(-1.5);
    expect(mapColumnType(n, true, { ...opts, decimalMode: 'string' }).fromText('-1.50')).toBe('-1.50');
    const free = mapColumnType({ ...base, oid: 1700, typeMod: -1 }, true, opts);
    expect(free.fromText('-0.5')).toEqual({ scale: 1, value: new Uint8Array([0xfb]) });
    expect(free.fromText('NaN')).toBeNull();
  });

  it('maps time columns per time.precision.mode', () => {
    const ts = { ...base, oid: 1114, typeMod: -1 };
    expect(mapColumnType(ts, false, opts).schema.name).toBe('io.debezium.time.MicroTimestamp');
    expect(mapColumnType(ts, false, { ...opts, timeMode: 'connect' }).fromText('1970-01-01 00:00:01')).toEqual(new Date(1000));
    const t = { ...base, oid: 1083, typeMod: 3 };
    expect(mapColumnType(t, false, opts).schema.name).toBe('io.debezium.time.Time');
    expect(mapColumnType(t, false, { ...opts, timeMode: 'adaptive_time_microseconds' }).schema.name).toBe('io.debezium.time.MicroTime');
  });

  it('maps bytea per binary.handling.mode and int8 beyond 2^53 to bigint', () => {
    const b = { ...base, oid: 17, typeMod: -1 };
    expect(mapColumnType(b, true, opts).fromText('\\x00ff')).toEqual(Buffer.from([0, 255]));
    expect(mapColumnType(b, true, { ...opts, binaryMode: 'base64' }).fromText('\\x00ff')).toBe('AP8=');
    expect(mapColumnType(b, true, { ...opts, binaryMode: 'hex' }).fromText('\\x00ff')).toBe('00ff');
    // Java's Base64.getUrlEncoder() (Debezium) pads with '='.
    expect(mapColumnType(b, true, { ...opts, binaryMode: 'base64-url-safe' }).fromText('\\xfbff')).toBe('-_8=');
    const i8 = mapColumnType({ ...base, oid: 20, typeMod: -1 }, false, opts);
    expect(i8.fromText('42')).toBe(42);
    expect(i8.fromText('-9223372036854775808')).toBe(-9223372036854775808n);
  });
});
