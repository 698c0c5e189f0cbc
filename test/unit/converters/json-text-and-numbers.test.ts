import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../converters/json-converter.js';
import { javaBigDecimalString, javaDoubleString, javaFloatString } from '../../../converters/json/java-number-format.js';
import { JsonDecimal, JsonReader, JsonSyntaxError } from '../../../converters/json/json-reader.js';
import { jsonString } from '../../../converters/json/json-text.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

describe('Java number layout', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [100, '100.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1234567.5, '1234567.5'],
    [1e7, '1.0E7'],
    [12345678.9, '1.23456789E7'],
    [-1.5e-10, '-1.5E-10'],
    [1.7976931348623157e308, '1.7976931348623157E308'],
  ])('Double.toString(%d) = %s', (x, s) => expect(javaDoubleString(x)).toBe(s));

  it.each([
    [0.1, '0.1'],
    [1.1, '1.1'],
    [Math.fround(0.1), '0.1'],
    [16777217, '1.6777216E7'],
    [3.4028234663852886e38, '3.4028235E38'],
    [12.34, '12.34'],
  ])('Float.toString(%d) = %s', (x, s) => expect(javaFloatString(x)).toBe(s));

  it.each([
    [1234n, 2, '12.34'],
    [-5n, 2, '-0.05'],
    [15600n, 4, '1.5600'],
    [1n, 10, '1E-10'],
    [123n, -2, '1.23E+4'],
    [42n, 0, '42'],
    [1n, 6, '0.000001'],
    [1n, 7, '1E-7'],
  ])('BigDecimal(%s, scale %d).toString() = %s', (u, scale, s) => expect(javaBigDecimalString(u, scale)).toBe(s));
});

describe('JSON strings like Jackson', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\b\t\n\f\r', '"\\b\\t\\n\\f\\r"'],
    ['\u0000\u001f', '"\\u0000\\u001F"'],
    ['/ é \u2028 😀', '"/ é \u2028 😀"'],
  ])('%j', (s, json) => {
    expect(jsonString(s)).toBe(json);
    expect(JSON.parse(json)).toBe(s);
  });
});

describe('JsonReader', () => {
  const r = new JsonReader();
  it('parses what JSON.parse parses, except keeping numbers exact', () => {
    const doc = '{"a":[1,-2,3.5,-0.25e2,true,false,null,"x\\u00e9\\n"],"b":{"c":{}},"d":[]}';
    expect(r.parse(doc)).toEqual(JSON.parse(doc));
    expect(r.parse(' 9007199254740993 ')).toBe(9007199254740993n);
    expect(r.parse('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(r.parse('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(r.parse('0.1000000000000000000001')).toEqual(new JsonDecimal('0.1000000000000000000001'));
    expect(r.parse('1.23456789123456789')).toEqual(new JsonDecimal('1.23456789123456789'));
    expect(r.parse('0.30000000000000004')).toBe(0.30000000000000004);
    expect(r.parse('1e400')).toEqual(new JsonDecimal('1e400'));
    expect(r.parse('-0')).toBe(0);
    expect(r.parse('0012')).toBe(12);
    expect(r.parse('')).toBeUndefined();
  });
  it.each(['{', '[1,]', '{"a" 1}', '{"a":1,}', 'tru', '"abc', '"a\u0001"', '"\\x"', '1.', '-', '1e', '[1 2]', '{} {}', "{'a':1}"])(
    'rejects %j',
    (doc) => {
      expect(() => r.parse(doc)).toThrow(JsonSyntaxError);
    },
  );
});

describe("inputs from Kafka's JsonConverterTest", () => {
  const c = new JsonConverter();
  c.configure({}, false);
  const read = (s: string) => c.toConnectData('t', undefined, Buffer.from(s));
  it('accepts whitespace, "field" first, missing "optional", leading zeros', () => {
    expect(read('{ "schema": { "type": "int32" }, "payload": 000012345 }')).toEqual({ schema: Schemas.INT32, value: 12345 });
    expect(read('{ "schema": { "type": "boolean", "default": true }, "payload": null }')).toEqual({
      schema: SchemaBuilder.bool().defaultValue(true).build(),
      value: true,
    });
    const struct = read('{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }');
    expect(struct.value).toEqual({ optional: null, required: 'required' });
    expect(struct.schema?.fields?.map((f) => [f.name, f.schema.optional])).toEqual([
      ['optional', true],
      ['required', false],
    ]);
  });
  it('reads logical types and their defaults', () => {
    expect(read('{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }')).toEqual({
      schema: Decimal.builder(2).defaultValue('1.56').build(),
      value: '1.56',
    });
    expect(read('{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }').value).toBe('1.23456789123456789');
    expect(read('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "default": 0 }, "payload": null }')).toEqual({
      schema: ConnectDate.builder().defaultValue(new Date(0)).build(),
      value: new Date(0),
    });
    expect(read('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 }').value).toEqual(new Date(14400000));
    expect(read('{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1, "optional": true, "default": 42 }, "payload": null }')).toEqual({
      schema: ConnectTimestamp.builder().optional().defaultValue(new Date(42)).build(),
      value: new Date(42),
    });
    expect(ConnectTime.SCHEMA.name).toBe('org.apache.kafka.connect.data.Time');
  });
  it('schemaless payloads under "schema": null', () => {
    expect(read('{ "schema": null, "payload": [1, "2", 3] }').value).toEqual([1, '2', 3]);
    expect(read('{ "schema": null, "payload": 12.24 }').value).toBe(12.24);
    expect(read('{ "schema": null, "payload": { "field1": 1, "field2": 2} }').value).toEqual({ field1: 1, field2: 2 });
  });
});
