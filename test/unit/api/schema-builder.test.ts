import { describe, expect, it } from 'vitest';
import { ConnectError, SchemaValidationError } from '../../../src/api/errors.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { schemaEquals } from '../../../src/api/schema-equals.js';
import { Schemas } from '../../../src/api/schemas.js';
import { fieldOf, fieldValue, requireField } from '../../../src/api/struct-field.js';

describe('SchemaBuilder', () => {
  it('builds a primitive with every attribute', () => {
    const s = SchemaBuilder.int32().optional().defaultValue(0).name('n').version(2).doc('a number').parameter('k', 'v').build();
    expect(s).toEqual({ type: 'int32', optional: true, defaultValue: 0, name: 'n', version: 2, doc: 'a number', parameters: { k: 'v' } });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('sets only present attributes, so schemas compare with toEqual and JSON', () => {
    expect(SchemaBuilder.string().build()).toEqual({ type: 'string', optional: false });
    expect(Object.keys(SchemaBuilder.string().build())).toEqual(['type', 'optional']);
  });

  it('is immutable: each call returns a new builder and leaves the old one alone', () => {
    const base = SchemaBuilder.struct().name('Base').field('id', Schemas.INT64);
    const a = base.field('a', Schemas.STRING).build();
    const b = base.optional().build();
    expect(a.fields?.map((f) => f.name)).toEqual(['id', 'a']);
    expect(b.fields?.map((f) => f.name)).toEqual(['id']);
    expect(base.build().optional).toBe(false);
  });

  it('builds structs with ordered, indexed fields and accepts builders as field schemas', () => {
    const address = SchemaBuilder.struct().name('Address').field('street', Schemas.STRING).field('zip', SchemaBuilder.int32().optional()).build();
    expect(address.fields).toEqual([
      { name: 'street', index: 0, schema: Schemas.STRING },
      { name: 'zip', index: 1, schema: { type: 'int32', optional: true } },
    ]);
    expect(fieldOf(address, 'zip')?.index).toBe(1);
    expect(fieldOf(address, 'nope')).toBeUndefined();
    expect(() => requireField(address, 'nope')).toThrow(/struct 'Address' has no field 'nope' \(fields: street, zip\)/);
  });

  it('builds arrays and maps', () => {
    expect(SchemaBuilder.array(Schemas.STRING).build()).toEqual({ type: 'array', optional: false, valueSchema: Schemas.STRING });
    const m = SchemaBuilder.map(Schemas.STRING, SchemaBuilder.int64().optional()).optional().build();
    expect(m).toEqual({ type: 'map', optional: true, keySchema: Schemas.STRING, valueSchema: Schemas.OPTIONAL_INT64 });
  });

  it('merges parameters and keeps earlier ones', () => {
    const s = SchemaBuilder.bytes().parameter('a', '1').parameters({ b: '2' }).parameter('a', '3').build();
    expect(s.parameters).toEqual({ a: '3', b: '2' });
  });

  it('from() copies a schema so it can be widened', () => {
    const s = SchemaBuilder.struct().name('R').field('id', Schemas.INT64).build();
    const wider = SchemaBuilder.from(s).field('ts', Schemas.OPTIONAL_INT64).build();
    expect(wider.fields?.map((f) => [f.name, f.index])).toEqual([['id', 0], ['ts', 1]]);
    expect(s.fields).toHaveLength(1);
    expect(schemaEquals(SchemaBuilder.from(s).build(), s)).toBe(true);
  });

  it.each([
    ['duplicate field', () => SchemaBuilder.struct().field('a', Schemas.INT8).field('a', Schemas.INT8), /duplicate field 'a'/],
    ['field on a non-struct', () => SchemaBuilder.int32().field('a', Schemas.INT8), /only structs have fields/],
    ['empty field name', () => SchemaBuilder.struct().field('', Schemas.INT8), /must not be empty/],
    ['non-integer version', () => SchemaBuilder.int8().version(1.5), /version must be an integer/],
    ['type(array)', () => SchemaBuilder.type('array'), /SchemaBuilder.array/],
  ])('rejects %s', (_what, make, message) => {
    expect(make).toThrow(ConnectError);
    expect(make).toThrow(message);
  });

  it('checks the default value against the finished schema at build()', () => {
    expect(() => SchemaBuilder.int8().defaultValue(300).build()).toThrow(SchemaValidationError);
    expect(() => SchemaBuilder.int8().defaultValue(300).build()).toThrow('default: expected int8, got 300 (out of range -128..127)');
    const withStructDefault = SchemaBuilder.struct().defaultValue({ a: 1 }).field('a', Schemas.INT32).build();
    expect(withStructDefault.defaultValue).toEqual({ a: 1 });
  });

  it('type() makes primitives and structs', () => {
    expect(SchemaBuilder.type('float64').build()).toEqual(Schemas.FLOAT64);
    expect(SchemaBuilder.type('struct').build()).toEqual({ type: 'struct', optional: false, fields: [] });
  });
});

describe('Schemas constants', () => {
  it.each(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'] as const)('%s and OPTIONAL_%s', (name) => {
    const type = { BOOLEAN: 'boolean', FLOAT32: 'float32', FLOAT64: 'float64' }[name as string] ?? name.toLowerCase();
    expect(Schemas[name]).toEqual({ type, optional: false });
    expect(Schemas[`OPTIONAL_${name}`]).toEqual({ type, optional: true });
    expect(Object.isFrozen(Schemas[name])).toBe(true);
  });
});

describe('fieldValue', () => {
  it('falls back to the field default for null or missing values', () => {
    const s = SchemaBuilder.struct().field('n', SchemaBuilder.int32().defaultValue(7)).field('o', Schemas.OPTIONAL_STRING).build();
    const n = requireField(s, 'n');
    const o = requireField(s, 'o');
    expect(fieldValue({ n: 1 }, n)).toBe(1);
    expect(fieldValue({ n: null }, n)).toBe(7);
    expect(fieldValue({}, n)).toBe(7);
    expect(fieldValue({}, o)).toBeNull();
  });
});
