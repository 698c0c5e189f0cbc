import { describe, expect, it } from 'vitest';
import { ConfigError, SchemaBuilder, Schemas, validateValue } from '../../../src/api/index.js';
import { parseFieldPath } from '../../../transforms/support/field-path.js';
import { TransformError } from '../../../transforms/support/transform-error.js';
import { alice, frozen, person, sink, transform } from './transform-test-kit.js';

const address = SchemaBuilder.struct().field('city', Schemas.STRING).field('zip', Schemas.OPTIONAL_STRING).build();
const nested = SchemaBuilder.struct()
  .field('id', Schemas.INT32)
  .field('address', SchemaBuilder.struct().field('city', Schemas.STRING).field('zip', Schemas.OPTIONAL_STRING).optional().build())
  .field('a.b', Schemas.STRING)
  .build();

describe('field paths (field.syntax.version)', () => {
  it.each([
    ['a.b', 'V1', ['a.b']],
    ['a.b', 'V2', ['a', 'b']],
    ['a', 'V2', ['a']],
    ['`a.b`.c', 'V2', ['a.b', 'c']],
    ['x.`a.b`', 'V2', ['x', 'a.b']],
    ['`a\\`b`.c', 'V2', ['a`b', 'c']],
    ['a.', 'V2', ['a', '']],
    ['', 'V2', []],
  ] as const)('%s (%s) → %j', (path, v, steps) => {
    expect(parseFieldPath(path, v)).toEqual(steps);
  });

  it('rejects an unmatched backtick', () => {
    expect(() => parseFieldPath('`a.b', 'V2')).toThrow(ConfigError);
  });
});

describe('ExtractField', () => {
  it('extracts a top-level field with its schema (struct and map)', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.ExtractField$Value', { field: 'name' });
    const out = t.apply(sink({ valueSchema: person, value: frozen({ ...alice }) }))!;
    expect(out.value).toBe('alice');
    expect(out.valueSchema).toBe(Schemas.STRING);
    expect(t.apply(sink({ value: { name: 'bob' } }))!.value).toBe('bob');
    expect(t.apply(sink({ value: { other: 1 } }))!.value).toBeNull();
  });

  it('extracts nested paths with V2, and quoted names with dots', async () => {
    const v2 = await transform('ExtractField$Value', { field: 'address.city', 'field.syntax.version': 'V2' });
    const rec = sink({ valueSchema: nested, value: { id: 1, address: { city: 'Oslo', zip: null }, 'a.b': 'dotted' } });
    expect(v2.apply(rec)!.value).toBe('Oslo');
    expect(v2.apply(rec)!.valueSchema).toBe(address.fields![0]!.schema);
    expect(v2.apply(sink({ valueSchema: nested, value: { id: 1, address: null, 'a.b': 'x' } }))!.value).toBeNull();
    expect(v2.apply(sink({ value: { address: { city: 'Rome' } } }))!.value).toBe('Rome');
    const quoted = await transform('ExtractField$Value', { field: '`a.b`', 'field.syntax.version': 'V2' });
    expect(quoted.apply(rec)!.value).toBe('dotted');
    const v1 = await transform('ExtractField$Value', { field: 'a.b' });
    expect(v1.apply(rec)!.value).toBe('dotted');
  });

  it('applies the field default unless replace.null.with.default=false', async () => {
    const on = await transform('ExtractField$Value', { field: 'age' });
    const off = await transform('ExtractField$Value', { field: 'age', 'replace.null.with.default': false });
    const rec = sink({ valueSchema: person, value: { id: 1, name: 'a', age: null } });
    expect(on.apply(rec)!.value).toBe(18);
    expect(off.apply(rec)!.value).toBeNull();
  });

  it('extracts from the key with $Key; a null value keeps null (with the field schema)', async () => {
    const t = await transform('ExtractField$Key', { field: 'id' });
    expect(t.apply(sink({ keySchema: person, key: alice }))!.key).toBe(1);
    const out = t.apply(sink({ keySchema: person, key: null }))!;
    expect(out.key).toBeNull();
    expect(out.keySchema).toBe(Schemas.INT32);
  });

  it.each([
    ['an unknown field', { field: 'nope' }, sink({ valueSchema: person, value: alice }), /Unknown field: nope/],
    ['a non-struct value', { field: 'x' }, sink({ valueSchema: Schemas.STRING, value: 's' }), /Only Struct objects supported/],
    ['a schemaless non-map', { field: 'x' }, sink({ value: 5 }), /Only Map objects supported/],
  ])('raises for %s', async (_n, cfg, rec, msg) => {
    const t = await transform('ExtractField$Value', { ...cfg, 'transform.alias': 'pick' });
    expect(() => t.apply(rec)).toThrow(TransformError);
    expect(() => t.apply(rec)).toThrow(msg);
  });
});

describe('HoistField', () => {
  it('wraps a schema\'d value in a single-field struct (schema cached)', async () => {
    const t = await transform('HoistField$Value', { field: 'payload' });
    const a = t.apply(sink({ valueSchema: Schemas.STRING, value: 'x' }))!;
    expect(a.value).toEqual({ payload: 'x' });
    expect(a.valueSchema!.fields![0]!.schema).toBe(Schemas.STRING);
    expect(t.apply(sink({ valueSchema: Schemas.STRING, value: 'y' }))!.valueSchema).toBe(a.valueSchema);
    validateValue(a.valueSchema!, a.value);
  });

  it('wraps schemaless values and keys', async () => {
    const t = await transform('HoistField$Key', { field: 'k' });
    expect(t.apply(sink({ key: 7 }))!.key).toEqual({ k: 7 });
    expect(t.apply(sink({ key: null }))!.key).toEqual({ k: null });
  });

  it('raises for null with a required schema', async () => {
    const t = await transform('HoistField$Value', { field: 'p' });
    expect(() => t.apply(sink({ valueSchema: Schemas.STRING, value: null }))).toThrow(/null used for required field/);
    expect(t.apply(sink({ valueSchema: Schemas.OPTIONAL_STRING, value: null }))!.value).toEqual({ p: null });
  });
});

describe('ValueToKey', () => {
  it('builds a struct key from value fields (schema cached per value schema)', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.ValueToKey', { fields: 'id,name' });
    const a = t.apply(sink({ valueSchema: person, value: frozen({ ...alice }), key: 'old' }))!;
    expect(a.key).toEqual({ id: 1, name: 'alice' });
    expect(a.keySchema!.fields!.map((f) => [f.name, f.schema])).toEqual([
      ['id', Schemas.INT32],
      ['name', Schemas.STRING],
    ]);
    expect(a.value).toEqual(alice);
    expect(t.apply(sink({ valueSchema: person, value: alice }))!.keySchema).toBe(a.keySchema);
  });

  it('builds a map key from a schemaless value (missing → null)', async () => {
    const t = await transform('ValueToKey', { fields: 'id,missing' });
    const out = t.apply(sink({ value: { id: 5, x: 1 } }))!;
    expect(out.key).toEqual({ id: 5, missing: null });
    expect(out.keySchema).toBeNull();
  });

  it('raises for a field the schema lacks, and for a tombstone', async () => {
    const t = await transform('ValueToKey', { fields: 'nope', 'transform.alias': 'v2k' });
    expect(() => t.apply(sink({ valueSchema: person, value: alice }))).toThrow(/'v2k' failed on field 'nope'.*Field does not exist: nope/);
    expect(() => t.apply(sink({ value: null }))).toThrow(/found: null/);
  });
});
