import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/api/errors.js';
import {
  ConnectDate,
  ConnectTime,
  ConnectTimestamp,
  Decimal,
  dateFromDays,
  dateToDays,
  decimalScale,
  logicalTypeOf,
  timeFromMillis,
  timeToMillis,
  timestampFromMillis,
  timestampToMillis,
} from '../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

describe('logical schemas', () => {
  it('use Kafka Connect names, version 1 and the scale parameter', () => {
    expect(Decimal.schema(2)).toEqual({
      type: 'bytes',
      optional: false,
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2' },
    });
    expect(ConnectDate.SCHEMA).toEqual({ type: 'int32', optional: false, name: 'org.apache.kafka.connect.data.Date', version: 1 });
    expect(ConnectTime.OPTIONAL_SCHEMA).toEqual({ type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Time', version: 1 });
    expect(ConnectTimestamp.SCHEMA).toEqual({ type: 'int64', optional: false, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 });
    expect(Decimal.builder(3).optional().build().optional).toBe(true);
  });

  it('logicalTypeOf recognises them by name and base type', () => {
    expect(logicalTypeOf(Decimal.schema(0))).toBe('Decimal');
    expect(logicalTypeOf(ConnectDate.SCHEMA)).toBe('Date');
    expect(logicalTypeOf(ConnectTime.SCHEMA)).toBe('Time');
    expect(logicalTypeOf(ConnectTimestamp.SCHEMA)).toBe('Timestamp');
    expect(logicalTypeOf(Schemas.INT32)).toBeUndefined();
    expect(logicalTypeOf(SchemaBuilder.string().name('org.apache.kafka.connect.data.Date').build())).toBeUndefined();
  });

  it('decimalScale reads the parameter and rejects a missing one', () => {
    expect(decimalScale(Decimal.schema(-3))).toBe(-3);
    expect(() => decimalScale(Schemas.BYTES)).toThrow(DataError);
    expect(() => Decimal.builder(1.5)).toThrow(DataError);
  });

  it('Decimal converts through its schema scale', () => {
    const s = Decimal.schema(1);
    expect([...Decimal.fromLogical(s, '1.5')]).toEqual([0x0f]);
    expect(Decimal.toLogical(s, Uint8Array.of(0xff))).toBe('-0.1');
  });
});

describe('Date', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2024-02-29', 19782],
    ['1900-01-01', -25567],
  ])('%s ⇄ %i days', (iso, days) => {
    expect(dateToDays(new Date(`${iso}T00:00:00Z`))).toBe(days);
    expect(dateFromDays(days).toISOString()).toBe(`${iso}T00:00:00.000Z`);
    expect(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(`${iso}T00:00:00Z`))).toBe(days);
  });

  it('rejects a time of day, invalid dates and fractional days', () => {
    expect(() => dateToDays(new Date('2024-01-01T00:00:00.001Z'))).toThrow(/midnight UTC/);
    expect(() => dateToDays(new Date(NaN))).toThrow(DataError);
    expect(() => dateFromDays(1.5)).toThrow(DataError);
  });
});

describe('Time', () => {
  it.each([
    ['00:00:00.000', 0],
    ['12:34:56.789', 45_296_789],
    ['23:59:59.999', 86_399_999],
  ])('%s ⇄ %i ms', (clock, ms) => {
    expect(timeToMillis(new Date(`1970-01-01T${clock}Z`))).toBe(ms);
    expect(timeFromMillis(ms).toISOString()).toBe(`1970-01-01T${clock}Z`);
  });

  it('rejects a date part and out-of-day millis', () => {
    expect(() => timeToMillis(new Date('1970-01-02T00:00:00Z'))).toThrow(/1970-01-01/);
    expect(() => timeToMillis(new Date(-1))).toThrow(DataError);
    expect(() => timeFromMillis(86_400_000)).toThrow(DataError);
    expect(() => timeFromMillis(-1)).toThrow(DataError);
  });
});

describe('Timestamp', () => {
  it('converts millis (number or bigint) both ways', () => {
    const d = new Date('2024-05-06T07:08:09.123Z');
    expect(timestampToMillis(d)).toBe(1714979289123);
    expect(timestampFromMillis(1714979289123).getTime()).toBe(d.getTime());
    expect(timestampFromMillis(1714979289123n).getTime()).toBe(d.getTime());
    expect(timestampFromMillis(-1).toISOString()).toBe('1969-12-31T23:59:59.999Z');
    expect(ConnectTimestamp.toLogical(ConnectTimestamp.SCHEMA, 0n).getTime()).toBe(0);
  });

  it('rejects values a JS Date cannot hold', () => {
    expect(() => timestampFromMillis(2n ** 62n)).toThrow(DataError);
    expect(() => timestampFromMillis(0.5)).toThrow(DataError);
    expect(() => timestampToMillis(new Date(NaN))).toThrow(DataError);
  });
});
