import { describe, expect, it } from 'vitest';
import { descriptors, SimpleHeaderConverter } from '../../../converters/simple-header-converter.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../src/api/logical-types.js';
import type { Schema } from '../../../src/api/schema.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

const c = new SimpleHeaderConverter();
c.configure({});
const read = (s: string) => c.toConnectHeader('t', 'h', Buffer.from(s, 'utf8'));
const write = (schema: Schema | null, value: unknown) => {
  const b = c.fromConnectHeader('t', 'h', schema, value);
  return b === null ? null : Buffer.from(b).toString('utf8');
};

describe('SimpleHeaderConverter reading (Values.parseString)', () => {
  const cases: [string, Schema | null, unknown][] = [
    ['', Schemas.STRING, ''],
    ['null', null, null],
    ['true', Schemas.BOOLEAN, true],
    ['false', Schemas.BOOLEAN, false],
    ['42', Schemas.INT8, 42],
    ['-7', Schemas.INT8, -7],
    ['300', Schemas.INT16, 300],
    ['70000', Schemas.INT32, 70000],
    ['5000000000', Schemas.INT64, 5000000000],
    ['9223372036854775807', Schemas.INT64, 9223372036854775807n],
    ['99999999999999999999', Decimal.schema(0), '99999999999999999999'],
    ['1.0', Schemas.INT8, 1],
    ['1.5', Schemas.FLOAT32, 1.5],
    ['hello world', Schemas.STRING, 'hello world'],
    ['2024-01-15', ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 15))],
    ['13:45:30.250Z', ConnectTime.SCHEMA, new Date(49530250)],
    ['2024-01-15T13:45:30.250Z', ConnectTimestamp.SCHEMA, new Date(Date.UTC(2024, 0, 15, 13, 45, 30, 250))],
    ['[1,2,3]', SchemaBuilder.array(Schemas.INT8).build(), [1, 2, 3]],
    ['[1, 300]', SchemaBuilder.array(Schemas.INT16).build(), [1, 300]],
    ['[1,2.5]', SchemaBuilder.array(Schemas.FLOAT32).build(), [1, 2.5]],
    ['["a","b"]', SchemaBuilder.array(Schemas.STRING).build(), ['a', 'b']],
    ['[1,null]', SchemaBuilder.array(Schemas.OPTIONAL_INT8).build(), [1, null]],
    ['[]', { type: 'array', optional: false }, []],
    ['[1,"a"]', { type: 'array', optional: false }, [1, 'a']],
    ['{"a":1,"b":2}', SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build(), { a: 1, b: 2 }],
    ['{1:"x",2:"y"}', SchemaBuilder.map(Schemas.INT8, Schemas.STRING).build(), new Map([[1, 'x'], [2, 'y']])],
    ['{"a":[true,false]}', SchemaBuilder.map(Schemas.STRING, SchemaBuilder.array(Schemas.BOOLEAN)).build(), { a: [true, false] }],
    // not well-formed as a value: the whole text is a string
    ['{a:1}', Schemas.STRING, '{a:1}'],
    ['[1,2', Schemas.STRING, '[1,2'],
    ['true}', Schemas.STRING, 'true}'],
    ['12:30', Schemas.STRING, '12:30'],
    ['1,2', Schemas.STRING, '1,2'],
  ];
  it.each(cases)('%j', (text, schema, value) => {
    expect(read(text)).toEqual({ schema, value });
  });
  it('null bytes → null; invalid UTF-8 → raw bytes', () => {
    expect(c.toConnectHeader('t', 'h', null)).toEqual({ schema: null, value: null });
    const raw = new Uint8Array([0xff, 0xfe]);
    expect(c.toConnectHeader('t', 'h', raw)).toEqual({ schema: Schemas.BYTES, value: raw });
  });
});

describe('SimpleHeaderConverter writing (Values.convertToString)', () => {
  const struct = SchemaBuilder.struct().field('id', Schemas.INT32).field('name', Schemas.STRING).build();
  const cases: [string, Schema | null, unknown, string][] = [
    ['top-level string as is', null, 'a "b"', 'a "b"'],
    ['number', null, 42, '42'],
    ['bigint', null, 9007199254740993n, '9007199254740993'],
    ['float64 like Java', Schemas.FLOAT64, 1, '1.0'],
    ['fraction', null, 0.5, '0.5'],
    ['boolean', null, false, 'false'],
    ['bytes as base64', null, new Uint8Array([1, 2, 3]), 'AQID'],
    ['array with quoted strings', null, ['a"b', 'c\\d', 1, null], '["a\\"b","c\\\\d",1,null]'],
    ['map', null, { a: 1, b: 'x' }, '{"a":1,"b":"x"}'],
    ['map with int keys', null, new Map([[1, 'x']]), '{1:"x"}'],
    ['struct in field order', struct, { name: 'n', id: 7 }, '{"id":7,"name":"n"}'],
    ['Decimal digits', Decimal.schema(2), '12.30', '12.30'],
    ['Date', ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 15)), '2024-01-15'],
    ['Time', ConnectTime.SCHEMA, new Date(49530250), '13:45:30.250Z'],
    ['Timestamp', ConnectTimestamp.SCHEMA, new Date(Date.UTC(2024, 0, 15, 13, 45, 30, 250)), '2024-01-15T13:45:30.250Z'],
  ];
  it.each(cases)('%s', (_name, schema, value, expected) => {
    expect(write(schema, value)).toBe(expected);
  });
  it('null → null bytes', () => {
    expect(c.fromConnectHeader('t', 'h', Schemas.OPTIONAL_STRING, null)).toBeNull();
  });
  it.each([
    [Schemas.INT32, 70000],
    [Schemas.BOOLEAN, true],
    [SchemaBuilder.array(Schemas.STRING).build(), ['x', 'y']],
    [SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build(), { k: 1 }],
    [ConnectTimestamp.SCHEMA, new Date(1700000000123)],
  ] as [Schema, unknown][])('round-trips %j', (schema, value) => {
    expect(read(write(schema, value)!)).toEqual({ schema, value });
  });
  it('exports the Kafka class name as a header converter', () => {
    expect(descriptors.map((d) => [d.kind, d.className])).toEqual([['header_converter', 'org.apache.kafka.connect.storage.SimpleHeaderConverter']]);
  });
});
