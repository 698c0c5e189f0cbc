import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../converters/json-converter.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../src/api/logical-types.js';
import type { Schema } from '../../../src/api/schema.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

// Expected bytes written by hand from Kafka's JsonConverter rules (JsonSchema type names, field order
// type → items|keys,values|fields → optional → name → version → doc → parameters → default; Jackson's
// number layout; base64 bytes).

function converter(configs: Record<string, unknown> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, isKey);
  return c;
}

const text = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('utf8'));
const bytes = (s: string) => Buffer.from(s, 'utf8');

const person = SchemaBuilder.struct()
  .name('com.example.Person')
  .version(3)
  .doc('a person')
  .field('id', Schemas.INT64)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('tags', SchemaBuilder.array(Schemas.STRING).optional())
  .build();

interface Fixture {
  readonly name: string;
  readonly schema: Schema;
  readonly value: unknown;
  readonly json: string;
  /** What reading `json` gives back when it differs from `value`. */
  readonly readBack?: unknown;
}

const fixtures: Fixture[] = [
  { name: 'int8', schema: Schemas.INT8, value: -12, json: '{"schema":{"type":"int8","optional":false},"payload":-12}' },
  { name: 'int16', schema: Schemas.INT16, value: -300, json: '{"schema":{"type":"int16","optional":false},"payload":-300}' },
  { name: 'int32', schema: Schemas.INT32, value: 42, json: '{"schema":{"type":"int32","optional":false},"payload":42}' },
  {
    name: 'int64 past 2^53',
    schema: Schemas.INT64,
    value: 9007199254740993n,
    json: '{"schema":{"type":"int64","optional":false},"payload":9007199254740993}',
  },
  {
    name: 'int64 min',
    schema: Schemas.INT64,
    value: -9223372036854775808n,
    json: '{"schema":{"type":"int64","optional":false},"payload":-9223372036854775808}',
  },
  { name: 'int64 small', schema: Schemas.INT64, value: 7, json: '{"schema":{"type":"int64","optional":false},"payload":7}' },
  { name: 'float32', schema: Schemas.FLOAT32, value: 1.1, json: '{"schema":{"type":"float","optional":false},"payload":1.1}' },
  { name: 'float64 whole', schema: Schemas.FLOAT64, value: 1, json: '{"schema":{"type":"double","optional":false},"payload":1.0}' },
  { name: 'float64 large', schema: Schemas.FLOAT64, value: 1.5e21, json: '{"schema":{"type":"double","optional":false},"payload":1.5E21}' },
  { name: 'float64 small', schema: Schemas.FLOAT64, value: 0.0001, json: '{"schema":{"type":"double","optional":false},"payload":1.0E-4}' },
  { name: 'float64 plain', schema: Schemas.FLOAT64, value: -12.5, json: '{"schema":{"type":"double","optional":false},"payload":-12.5}' },
  { name: 'boolean', schema: Schemas.BOOLEAN, value: true, json: '{"schema":{"type":"boolean","optional":false},"payload":true}' },
  {
    name: 'string with escapes',
    schema: Schemas.STRING,
    value: 'h\u00e9 "q"\n\u0001/',
    json: '{"schema":{"type":"string","optional":false},"payload":"h\u00e9 \\"q\\"\\n\\u0001/"}',
  },
  {
    name: 'bytes',
    schema: Schemas.BYTES,
    value: new Uint8Array([1, 2, 3]),
    json: '{"schema":{"type":"bytes","optional":false},"payload":"AQID"}',
    readBack: Buffer.from([1, 2, 3]),
  },
  { name: 'optional null', schema: Schemas.OPTIONAL_STRING, value: null, json: '{"schema":{"type":"string","optional":true},"payload":null}' },
  {
    name: 'array',
    schema: SchemaBuilder.array(Schemas.INT32).build(),
    value: [1, 2, 3],
    json: '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}',
  },
  {
    name: 'map with string keys',
    schema: SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(),
    value: { a: 1, b: 2 },
    json: '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"a":1,"b":2}}',
  },
  {
    name: 'map with int keys (array of pairs)',
    schema: SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(),
    value: new Map([
      [1, 'a'],
      [2, 'b'],
    ]),
    json: '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"a"],[2,"b"]]}',
  },
  {
    name: 'struct with name, version, doc',
    schema: person,
    value: { id: 1, name: 'x', tags: ['a'] },
    json:
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"},' +
      '{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"}],"optional":false,"name":"com.example.Person","version":3,"doc":"a person"},' +
      '"payload":{"id":1,"name":"x","tags":["a"]}}',
  },
  {
    name: 'parameters',
    schema: SchemaBuilder.string().parameter('a', '1').parameter('b', 'two').build(),
    value: 's',
    json: '{"schema":{"type":"string","optional":false,"parameters":{"a":"1","b":"two"}},"payload":"s"}',
  },
  {
    name: 'default value',
    schema: SchemaBuilder.int32().optional().defaultValue(5).build(),
    value: 7,
    json: '{"schema":{"type":"int32","optional":true,"default":5},"payload":7}',
  },
  {
    name: 'Decimal (BASE64)',
    schema: Decimal.schema(2),
    value: '12.34',
    json: '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"BNI="}',
  },
  {
    name: 'Decimal negative',
    schema: Decimal.schema(2),
    value: '-0.01',
    json: '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"/w=="}',
  },
  {
    name: 'Decimal 128 needs a sign byte',
    schema: Decimal.schema(0),
    value: '128',
    json: '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"0"}},"payload":"AIA="}',
  },
  {
    name: 'Decimal beyond double precision',
    schema: Decimal.schema(2),
    value: '12345678901234567890.12',
    json: '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"Qu0SOwvYIDoU"}',
  },
  {
    name: 'Decimal default',
    schema: Decimal.builder(2).optional().defaultValue('1.50').build(),
    value: '2.00',
    json: '{"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"default":"AJY="},"payload":"AMg="}',
  },
  {
    name: 'Date',
    schema: ConnectDate.SCHEMA,
    value: new Date(Date.UTC(2024, 0, 15)),
    json: '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19737}',
  },
  {
    name: 'Time',
    schema: ConnectTime.SCHEMA,
    value: new Date(49530250),
    json: '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":49530250}',
  },
  {
    name: 'Timestamp',
    schema: ConnectTimestamp.SCHEMA,
    value: new Date(1700000000123),
    json: '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}',
  },
];

describe('JsonConverter envelope fixtures (schemas.enable=true)', () => {
  const c = converter();

  it.each(fixtures)('writes $name exactly like Kafka', ({ schema, value, json }) => {
    expect(text(c.fromConnectData('t', undefined, schema, value))).toBe(json);
  });

  it.each(fixtures)('reads $name back to the same schema and value', ({ schema, value, json, readBack }) => {
    const got = c.toConnectData('t', undefined, bytes(json));
    expect(got.schema).toEqual(schema);
    expect(got.value).toEqual(readBack ?? value);
    // and writing what was read gives the same bytes again
    expect(text(c.fromConnectData('t', undefined, got.schema, got.value))).toBe(json);
  });
});

describe('JsonConverter schemaless (schemas.enable=false)', () => {
  const c = converter({ 'schemas.enable': 'false' });

  it('writes bare JSON, following the schema when there is one', () => {
    expect(text(c.fromConnectData('t', undefined, Schemas.FLOAT64, 2))).toBe('2.0');
    expect(text(c.fromConnectData('t', undefined, person, { id: 5n, name: null, tags: null }))).toBe('{"id":5,"name":null,"tags":null}');
  });

  it('infers JSON from plain values without a schema', () => {
    const value = { a: 1, b: 9007199254740993n, c: 1.5, d: [true, null, 'x'], e: new Uint8Array([255]), f: new Map([[1, 'one']]) };
    expect(text(c.fromConnectData('t', undefined, null, value))).toBe('{"a":1,"b":9007199254740993,"c":1.5,"d":[true,null,"x"],"e":"/w==","f":[[1,"one"]]}');
  });

  it('reads objects as plain objects, integers as int64 (bigint past 2^53), fractions as float64', () => {
    const got = c.toConnectData('t', undefined, bytes('{"a":1,"b":9007199254740993,"c":1.5,"d":[true,null,"x"],"e":{"f":{}},"g":0.1000000000000000000001}'));
    expect(got.schema).toBeNull();
    expect(got.value).toEqual({ a: 1, b: 9007199254740993n, c: 1.5, d: [true, null, 'x'], e: { f: {} }, g: 0.1 });
  });

  it('keeps a "__proto__" key as data', () => {
    const got = c.toConnectData('t', undefined, bytes('{"__proto__":{"polluted":true}}')).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads JSON null and empty bytes as a null value', () => {
    expect(c.toConnectData('t', undefined, bytes('null'))).toEqual({ schema: null, value: null });
    expect(c.toConnectData('t', undefined, bytes(''))).toEqual({ schema: null, value: null });
  });

  it('writes a null value with an optional schema as JSON null, not a tombstone (as Kafka does)', () => {
    expect(text(c.fromConnectData('t', undefined, Schemas.OPTIONAL_INT32, null))).toBe('null');
  });
});
