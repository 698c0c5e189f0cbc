/**
 * Wide structs: a compiled writer splits a struct too big for one function into functions of a few dozen
 * fields each (V8 does not optimize huge functions), and leaves a schema of thousands of fields to the generic
 * writer. Both must write the generic writer's bytes, for plain, null-prototype and class-instance values,
 * into a buffer that has to grow in the middle.
 */
import { describe, expect, it } from 'vitest';
import { JsonEncoder } from '../../../converters/json/json-encoder.js';
import { JsonValueCompiler } from '../../../converters/json/json-value-compiler.js';
import type { Field, Schema, SchemaType } from '../../../src/api/schema.js';

const TYPES: SchemaType[] = ['int32', 'string', 'int64', 'boolean', 'float64'];
const inner: Schema = {
  type: 'struct',
  optional: true,
  fields: [
    { name: 'x', index: 0, schema: { type: 'int32', optional: false } },
    { name: 'y', index: 1, schema: { type: 'string', optional: true } },
  ],
};

function wide(n: number): Schema {
  const fields: Field[] = [];
  for (let i = 0; i < n; i++) {
    const name = i === 7 ? 'constructor' : i === 8 ? 'toString' : `column_${i}`;
    const schema: Schema = i % 25 === 3 ? inner : { type: TYPES[i % TYPES.length]!, optional: true };
    fields.push({ name, index: i, schema });
  }
  return { type: 'struct', optional: false, fields };
}

function valueFor(schema: Schema, k: number): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  schema.fields!.forEach((f, i) => {
    if ((i + k) % 11 === 0) return; // absent: null
    if (f.schema.type === 'struct') v[f.name] = { x: i + k, y: k % 2 === 0 ? `in "${i}"` : null };
    else if (f.schema.type === 'int32') v[f.name] = i * k - 500;
    else if (f.schema.type === 'string') v[f.name] = `v${i}-${k} ${'ü'.repeat(k % 3)}`;
    else if (f.schema.type === 'int64') v[f.name] = k % 2 === 0 ? 2n ** 60n + BigInt(i) : 1_709_288_130_000_000 + i;
    else if (f.schema.type === 'boolean') v[f.name] = (i + k) % 2 === 0;
    else v[f.name] = i / (k + 1);
  });
  return v;
}

/** The same fields on a class instance (own properties) and on a null-prototype object. */
class Row {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
}

describe('wide structs through the compiled writer', () => {
  const reference = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });

  for (const n of [150, 1200]) {
    it(`${n} fields: the generic bytes for plain, null-prototype and class-instance values`, () => {
      const schema = wide(n);
      const compiler = new JsonValueCompiler((s, v) => reference.value(s, v), { replaceNullWithDefault: true, compileAtUse: 1 });
      if (n === 150) expect(compiler.source(schema).match(/^function w\d+/gm)?.length).toBeGreaterThan(1); // split
      for (let k = 0; k < 6; k++) {
        const plain = valueFor(schema, k);
        for (const value of [plain, Object.assign(Object.create(null) as object, plain), new Row(plain)]) {
          const want = Buffer.from(reference.value(schema, value));
          const end = compiler.writeInto(schema, value, Buffer.alloc(16), 0);
          if (n === 150) expect(end).toBeGreaterThan(0); // compiled, not left to the generic writer
          if (end >= 0) expect(compiler.written.subarray(0, end).equals(want)).toBe(true);
          expect(compiler.text(schema, value)).toBe(want.toString('utf8'));
        }
      }
      // a bad value deep in a later group of fields: the generic writer's error
      const bad = { ...valueFor(schema, 1), column_140: 'not an int' };
      expect(compiler.writeInto(schema, bad, Buffer.alloc(16), 0)).toBe(-1);
      expect(() => compiler.text(schema, bad)).toThrow(/column_140/);
    });
  }
});
