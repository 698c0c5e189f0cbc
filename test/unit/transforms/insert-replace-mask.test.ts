import { describe, expect, it } from 'vitest';
import { ConfigError, ConnectTimestamp, Decimal, SchemaBuilder, Schemas, fieldOf, validateValue } from '../../../src/api/index.js';
import { TransformError } from '../../../transforms/support/transform-error.js';
import { alice, frozen, person, sink, source, transform } from './transform-test-kit.js';

describe('InsertField', () => {
  const all = {
    'topic.field': 'topic',
    'partition.field': 'partition!',
    'offset.field': 'offset?',
    'timestamp.field': 'ts',
    'static.field': 'origin',
    'static.value': 'pg',
  };

  it('inserts topic, partition, offset, timestamp and a static value into a struct (schema widened once)', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.InsertField$Value', all);
    const rec = sink({ valueSchema: person, value: frozen({ ...alice }) });
    const out = t.apply(rec)!;
    expect(out.value).toEqual({ ...alice, topic: 'orders', partition: 3, offset: 42, ts: new Date(1_700_000_000_123), origin: 'pg' });
    const s = out.valueSchema!;
    expect(s.name).toBe('Person');
    expect(s.version).toBe(2);
    expect(s.fields!.map((f) => f.name)).toEqual(['id', 'name', 'age', 'topic', 'partition', 'offset', 'ts', 'origin']);
    expect(fieldOf(s, 'topic')!.schema).toBe(Schemas.OPTIONAL_STRING);
    expect(fieldOf(s, 'partition')!.schema).toBe(Schemas.INT32);
    expect(fieldOf(s, 'offset')!.schema).toBe(Schemas.OPTIONAL_INT64);
    expect(fieldOf(s, 'ts')!.schema).toBe(ConnectTimestamp.OPTIONAL_SCHEMA);
    validateValue(s, out.value);
    expect(t.apply(sink({ valueSchema: person, value: { ...alice, id: 2 } }))!.valueSchema).toBe(s);
    expect(rec.valueSchema).toBe(person);
  });

  it('inserts into a schemaless map (timestamp as epoch millis)', async () => {
    const t = await transform('InsertField$Value', all);
    const out = t.apply(sink({ value: frozen({ a: 1 }) }))!;
    expect(out.value).toEqual({ a: 1, topic: 'orders', partition: 3, offset: 42, ts: 1_700_000_000_123, origin: 'pg' });
    expect(out.valueSchema).toBeNull();
  });

  it('works on the key with $Key', async () => {
    const t = await transform('InsertField$Key', { 'topic.field': 't' });
    const out = t.apply(sink({ key: { k: 1 }, value: 'v' }))!;
    expect(out.key).toEqual({ k: 1, t: 'orders' });
    expect(out.value).toBe('v');
  });

  it('passes tombstones through untouched', async () => {
    const t = await transform('InsertField$Value', all);
    const rec = sink({ valueSchema: person, value: null });
    expect(t.apply(rec)).toBe(rec);
  });

  it('reads null fields as their default unless replace.null.with.default=false', async () => {
    const on = await transform('InsertField$Value', { 'topic.field': 't' });
    const off = await transform('InsertField$Value', { 'topic.field': 't', 'replace.null.with.default': 'false' });
    const rec = sink({ valueSchema: person, value: { id: 1, name: 'a', age: null } });
    expect((on.apply(rec)!.value as { age: unknown }).age).toBe(18);
    expect((off.apply(rec)!.value as { age: unknown }).age).toBeNull();
  });

  it.each([
    ['offset on a source record', { 'offset.field': 'o' }, source({ value: { a: 1 } }), 'o'],
    ['a schemaless non-map value', { 'topic.field': 't' }, sink({ value: 'text' }), null],
    ['a schema\'d non-struct value', { 'topic.field': 't' }, sink({ valueSchema: Schemas.STRING, value: 'x' }), null],
    ['a required field with a null value', { 'partition.field': 'p!' }, source({ valueSchema: person, value: alice }), 'p'],
  ])('raises a TransformError for %s', async (_what, cfg, rec, field) => {
    const t = await transform('InsertField$Value', { ...cfg, 'transform.alias': 'addMeta' });
    let err: unknown;
    try {
      t.apply(rec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransformError);
    const te = err as TransformError;
    expect(te.transform).toBe('addMeta');
    expect(te.field).toBe(field);
    expect(te.topic).toBe('orders');
    expect(te.code).toBe('TRIB_TRANSFORM');
    expect(te.message).toContain("Transform 'addMeta'");
    expect(te.message).toContain('topic=orders');
  });

  it('names the source offset of a source record in the error', async () => {
    const t = await transform('InsertField$Value', { 'offset.field': 'o' });
    expect(() => t.apply(source({ value: { a: 1 } }))).toThrow(/partition=null offset=null sourceOffset=\{"lsn":1\}/);
  });

  it('names the sink record partition and offset in the error', async () => {
    const t = await transform('InsertField$Value', { 'topic.field': 't' });
    expect(() => t.apply(sink({ value: 5, partition: 7, offset: 99 }))).toThrow(/InsertField\$Value.*partition=7 offset=99/);
  });
});

describe('ReplaceField', () => {
  const cases: [string, Record<string, string>, Record<string, unknown>][] = [
    ['exclude', { exclude: 'age' }, { id: 1, name: 'alice' }],
    ['include', { include: 'name,age' }, { name: 'alice', age: 30 }],
    ['exclude wins over include', { include: 'id,name', exclude: 'name' }, { id: 1 }],
    ['renames', { renames: 'id:key,name:full_name' }, { key: 1, full_name: 'alice', age: 30 }],
    ['legacy blacklist', { blacklist: 'age' }, { id: 1, name: 'alice' }],
    ['legacy whitelist', { whitelist: 'id' }, { id: 1 }],
    ['new key wins over legacy', { include: 'name', whitelist: 'id' }, { name: 'alice' }],
    ['include + rename', { include: 'id', renames: 'id:pk' }, { pk: 1 }],
  ];

  it.each(cases)('%s (struct)', async (_n, cfg, expected) => {
    const t = await transform('org.apache.kafka.connect.transforms.ReplaceField$Value', cfg);
    const out = t.apply(sink({ valueSchema: person, value: frozen({ ...alice }) }))!;
    expect(out.value).toEqual(expected);
    expect(out.valueSchema!.fields!.map((f) => f.name)).toEqual(Object.keys(expected));
    expect(out.valueSchema!.name).toBe('Person');
    validateValue(out.valueSchema!, out.value);
  });

  it.each(cases)('%s (schemaless)', async (_n, cfg, expected) => {
    const t = await transform('ReplaceField$Value', cfg);
    expect(t.apply(sink({ value: frozen({ ...alice }) }))!.value).toEqual(expected);
  });

  it('keeps a renamed field schema and caches the schema per input schema', async () => {
    const t = await transform('ReplaceField$Key', { renames: 'id:pk' });
    const a = t.apply(sink({ keySchema: person, key: alice }))!;
    const b = t.apply(sink({ keySchema: person, key: { ...alice, id: 9 } }))!;
    expect(a.keySchema).toBe(b.keySchema);
    expect(fieldOf(a.keySchema!, 'pk')!.schema).toBe(Schemas.INT32);
    expect(b.key).toEqual({ pk: 9, name: 'alice', age: 30 });
  });

  it('rejects a malformed rename at configure time', async () => {
    await expect(transform('ReplaceField$Value', { renames: 'a:b:c' })).rejects.toThrow(ConfigError);
    await expect(transform('ReplaceField$Value', { renames: 'ab' })).rejects.toThrow(/Invalid rename mapping: ab/);
  });

  it('passes tombstones and raises on a non-struct value', async () => {
    const t = await transform('ReplaceField$Value', { exclude: 'a' });
    const tomb = sink({ value: null });
    expect(t.apply(tomb)).toBe(tomb);
    expect(() => t.apply(sink({ value: [1, 2] }))).toThrow(/Only Map objects supported.*found: array/);
  });
});

describe('MaskField', () => {
  const all = SchemaBuilder.struct()
    .field('i8', Schemas.INT8)
    .field('i64', Schemas.INT64)
    .field('f', Schemas.FLOAT64)
    .field('b', Schemas.BOOLEAN)
    .field('s', Schemas.STRING)
    .field('d', Decimal.schema(2))
    .field('ts', ConnectTimestamp.SCHEMA)
    .field('arr', SchemaBuilder.array(Schemas.STRING))
    .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.INT32))
    .field('keep', Schemas.STRING)
    .build();
  const v = { i8: 5, i64: 1234567890123n, f: 1.5, b: true, s: 'secret', d: '12.34', ts: new Date(5), arr: ['x'], m: { a: 1 }, keep: 'k' };
  const fields = 'i8,i64,f,b,s,d,ts,arr,m';

  it('masks every type to its neutral value (struct)', async () => {
    const t = await transform('MaskField$Value', { fields });
    const out = t.apply(sink({ valueSchema: all, value: frozen({ ...v, arr: ['x'], m: { a: 1 } }) }))!;
    expect(out.value).toEqual({ i8: 0, i64: 0, f: 0, b: false, s: '', d: '0.00', ts: new Date(0), arr: [], m: {}, keep: 'k' });
    expect(out.valueSchema).toBe(all);
    validateValue(all, out.value);
  });

  it('masks schemaless values by their JS type', async () => {
    const t = await transform('MaskField$Value', { fields: 'n,big,s,b,d,a,o' });
    const out = t.apply(sink({ value: { n: 3, big: 5n, s: 'x', b: true, d: new Date(9), a: [1], o: { x: 1 }, keep: 1 } }))!;
    expect(out.value).toEqual({ n: 0, big: 0n, s: '', b: false, d: new Date(0), a: [], o: {}, keep: 1 });
  });

  it.each([
    ['s', 'REDACTED', 'REDACTED'],
    ['i8', '7', 7],
    ['i64', '9007199254740993', 9007199254740993n],
    ['f', '2.5', 2.5],
    ['d', '1.5', '1.50'],
  ])('replaces %s with replacement %s', async (field, replacement, expected) => {
    const t = await transform('MaskField$Value', { fields: field, replacement });
    expect((t.apply(sink({ valueSchema: all, value: v }))!.value as Record<string, unknown>)[field]).toEqual(expected);
  });

  it.each([
    ['b', 'x', /Cannot mask value of type boolean with custom replacement/],
    ['i8', 'abc', /Unable to convert abc/],
    ['i8', '300', /Unable to convert 300/],
    ['ts', '1', /Cannot mask value of type Timestamp with custom replacement/],
  ])('raises naming field %s for replacement %s', async (field, replacement, msg) => {
    const t = await transform('MaskField$Value', { fields: field, replacement, 'transform.alias': 'mask' });
    expect(() => t.apply(sink({ valueSchema: all, value: v }))).toThrow(msg);
    expect(() => t.apply(sink({ valueSchema: all, value: v }))).toThrow(new RegExp(`'mask' failed on field '${field}'`));
  });

  it('requires a non-empty fields list and a non-empty replacement', async () => {
    await expect(transform('MaskField$Value', {})).rejects.toThrow(ConfigError);
    await expect(transform('MaskField$Value', { fields: 'a', replacement: '' })).rejects.toThrow(ConfigError);
  });

  it('masks the key with $Key and passes null keys', async () => {
    const t = await transform('MaskField$Key', { fields: 'id' });
    expect(t.apply(sink({ keySchema: person, key: alice }))!.key).toEqual({ ...alice, id: 0 });
    const nullKey = sink({ key: null, value: 1 });
    expect(t.apply(nullKey)).toBe(nullKey);
  });
});
