import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { schemaEquals, valuesEqual } from '../../../src/api/schema-equals.js';
import { Schemas } from '../../../src/api/schemas.js';

const struct = () =>
  SchemaBuilder.struct().name('R').field('id', Schemas.INT64).field('tags', SchemaBuilder.map(Schemas.STRING, Schemas.BYTES));

describe('schemaEquals', () => {
  it('compares structurally, not by identity', () => {
    expect(schemaEquals(struct().build(), struct().build())).toBe(true);
    expect(schemaEquals(Decimal.schema(2), Decimal.schema(2))).toBe(true);
    expect(schemaEquals(SchemaBuilder.int32().build(), Schemas.INT32)).toBe(true);
    expect(schemaEquals(undefined, undefined)).toBe(true);
    expect(schemaEquals(null, undefined)).toBe(true);
  });

  it.each([
    ['type', Schemas.INT32, Schemas.INT64],
    ['optional', Schemas.INT32, Schemas.OPTIONAL_INT32],
    ['name', struct().build(), struct().name('S').build()],
    ['version', struct().build(), struct().version(2).build()],
    ['doc', struct().build(), struct().doc('d').build()],
    ['parameters', Decimal.schema(2), Decimal.schema(3)],
    ['default', SchemaBuilder.int32().defaultValue(1).build(), SchemaBuilder.int32().defaultValue(2).build()],
    ['field order', struct().field('a', Schemas.INT8).field('b', Schemas.INT8).build(), struct().field('b', Schemas.INT8).field('a', Schemas.INT8).build()],
    ['extra field', struct().build(), struct().field('x', Schemas.INT8).build()],
    ['nested field schema', struct().field('a', Schemas.INT8).build(), struct().field('a', Schemas.OPTIONAL_INT8).build()],
    ['map key', SchemaBuilder.map(Schemas.STRING, Schemas.INT8).build(), SchemaBuilder.map(Schemas.INT8, Schemas.INT8).build()],
    ['array element', SchemaBuilder.array(Schemas.STRING).build(), SchemaBuilder.array(Schemas.BYTES).build()],
    ['missing', Schemas.INT32, undefined],
  ])('tells schemas apart by %s', (_what, a, b) => {
    expect(schemaEquals(a, b)).toBe(false);
    expect(schemaEquals(b, a)).toBe(false);
  });

  it('treats missing and empty parameters alike', () => {
    expect(schemaEquals(Schemas.STRING, SchemaBuilder.string().parameters({}).build())).toBe(true);
  });
});

describe('valuesEqual', () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1n, true],
    [1.5, 1n, false],
    [NaN, NaN, true],
    [new Uint8Array([1, 2]), Buffer.from([1, 2]), true],
    [new Uint8Array([1, 2]), new Uint8Array([1, 3]), false],
    [new Date(5), new Date(5), true],
    [new Date(5), 5, false],
    [{ a: [1, { b: 2n }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [new Map([['a', 1]]), { a: 1 }, true],
    [null, undefined, false],
    ['x', 'x', true],
  ])('%o vs %o → %s', (a, b, equal) => {
    expect(valuesEqual(a, b)).toBe(equal);
  });
});
