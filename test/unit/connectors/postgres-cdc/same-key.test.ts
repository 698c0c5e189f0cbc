import { describe, expect, it } from 'vitest';
import { sameKey } from '../../../../connectors/postgres-cdc/same-key.js';

describe('sameKey', () => {
  it('answers as JSON.stringify equality does, field types mixed', () => {
    const values: unknown[] = [1, 2, 0, -0, 1.5, NaN, Infinity, null, 'a', 'b', '1', true, false, [1], { scale: 0 }, Buffer.from([1]), new Date(0), undefined];
    // Also with the odd field first, so the fallback is taken before a differing plain field is seen.
    for (const x of values) {
      for (const y of values) {
        for (const first of ['same', 'other']) {
          for (const [a, b] of [[{ k0: 'same', k1: x }, { k0: first, k1: y }], [{ k1: x, k0: 'same' }, { k1: y, k0: first }]]) {
            // one deliberate difference: JSON writes NaN and ±Infinity as null, so it cannot tell them from each
            // other or from null; values compare them as numbers
            const nonFinite = [x, y].some((v) => typeof v === 'number' && !Number.isFinite(v));
            const expected = nonFinite ? Object.is(x, y) && first === 'same' : JSON.stringify(a) === JSON.stringify(b);
            expect(sameKey(a!, b!), `${String(x)} vs ${String(y)}, ${first}`).toBe(expected);
          }
        }
      }
    }
    expect(sameKey(null, null)).toBe(true);
    expect(sameKey({ a: 1 }, null)).toBe(false);
  });

  it('compares bigint fields (int8 keys beyond 2^53) by value instead of throwing as JSON.stringify did', () => {
    expect(sameKey({ id: 9007199254740993n }, { id: 9007199254740993n })).toBe(true);
    expect(sameKey({ id: 9007199254740993n }, { id: 9007199254740995n })).toBe(false);
    expect(sameKey({ a: 'x', id: 1n }, { a: 'y', id: 1n })).toBe(false);
    expect(sameKey({ id: 1n }, { id: 1 })).toBe(true); // one int64 value, as a number or a bigint
    expect(sameKey({ k: { n: 2n, b: Buffer.from([1]) } }, { k: { n: 2n, b: Buffer.from([1]) } })).toBe(true);
  });
});
