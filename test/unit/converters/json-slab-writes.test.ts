/**
 * The compiled writers write straight into the encoder's slab (envelopeBytes, valueBytes) and into a scratch
 * buffer (compiledValue). Values much bigger than the ones before them must grow those buffers without
 * corrupting bytes already handed out, and every result must stay the generic writer's bytes.
 */
import { describe, expect, it } from 'vitest';
import { JsonEncoder } from '../../../converters/json/json-encoder.js';
import type { Schema } from '../../../src/api/schema.js';

const schema: Schema = {
  type: 'struct',
  optional: false,
  fields: [
    { name: 'id', index: 0, schema: { type: 'int64', optional: false } },
    { name: 's', index: 1, schema: { type: 'string', optional: true } },
    { name: 'tags', index: 2, schema: { type: 'array', optional: true, valueSchema: { type: 'string', optional: false } } },
  ],
};

/** Sizes that jump far past twice the previous value (the room the slab is asked for), and past the slab. */
const SIZES = [0, 5_000, 10, 100_000, 3, 300_000, 40, 2_000];

function valueOf(i: number): Record<string, unknown> {
  const n = SIZES[i % SIZES.length]!;
  const unit = ['x', 'ü', '✓', '"', '𝄞'][i % 5]!;
  return { id: i, s: unit.repeat(n), tags: i % 3 === 0 ? Array.from({ length: n % 50 }, (_, k) => `t${k}`) : null };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('compiled writes into the slab and the scratch buffer', () => {
  it('envelopes and bare values of jumping sizes never overlap and equal the generic bytes', () => {
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const reference = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const outs: { i: number; bare: boolean; bytes: Buffer }[] = [];
    for (let i = 0; i < 120; i++) {
      outs.push({ i, bare: false, bytes: enc.envelopeBytes(schema, valueOf(i)) });
      outs.push({ i, bare: true, bytes: enc.valueBytes(schema, valueOf(i)) });
    }
    // checked only after all were written: a later write must not have touched an earlier result
    for (const o of outs) {
      const text = o.bare ? reference.value(schema, valueOf(o.i)) : reference.envelope(schema, valueOf(o.i));
      expect(o.bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });

  it('compiledValue keeps working after one value outgrew the scratch buffer many times over', () => {
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const big = { id: 1, s: '\u0001'.repeat(400_000), tags: null }; // 6 bytes each, escaped
    expect(enc.compiledValue(schema, big)).toBe(enc.value(schema, big));
    for (let i = 0; i < 20; i++) expect(enc.compiledValue(schema, valueOf(i))).toBe(enc.value(schema, valueOf(i)));
  });

  it('a value left to the generic writer (bad or with a lone surrogate) gives the generic bytes or error', () => {
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const lone = { id: 1, s: 'a\ud800b', tags: null };
    expect(enc.envelopeBytes(schema, lone).equals(Buffer.from(enc.envelope(schema, lone)))).toBe(true);
    expect(enc.valueBytes(schema, lone).equals(Buffer.from(enc.value(schema, lone)))).toBe(true);
    expect(enc.compiledValue(schema, lone)).toBe(enc.value(schema, lone));
    const bad = { id: 1.5, s: 'x', tags: null };
    const genericError = errorOf(() => enc.value(schema, bad));
    expect(genericError).toMatch(/int64/);
    expect(errorOf(() => enc.envelopeBytes(schema, bad))).toBe(genericError);
    expect(errorOf(() => enc.valueBytes(schema, bad))).toBe(genericError);
    // and the slab is still fine afterwards
    expect(enc.envelopeBytes(schema, valueOf(1)).equals(Buffer.from(enc.envelope(schema, valueOf(1))))).toBe(true);
  });
});
