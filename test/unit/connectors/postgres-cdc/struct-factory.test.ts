import { describe, expect, it } from 'vitest';
import { structFactory } from '../../../../connectors/postgres-cdc/struct-factory.js';

describe('structFactory', () => {
  it('builds objects with the given fields in order, whatever the names', () => {
    const names = ['id', 'first name', 'quote"d', 'back\\slash', 'line\nbreak', '\u2028', 'ünï', '1', 'constructor', ''];
    const make = structFactory(names);
    const values = names.map((_, i) => ({ i }));
    const out = make(values);
    const plain: Record<string, unknown> = {};
    names.forEach((n, i) => (plain[n] = values[i]));
    expect(Object.keys(out)).toEqual(Object.keys(plain));
    expect(out).toEqual(plain);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(make(values)).not.toBe(out);
  });

  it('a column named __proto__ behaves as the plain assignment did', () => {
    const make = structFactory(['a', '__proto__']);
    const plain: Record<string, unknown> = {};
    plain.a = 1;
    plain['__proto__'] = 'x';
    expect(make([1, 'x'])).toEqual(plain);
    expect(Object.keys(make([1, 'x']))).toEqual(['a']);
  });

  it('an empty struct', () => {
    expect(structFactory([])([])).toEqual({});
  });
});
