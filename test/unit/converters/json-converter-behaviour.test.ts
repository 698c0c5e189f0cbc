import { describe, expect, it } from 'vitest';
import { descriptors, JsonConverter, jsonConverterConfigDef, jsonHeaderConverterDescriptor } from '../../../converters/json-converter.js';
import { ConversionError } from '../../../src/api/errors.js';
import { ConnectDate, Decimal } from '../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

function converter(configs: Record<string, unknown> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}
const text = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('utf8'));
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('tombstones', () => {
  const c = converter();
  it('null schema + null value → null bytes, and null bytes → null schema + value', () => {
    expect(c.fromConnectData('t', undefined, null, null)).toBeNull();
    expect(c.fromConnectData('t', undefined, undefined, undefined)).toBeNull();
    expect(c.toConnectData('t', undefined, null)).toEqual({ schema: null, value: null });
  });
  it('reads {"schema":null,"payload":null} as null + null', () => {
    expect(c.toConnectData('t', undefined, bytes('{"schema":null,"payload":null}'))).toEqual({ schema: null, value: null });
  });
  it('a value without a schema is written with "schema":null', () => {
    expect(text(c.fromConnectData('t', undefined, null, { a: 1 }))).toBe('{"schema":null,"payload":{"a":1}}');
    expect(c.toConnectData('t', undefined, bytes('{"payload":{"a":1},"schema":null}')).value).toEqual({ a: 1 });
  });
});

describe('int64 precision', () => {
  it('9007199254740993 survives a round trip with and without schemas', () => {
    const withSchemas = converter();
    const out = withSchemas.toConnectData('t', undefined, withSchemas.fromConnectData('t', undefined, Schemas.INT64, 9007199254740993n));
    expect(out.value).toBe(9007199254740993n);
    const bare = converter({ 'schemas.enable': false });
    expect(bare.toConnectData('t', undefined, bytes('9007199254740993')).value).toBe(9007199254740993n);
    expect(text(bare.fromConnectData('t', undefined, null, 9007199254740993n))).toBe('9007199254740993');
  });
  it('an int64 field written as 1.0E18 still reads exactly', () => {
    const c = converter();
    expect(c.toConnectData('t', undefined, bytes('{"schema":{"type":"int64"},"payload":1.0E18}')).value).toBe(1000000000000000000n);
  });
});

describe('replace.null.with.default', () => {
  const schema = SchemaBuilder.struct()
    .field('n', SchemaBuilder.int32().optional().defaultValue(5))
    .build();
  const json = '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":5,"field":"n"}],"optional":false},"payload":{"n":null}}';
  it('true (default): null becomes the default on write and read', () => {
    const c = converter();
    expect(text(c.fromConnectData('t', undefined, schema, { n: null }))).toBe(json.replace('"n":null', '"n":5'));
    expect(c.toConnectData('t', undefined, bytes(json)).value).toEqual({ n: 5 });
  });
  it('false: null stays null', () => {
    const c = converter({ 'replace.null.with.default': 'false' });
    expect(text(c.fromConnectData('t', undefined, schema, { n: null }))).toBe(json);
    expect(c.toConnectData('t', undefined, bytes(json)).value).toEqual({ n: null });
  });
  it('a missing struct field reads as its default, a missing required field is an error', () => {
    const c = converter();
    expect(c.toConnectData('t', undefined, bytes(json.replace('{"n":null}', '{}'))).value).toEqual({ n: 5 });
    const required = '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"n"}],"optional":false},"payload":{}}';
    expect(() => c.toConnectData('t', undefined, bytes(required))).toThrow(/n: Invalid null value for required int32 field/);
  });
});

describe('decimal.format=NUMERIC', () => {
  const c = converter({ 'decimal.format': 'numeric' });
  const schemaJson = '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';
  it('writes JSON numbers (Java BigDecimal.toString layout)', () => {
    expect(text(c.fromConnectData('t', undefined, Decimal.schema(2), '12.34'))).toBe(`{"schema":${schemaJson},"payload":12.34}`);
    expect(text(c.fromConnectData('t', undefined, Decimal.schema(2), '-0.5'))).toBe(`{"schema":${schemaJson},"payload":-0.50}`);
    expect(text(c.fromConnectData('t', undefined, Decimal.schema(10), '0.0000000001'))).toContain('"payload":1E-10}');
  });
  it('reads numbers exactly, at the schema scale', () => {
    expect(c.toConnectData('t', undefined, bytes(`{"schema":${schemaJson},"payload":12.3}`)).value).toBe('12.30');
    expect(c.toConnectData('t', undefined, bytes(`{"schema":${schemaJson},"payload":12345678901234567890.12}`)).value).toBe(
      '12345678901234567890.12',
    );
  });
  it('a BASE64 reader also accepts numbers, and a NUMERIC reader base64', () => {
    const base64Reader = converter();
    expect(base64Reader.toConnectData('t', undefined, bytes(`{"schema":${schemaJson},"payload":1.5}`)).value).toBe('1.50');
    expect(c.toConnectData('t', undefined, bytes(`{"schema":${schemaJson},"payload":"BNI="}`)).value).toBe('12.34');
  });
  it('refuses to round a value with more digits than the scale', () => {
    expect(() => c.fromConnectData('t', undefined, Decimal.schema(2), '1.234')).toThrow(ConversionError);
  });
});

describe('malformed input', () => {
  const c = converter();
  const bad: [string, string | Uint8Array, RegExp][] = [
    ['truncated JSON', '{"schema":', /unexpected end of input/],
    ['not JSON', 'hello', /expected a JSON value/],
    ['trailing garbage', '{"schema":null,"payload":1} x', /unexpected data/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /./],
    ['plain JSON with schemas.enable', '{"a":1}', /set schemas.enable=false/],
    ['an extra top-level field', '{"schema":null,"payload":1,"x":2}', /may not contain additional fields/],
    ['a non-object', '[1]', /requires "schema" and "payload"/],
    ['an unknown type', '{"schema":{"type":"float32"},"payload":1}', /Unknown schema type: float32/],
    ['no type', '{"schema":{"optional":true},"payload":1}', /Schema must contain 'type' field/],
    ['type mismatch', '{"schema":{"type":"int32"},"payload":"1"}', /expected JSON for a int32, got string/],
    ['out of range', '{"schema":{"type":"int8"},"payload":300}', /out of range for int8/],
    ['bad base64', '{"schema":{"type":"bytes"},"payload":"***"}', /base64/],
    [
      'nested path',
      '{"schema":{"type":"struct","fields":[{"type":"array","items":{"type":"int32"},"field":"xs"}]},"payload":{"xs":[1,"two"]}}',
      /xs\.1: expected JSON for a int32/,
    ],
    ['pairs expected', '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":{"1":2}}', /array of tuples/],
  ];
  it.each(bad)('%s → ConversionError naming the topic, partition and offset', (_name, input, message) => {
    const raw = typeof input === 'string' ? bytes(input) : input;
    let caught: unknown;
    try {
      c.toConnectData('orders', undefined, raw, { partition: 3, offset: 42 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConversionError);
    const e = caught as ConversionError;
    expect(e.message).toMatch(message);
    expect(e.message).toContain("topic 'orders'");
    expect([e.topic, e.partition, e.offset]).toEqual(['orders', 3, 42]);
    expect(e.code).toBe('TRIB_CONVERSION');
  });
  it('a value that does not fit its schema on write is a ConversionError too', () => {
    expect(() => c.fromConnectData('t', undefined, Schemas.INT32, 'x')).toThrow(ConversionError);
    expect(() => c.fromConnectData('t', undefined, Schemas.INT32, null)).toThrow(/null value for a required int32/);
    expect(() => c.fromConnectData('t', undefined, Schemas.INT64, 2n ** 63n)).toThrow(/out of range for int64/);
  });
  it('deep nesting never overflows the stack', () => {
    const c2 = converter({ 'schemas.enable': false });
    // parsed natively (no depth limit needed: JSON.parse is not recursive)
    expect(c2.toConnectData('t', undefined, bytes('['.repeat(100_000) + ']'.repeat(100_000))).value).toBeInstanceOf(Array);
    // the exact parser (used when a number may lose digits) stops at 1000 levels, as Jackson does
    const deepExact = '['.repeat(5000) + '9007199254740993' + ']'.repeat(5000);
    expect(() => c2.toConnectData('t', undefined, bytes(deepExact))).toThrow(/nesting deeper than 1000/);
  });
});

describe('schema interning', () => {
  const json = (n: number) => `{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"f${n}"}],"optional":false},"payload":{"f${n}":1}}`;
  it('the same schema JSON yields the same Schema object', () => {
    const c = converter();
    const a = c.toConnectData('t', undefined, bytes(json(1))).schema;
    const b = c.toConnectData('t', undefined, bytes(json(1).replace('"f1":1}}', '"f1":2}}'))).schema;
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
  it('the cache is bounded by schemas.cache.size (least recently used goes first)', () => {
    const c = converter({ 'schemas.cache.size': 2 });
    const first = c.toConnectData('t', undefined, bytes(json(1))).schema;
    c.toConnectData('t', undefined, bytes(json(2)));
    c.toConnectData('t', undefined, bytes(json(1))); // touch 1 so 2 is the oldest
    c.toConnectData('t', undefined, bytes(json(3)));
    expect(c.cachedSchemaCount).toBe(2);
    expect(c.toConnectData('t', undefined, bytes(json(1))).schema).toBe(first);
  });
});

describe('configuration and plugin descriptors', () => {
  it('declares Kafka’s keys and defaults', () => {
    const keys = Object.fromEntries(jsonConverterConfigDef.keys.map((k) => [k.name, k.defaultValue]));
    expect(keys).toEqual({
      'converter.type': null,
      'schemas.enable': true,
      'schemas.cache.size': 1000,
      'decimal.format': 'BASE64',
      'replace.null.with.default': true,
    });
    expect(() => new JsonConverter().configure({ 'decimal.format': 'HEX' }, false)).toThrow(/decimal.format/);
  });
  it('exports converter and header-converter descriptors under Kafka’s class name', () => {
    expect(descriptors.map((d) => [d.kind, d.className, d.aliases])).toEqual([
      ['converter', 'org.apache.kafka.connect.json.JsonConverter', ['JsonConverter']],
      ['header_converter', 'org.apache.kafka.connect.json.JsonConverter', ['JsonConverter']],
    ]);
    expect(descriptors[0]!.create()).toBeInstanceOf(JsonConverter);
    expect(jsonHeaderConverterDescriptor.kind).toBe('header_converter');
    expect(jsonHeaderConverterDescriptor.create()).toBeInstanceOf(JsonConverter);
  });
  it('works as a header converter with the same format', () => {
    const c = new JsonConverter();
    c.configure({ 'converter.type': 'header' });
    const b = c.fromConnectHeader('t', 'h', Schemas.INT32, 7);
    expect(text(b)).toBe('{"schema":{"type":"int32","optional":false},"payload":7}');
    expect(c.toConnectHeader('t', 'h', b)).toEqual({ schema: Schemas.INT32, value: 7 });
  });
});

describe('writing map and struct values in the shapes JS code produces', () => {
  const c = converter();
  it('a plain object for an int-keyed map is written as pairs with numeric keys', () => {
    const schema = SchemaBuilder.map(Schemas.INT32, Schemas.BOOLEAN).build();
    expect(text(c.fromConnectData('t', undefined, schema, { 1: true, 20: false }))).toContain('"payload":[[1,true],[20,false]]}');
    expect(() => c.fromConnectData('t', undefined, schema, { x: true })).toThrow(/map key "x" is not a int32/);
  });
  it('a Map with string keys for a string-keyed map is written as an object', () => {
    const schema = SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build();
    expect(text(c.fromConnectData('t', undefined, schema, new Map([['a', 1]])))).toContain('"payload":{"a":1}}');
  });
  it('struct fields missing from the object are null (or their default); extra keys are ignored', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.OPTIONAL_STRING).field('b', SchemaBuilder.int8().defaultValue(3)).build();
    expect(text(c.fromConnectData('t', undefined, schema, { extra: 1 }))).toContain('"payload":{"a":null,"b":3}}');
  });
  it('a Decimal schema without a scale parameter is an error naming the problem', () => {
    const schema = SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').version(1).build();
    expect(() => c.fromConnectData('t', undefined, schema, '1.5')).toThrow(/scale/);
  });
  it('a Date with a time of day is rejected, as Kafka does', () => {
    expect(() => c.fromConnectData('t', undefined, ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 15, 1)))).toThrow(ConversionError);
  });
});
