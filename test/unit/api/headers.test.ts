import { describe, expect, it } from 'vitest';
import { ConnectError, SchemaValidationError } from '../../../src/api/errors.js';
import { EMPTY_HEADERS, Headers } from '../../../src/api/headers.js';
import { ConnectDate, Decimal } from '../../../src/api/logical-types.js';
import { Schemas } from '../../../src/api/schemas.js';

const keys = (h: Iterable<{ key: string }>) => [...h].map((x) => x.key);
const values = (h: Iterable<{ value: unknown }>) => [...h].map((x) => x.value);

describe('Headers', () => {
  it('keeps insertion order and repeated keys', () => {
    const h = new Headers().add('a', 1).add('b', 2).add('a', 3);
    expect(keys(h)).toEqual(['a', 'b', 'a']);
    expect(h.size).toBe(3);
    expect(h.isEmpty()).toBe(false);
    expect(h.has('b')).toBe(true);
    expect(h.has('c')).toBe(false);
  });

  it('lastWithName returns the latest, allWithName every one in order', () => {
    const h = new Headers().add('a', 1).add('b', 2).add('a', 3);
    expect(h.lastWithName('a')).toEqual({ key: 'a', value: 3, schema: null });
    expect(h.lastWithName('zzz')).toBeUndefined();
    expect(values(h.allWithName('a'))).toEqual([1, 3]);
    expect(h.allWithName('zzz')).toEqual([]);
  });

  it('remove drops every header of a key', () => {
    const h = new Headers().add('a', 1).add('b', 2).add('a', 3).remove('a');
    expect(keys(h)).toEqual(['b']);
  });

  it('retainLatest keeps the last of each key, or of one key, in order', () => {
    const all = new Headers().add('a', 1).add('b', 2).add('a', 3).add('c', 4).add('b', 5).retainLatest();
    expect([...all].map((x) => [x.key, x.value])).toEqual([['a', 3], ['c', 4], ['b', 5]]);
    const one = new Headers().add('a', 1).add('b', 2).add('a', 3).add('b', 5).retainLatest('a');
    expect([...one].map((x) => [x.key, x.value])).toEqual([['b', 2], ['a', 3], ['b', 5]]);
  });

  it('duplicate is independent of the original both ways', () => {
    const original = new Headers().add('a', 1);
    const copy = original.duplicate().add('b', 2);
    original.add('c', 3);
    expect(keys(original)).toEqual(['a', 'c']);
    expect(keys(copy)).toEqual(['a', 'b']);
  });

  it('iteration is a snapshot: adding while iterating does not loop forever', () => {
    const h = new Headers().add('a', 1);
    for (const x of h) h.add(`${x.key}!`, 0);
    expect(keys(h)).toEqual(['a', 'a!']);
    expect(h.toArray()).not.toBe(h.toArray());
  });

  it('checks a value against the schema it is added with', () => {
    expect(() => new Headers().add('n', 'x', Schemas.INT32)).toThrow(SchemaValidationError);
    expect(() => new Headers().add('n', 'x', Schemas.INT32)).toThrow("header 'n': expected int32, got string");
    expect(() => new Headers().addInt8('n', 1000)).toThrow(/out of range/);
  });

  it('typed adders attach the matching schema, optional for null', () => {
    const h = new Headers()
      .addString('s', 'x')
      .addString('ns', null)
      .addBoolean('b', true)
      .addInt16('i16', 7)
      .addInt64('i64', 2n ** 62n)
      .addFloat64('f', 1.5)
      .addBytes('y', Uint8Array.of(1))
      .addDecimal('d', '1.50', 2)
      .addDate('dt', new Date(0))
      .addTimestamp('ts', new Date(5));
    expect(h.lastWithName('s')?.schema).toBe(Schemas.STRING);
    expect(h.lastWithName('ns')?.schema).toBe(Schemas.OPTIONAL_STRING);
    expect(h.lastWithName('i64')?.value).toBe(2n ** 62n);
    expect(h.lastWithName('d')?.schema).toEqual(Decimal.schema(2));
    expect(h.lastWithName('dt')?.schema).toBe(ConnectDate.SCHEMA);
    expect(() => new Headers().addDecimal('d', '1.234', 2)).toThrow(SchemaValidationError);
    expect(() => new Headers().addDate('d', new Date(1))).toThrow(SchemaValidationError);
  });

  it('constructs from entries and accepts missing schemas', () => {
    const h = new Headers([{ key: 'a', value: 'x' }, { key: 'b', value: 1, schema: Schemas.INT32 }]);
    expect(h.toArray()).toEqual([
      { key: 'a', value: 'x', schema: null },
      { key: 'b', value: 1, schema: Schemas.INT32 },
    ]);
    expect(keys(new Headers().addAll(h))).toEqual(['a', 'b']);
  });

  it('frozen headers refuse changes; their duplicate does not', () => {
    const h = new Headers().add('a', 1).freeze();
    expect(h.frozen).toBe(true);
    expect(() => h.add('b', 2)).toThrow(ConnectError);
    expect(() => h.remove('a')).toThrow(/duplicate\(\)/);
    expect(() => h.retainLatest()).toThrow(ConnectError);
    expect(() => h.clear()).toThrow(ConnectError);
    expect(keys(h.duplicate().add('b', 2))).toEqual(['a', 'b']);
    expect(() => (EMPTY_HEADERS as Headers).add('x', 1)).toThrow(ConnectError);
    expect(EMPTY_HEADERS.size).toBe(0);
  });
});
