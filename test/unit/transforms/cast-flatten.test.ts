import { describe, expect, it } from 'vitest';
import { ConfigError, ConnectDate, ConnectTimestamp, Decimal, SchemaBuilder, Schemas, fieldOf, validateValue } from '../../../src/api/index.js';
import { javaDoubleToString, javaFloatToString } from '../../../transforms/support/java-number-format.js';
import { frozen, sink, transform } from './transform-test-kit.js';

describe('Java number formatting', () => {
  it.each([
    [1, '1.0'],
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [1e7, '1.0E7'],
    [12345678.9, '1.23456789E7'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [0, '0.0'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('Double.toString(%d) = %s', (n, s) => expect(javaDoubleToString(n)).toBe(s));

  it('Float.toString prints the shortest float32 digits', () => {
    expect(javaFloatToString(Math.fround(0.1))).toBe('0.1');
    expect(javaFloatToString(Math.fround(3.4e38))).toBe('3.4E38');
  });
});

describe('Cast', () => {
  const s = SchemaBuilder.struct()
    .field('i', Schemas.INT32)
    .field('big', Schemas.INT64)
    .field('f', Schemas.FLOAT64)
    .field('b', Schemas.BOOLEAN)
    .field('str', Schemas.STRING)
    .field('bytes', Schemas.OPTIONAL_BYTES)
    .field('d', Decimal.schema(2))
    .field('day', ConnectDate.SCHEMA)
    .field('opt', SchemaBuilder.int32().optional().defaultValue(7))
    .build();
  const v = { i: 300, big: 5_000_000_000, f: 2.9, b: true, str: '42', bytes: new Uint8Array([1, 2, 3]), d: '12.34', day: new Date(86_400_000 * 3), opt: null };

  it.each([
    ['i:int8', 'i', 44, Schemas.INT8],
    ['i:int16', 'i', 300, Schemas.INT16],
    ['i:string', 'i', '300', Schemas.STRING],
    ['i:boolean', 'i', true, Schemas.BOOLEAN],
    ['big:int32', 'big', 705032704, Schemas.INT32],
    ['f:int32', 'f', 2, Schemas.INT32],
    ['f:string', 'f', '2.9', Schemas.STRING],
    ['f:float32', 'f', Math.fround(2.9), Schemas.FLOAT32],
    ['b:int8', 'b', 1, Schemas.INT8],
    ['b:string', 'b', 'true', Schemas.STRING],
    ['str:int64', 'str', 42, Schemas.INT64],
    ['str:float64', 'str', 42, Schemas.FLOAT64],
    ['str:boolean', 'str', false, Schemas.BOOLEAN],
    ['bytes:string', 'bytes', 'AQID', Schemas.OPTIONAL_STRING],
    ['d:int32', 'd', 12, Schemas.INT32],
    ['d:float64', 'd', 12.34, Schemas.FLOAT64],
    ['d:string', 'd', '12.34', Schemas.STRING],
    ['day:int32', 'day', 3, Schemas.INT32],
    ['day:string', 'day', '1970-01-04', Schemas.STRING],
  ])('spec %s', async (spec, field, expected, schema) => {
    const t = await transform('org.apache.kafka.connect.transforms.Cast$Value', { spec });
    const out = t.apply(sink({ valueSchema: s, value: frozen({ ...v, bytes: new Uint8Array([1, 2, 3]), day: new Date(86_400_000 * 3) }) }))!;
    expect((out.value as Record<string, unknown>)[field]).toEqual(expected);
    expect(fieldOf(out.valueSchema!, field)!.schema.type).toBe(schema.type);
    expect(fieldOf(out.valueSchema!, field)!.schema.optional).toBe(schema.optional);
    validateValue(out.valueSchema!, out.value);
  });

  it('casts several fields at once, keeps the others, casts defaults, caches the schema', async () => {
    const t = await transform('Cast$Value', { spec: 'i:string,opt:string' });
    const a = t.apply(sink({ valueSchema: s, value: v }))!;
    expect(a.value).toMatchObject({ i: '300', opt: '7', f: 2.9 });
    expect(fieldOf(a.valueSchema!, 'opt')!.schema.defaultValue).toBe('7');
    expect(fieldOf(a.valueSchema!, 'opt')!.schema.optional).toBe(true);
    expect(t.apply(sink({ valueSchema: s, value: v }))!.valueSchema).toBe(a.valueSchema);
  });

  it('casts the whole value, schema\'d and schemaless', async () => {
    const t = await transform('Cast$Value', { spec: 'string' });
    const out = t.apply(sink({ valueSchema: Schemas.OPTIONAL_INT64, value: 12 }))!;
    expect(out.value).toBe('12');
    expect(out.valueSchema).toEqual(Schemas.OPTIONAL_STRING);
    expect(t.apply(sink({ value: 1.5 }))!.value).toBe('1.5');
    const ts = await transform('Cast$Value', { spec: 'int64' });
    const fromTs = ts.apply(sink({ valueSchema: ConnectTimestamp.SCHEMA, value: new Date(1234) }))!;
    expect(fromTs.value).toBe(1234);
    expect(fromTs.valueSchema!.name).toBeUndefined();
  });

  it('parses strings as Java does (type suffixes, NaN, no hex)', async () => {
    const t = await transform('Cast$Value', { spec: 'a:float64,b:float32,c:float64' });
    expect(t.apply(sink({ value: { a: '2.5d', b: '1e3f', c: 'NaN' } }))!.value).toEqual({ a: 2.5, b: 1000, c: NaN });
    expect(() => t.apply(sink({ value: { a: '0x10' } }))).toThrow(/For input string: "0x10"/);
  });

  it('casts schemaless map fields and keys', async () => {
    const t = await transform('Cast$Key', { spec: 'a:int32,b:float64' });
    expect(t.apply(sink({ key: frozen({ a: '17', b: 3, c: 'x' }) }))!.key).toEqual({ a: 17, b: 3, c: 'x' });
  });

  it.each([
    ['str:int32', { str: 'abc' }, /For input string: "abc"/],
    ['str:int8', { str: '1000' }, /out of range/],
    ['m:string', { m: new Map() }, /not supported/],
  ])('raises for %s on %j', async (spec, value, msg) => {
    const t = await transform('Cast$Value', { spec, 'transform.alias': 'cast' });
    expect(() => t.apply(sink({ value }))).toThrow(msg);
  });

  it('refuses struct fields and bad specs', async () => {
    const withStruct = SchemaBuilder.struct().field('inner', SchemaBuilder.struct().field('x', Schemas.INT32).build()).build();
    const t = await transform('Cast$Value', { spec: 'inner:string' });
    expect(() => t.apply(sink({ valueSchema: withStruct, value: { inner: { x: 1 } } }))).toThrow(/does not support casting to\/from struct/);
    await expect(transform('Cast$Value', { spec: 'a:decimal' })).rejects.toThrow(ConfigError);
    await expect(transform('Cast$Value', { spec: 'int32,a:string' })).rejects.toThrow(ConfigError);
    await expect(transform('Cast$Value', {})).rejects.toThrow(ConfigError);
  });

  it('passes tombstones through', async () => {
    const t = await transform('Cast$Value', { spec: 'string' });
    const r = sink({ value: null });
    expect(t.apply(r)).toBe(r);
  });
});

describe('Flatten', () => {
  const inner = SchemaBuilder.struct().field('city', Schemas.STRING).field('zip', SchemaBuilder.string().optional().defaultValue('0000')).build();
  const s = SchemaBuilder.struct()
    .name('Order')
    .field('id', Schemas.INT32)
    .field('addr', inner)
    .field('opt', SchemaBuilder.struct().field('n', Schemas.INT32).optional().build())
    .field('tags', SchemaBuilder.array(Schemas.STRING))
    .build();

  it('flattens nested structs with the delimiter; optional parents make leaves optional', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.Flatten$Value', {});
    const out = t.apply(sink({ valueSchema: s, value: frozen({ id: 1, addr: { city: 'Oslo', zip: null }, opt: null, tags: ['a'] }) }))!;
    expect(out.value).toEqual({ id: 1, 'addr.city': 'Oslo', 'addr.zip': '0000', 'opt.n': null, tags: ['a'] });
    const os = out.valueSchema!;
    expect(os.name).toBe('Order');
    expect(os.fields!.map((f) => f.name)).toEqual(['id', 'addr.city', 'addr.zip', 'opt.n', 'tags']);
    expect(fieldOf(os, 'opt.n')!.schema.optional).toBe(true);
    expect(fieldOf(os, 'addr.city')!.schema.optional).toBe(false);
    validateValue(os, out.value);
    expect(t.apply(sink({ valueSchema: s, value: { id: 2, addr: { city: 'x', zip: '1' }, opt: { n: 1 }, tags: [] } }))!.valueSchema).toBe(os);
  });

  it('flattens schemaless maps with a custom delimiter', async () => {
    const t = await transform('Flatten$Key', { delimiter: '_' });
    expect(t.apply(sink({ key: { a: { b: { c: 1 }, d: null }, e: [1, { x: 1 }] } }))!.key).toEqual({ a_b_c: 1, a_d: null, e: [1, { x: 1 }] });
  });

  it('raises for map fields inside schema\'d structs, passes tombstones', async () => {
    const withMap = SchemaBuilder.struct().field('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING)).build();
    const t = await transform('Flatten$Value', { 'transform.alias': 'flat' });
    expect(() => t.apply(sink({ valueSchema: withMap, value: { m: {} } }))).toThrow(/'flat' failed on field 'm'.*does not support MAP/);
    const tomb = sink({ value: null });
    expect(t.apply(tomb)).toBe(tomb);
  });
});
