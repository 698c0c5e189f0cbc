/**
 * The compiled per-Schema writers (json-value-compiler.ts) and the envelope byte path must write exactly what
 * the generic JsonEncoder writes — same bytes for good values, same error for bad ones — on random schemas
 * and values: every primitive type, logical types, decimals, bytes (base64), nulls and defaults, maps,
 * arrays, nested structs, and values of the wrong type.
 */
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../converters/json-converter.js';
import { JsonEncoder } from '../../../converters/json/json-encoder.js';
import { JsonValueCompiler } from '../../../converters/json/json-value-compiler.js';
import { LogicalTypeNames, type Field, type Schema, type SchemaType } from '../../../src/api/schema.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIMITIVES: SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes'];
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';
const STRINGS = [
  '', 'plain', 'quote " and \\ backslash', 'tab\tnew\nline\u0001', 'ünïcödé ✓ 𝄞', '/slash/', 'a'.repeat(40),
  // the byte writer's paths: every control character, 2/3/4-byte UTF-8, lone surrogates (the generic text keeps
  // them; bytes cannot), and strings past the short-string loop (plain ASCII, escapes, non-ASCII)
  CONTROL, 'é', '\u0800\uffff', '\u2028\u2029', '𝄞', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d', '\udc00\ud800', 'high then BMP \ud800\ue000',
  'b'.repeat(47), 'c'.repeat(48), 'd'.repeat(200), `${'e'.repeat(60)}"`, `${'f'.repeat(60)}ü`, `${'g'.repeat(60)}\n`, `${'h'.repeat(60)}\ud800`,
];
const NAMES = ['a', 'b"q', 'ç', 'x\\y', "it's", '𝄞', '\u0001', 'lone\udc00', 'hasOwnProperty', '__proto__'];

class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  schema(depth: number): Schema {
    const optional = this.chance(0.4);
    const kind = depth <= 0 ? this.int(4) : this.int(8);
    let s: Schema;
    if (kind <= 3 || kind === 4) {
      const logical = this.chance(0.15) ? this.pick(['decimal', 'date', 'time', 'timestamp', 'named']) : null;
      switch (logical) {
        case 'decimal':
          s = { type: 'bytes', optional, name: LogicalTypeNames.Decimal, version: 1, parameters: { scale: String(this.int(4)) } };
          break;
        case 'date':
          s = { type: 'int32', optional, name: LogicalTypeNames.Date, version: 1 };
          break;
        case 'time':
          s = { type: 'int32', optional, name: LogicalTypeNames.Time, version: 1 };
          break;
        case 'timestamp':
          s = { type: 'int64', optional, name: LogicalTypeNames.Timestamp, version: 1 };
          break;
        case 'named':
          s = { type: 'string', optional, name: 'io.debezium.time.ZonedTimestamp', version: 1 };
          break;
        default:
          s = { type: this.pick(PRIMITIVES), optional };
      }
    } else if (kind === 5) {
      s = { type: 'array', optional, valueSchema: this.schema(depth - 1) };
    } else if (kind === 6) {
      s = { type: 'map', optional, keySchema: this.chance(0.7) ? { type: 'string', optional: false } : { type: this.pick(['int32', 'int64', 'boolean'] as const), optional: false }, valueSchema: this.schema(depth - 1) };
    } else {
      const fields: Field[] = [];
      const n = this.int(6);
      for (let i = 0; i < n; i++) {
        // 'constructor'/'toString': names a plain object inherits, which a struct must not read as its field
        const name = this.chance(0.1) ? this.pick(['constructor', 'toString']) : this.pick([...NAMES, `f${i}`]) + i;
        fields.push({ name, index: i, schema: this.schema(depth - 1) });
      }
      s = { type: 'struct', optional, fields, ...(this.chance(0.3) ? { name: 'com.example.Row', version: 2 } : {}) };
    }
    // a default sometimes (primitives only, so it is well-formed most of the time)
    if (this.chance(0.15) && PRIMITIVES.includes(s.type) && s.name === undefined) s = { ...s, defaultValue: this.value(s, 0) };
    return s;
  }

  /** A value for `s`; with probability `bad` somewhere a wrong one. */
  value(s: Schema, bad: number): unknown {
    if (this.chance(bad)) return this.pick([null, 'str', 42, 1.5, true, [], {}, new Uint8Array([1]), 2n ** 70n, undefined]);
    if (s.optional && this.chance(0.15)) return null;
    if (s.defaultValue !== undefined && this.chance(0.1)) return null;
    switch (s.name) {
      case LogicalTypeNames.Decimal: {
        const scale = Number(s.parameters!['scale']);
        const digits = String(this.int(1e6)).padStart(scale + 1, '0');
        return `${this.chance(0.3) ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
      }
      case LogicalTypeNames.Date:
        return new Date(Date.UTC(1970 + this.int(100), this.int(12), 1 + this.int(28)));
      case LogicalTypeNames.Time:
        return new Date(this.int(86_400_000));
      case LogicalTypeNames.Timestamp:
        return new Date(this.int(4e12) - 1e12);
    }
    switch (s.type) {
      case 'int8':
        return this.int(256) - 128;
      case 'int16':
        return this.int(65536) - 32768;
      case 'int32':
        return this.pick([0, -0, -1, 9, 10, 99, 100, 2147483647, -2147483648, this.int(1e9), -this.int(1e9)]);
      case 'int64':
        return this.pick([
          0, -0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n, BigInt(this.int(1e9)),
          this.int(1e15), 99_999_999, 100_000_000, 100_000_001, 1e15 - 1, 1e8 * 12_345_678 - 1, 9e15 - 1, -(9e15 - 1), -(1e8 * 99 + 7), 1_709_288_130_123_456,
          Number.MAX_SAFE_INTEGER - this.int(1e8), 1_709_288_130_123_456_789n,
        ]);
      case 'float32':
      case 'float64':
        return this.pick([0, -0, 1, 0.1, 1e-7, 1e21, -3.4e38, NaN, Infinity, -Infinity, this.r() * 1e6, this.r()]);
      case 'boolean':
        return this.chance(0.5);
      case 'string':
        return this.pick(STRINGS);
      case 'bytes':
        return Buffer.from(Array.from({ length: this.int(20) }, () => this.int(256)));
      case 'array':
        return Array.from({ length: this.int(4) }, () => this.value(s.valueSchema!, bad));
      case 'map': {
        const stringKeys = s.keySchema!.type === 'string';
        if (stringKeys && this.chance(0.5)) {
          const o: Record<string, unknown> = {};
          for (let i = 0; i < this.int(4); i++) o[this.pick(STRINGS) + i] = this.value(s.valueSchema!, bad);
          return o;
        }
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < this.int(4); i++) {
          const k = stringKeys ? `k${i}` : s.keySchema!.type === 'int32' ? i : s.keySchema!.type === 'int64' ? BigInt(i) : i % 2 === 0;
          m.set(k, this.value(s.valueSchema!, bad));
        }
        return m;
      }
      case 'struct': {
        const o: Record<string, unknown> = {};
        for (const f of s.fields!) if (!this.chance(0.05)) o[f.name] = this.value(f.schema, bad);
        return o;
      }
    }
  }
}

/**
 * The compiled byte writer into a tiny buffer after 3 marker bytes (so it must grow it, keeping them):
 * its JSON as hex, or null when it leaves the value to the generic writer.
 */
function writtenHex(compiler: JsonValueCompiler, schema: Schema, value: unknown): string | null {
  const end = compiler.writeInto(schema, value, Buffer.from([1, 2, 3, 0, 0, 0, 0, 0]), 3);
  if (end < 0) return null;
  expect([...compiler.written.subarray(0, 3)]).toEqual([1, 2, 3]);
  return compiler.written.subarray(3, end).toString('hex');
}

function outcome(fn: () => string | Uint8Array): string {
  try {
    const r = fn();
    return typeof r === 'string' ? `ok:${r}` : `ok:${Buffer.from(r).toString('hex')}`;
  } catch (err) {
    return `error:${(err as Error).constructor.name}:${(err as Error).message}`;
  }
}

describe('compiled JSON writers = the generic writer', () => {
  for (const opts of [
    { decimalNumeric: false, replaceNullWithDefault: true, compileAtUse: 1 },
    { decimalNumeric: true, replaceNullWithDefault: false, compileAtUse: 1 },
  ]) {
    it(`random schemas and values, ${JSON.stringify(opts)}`, () => {
      const g = new Gen(rng(opts.decimalNumeric ? 7 : 11));
      let compared = 0;
      let errors = 0;
      let compiledOk = 0;
      const compiler = new JsonValueCompiler((s, v) => new JsonEncoder(opts).value(s, v), { ...opts, compileAtUse: 1 });
      for (let s = 0; s < 400; s++) {
        const schema = g.schema(3);
        // fresh encoders per schema and a shared one, so both cold and warm caches are compared
        const reference = new JsonEncoder(opts);
        const shared = new JsonEncoder(opts);
        for (let v = 0; v < 10; v++) {
          const value = g.value(schema, v % 3 === 0 ? 0.05 : 0);
          const want = outcome(() => reference.value(schema, value));
          expect(outcome(() => shared.compiledValue(schema, value))).toBe(want);
          const wantEnvelope = outcome(() => Buffer.from(reference.envelope(schema, value), 'utf8'));
          expect(outcome(() => shared.envelopeBytes(schema, value))).toBe(wantEnvelope);
          // the byte writer itself: where it does not hand the value to the generic writer, the same bytes
          if (!want.startsWith('error:')) {
            const hex = writtenHex(compiler, schema, value);
            if (hex !== null) {
              expect(hex).toBe(Buffer.from(want.slice(3)).toString('hex'));
              compiledOk++;
            }
          }
          compared++;
          if (want.startsWith('error:')) errors++;
        }
      }
      expect(compared).toBe(4000);
      // the generator must exercise the failure paths too
      expect(errors).toBeGreaterThan(50);
      expect(errors).toBeLessThan(compared / 2);
      // …and the compiled writers must do most of the good values themselves (not hand them all back)
      expect(compiledOk).toBeGreaterThan((compared - errors) / 2);
    });
  }

  it('the converter writes the envelope bytes and the bare (schemas.enable=false) text like the generic writer', () => {
    const g = new Gen(rng(3));
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const withEnvelope = new JsonConverter();
    withEnvelope.configure({}, false);
    const bare = new JsonConverter();
    bare.configure({ 'schemas.enable': 'false' }, false);
    let schema = g.schema(3);
    // 40 values per schema: the converter compiles a schema's writer only after its first values (32)
    for (let i = 0; i < 40 * 40; i++) {
      if (i % 40 === 0) schema = g.schema(3);
      const value = g.value(schema, 0);
      const want = outcome(() => enc.value(schema, value));
      if (want.startsWith('error:')) continue;
      // bytes, not text: a lone surrogate in the generic text is U+FFFD (EF BF BD) in both byte forms
      expect(Buffer.from(withEnvelope.fromConnectData('t', null, schema, value)!).toString('hex')).toBe(Buffer.from(enc.envelope(schema, value)).toString('hex'));
      if (value !== null) expect(Buffer.from(bare.fromConnectData('t', null, schema, value)!).toString('hex')).toBe(Buffer.from(want.slice(3)).toString('hex'));
    }
  });

  it('envelopes share one slab yet never overlap', () => {
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const schema: Schema = { type: 'struct', optional: false, fields: [{ name: 's', index: 0, schema: { type: 'string', optional: false } }] };
    const outs = Array.from({ length: 2000 }, (_, i) => enc.envelopeBytes(schema, { s: 'x'.repeat(i % 300) + i }));
    outs.forEach((b, i) => expect(b.toString('utf8')).toBe(enc.envelope(schema, { s: 'x'.repeat(i % 300) + i })));
  });
});
