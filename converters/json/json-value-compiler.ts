/**
 * Per-Schema compiled payload writers. For a schema, JavaScript source is generated once (`new Function`) that
 * writes a value's JSON straight into a byte buffer with straight-line code: field names as byte stores,
 * nested structs and arrays inlined, int/boolean/string fast paths, one room check per run of fixed-size
 * writes, and no intermediate strings. The bytes are those of Buffer.from(JsonEncoder.value(...)) — byte for
 * byte; the differential test checks it on random schemas and values.
 *
 * Anything unusual goes elsewhere: logical types and maps are written by the generic writer in place, and on
 * any failure (a bad value, a lone surrogate) the whole value is redone by the generic writer, so errors
 * carry its message and path.
 *
 * Generated source holds no schema text but numbers and field names, and those only as byte values; what a
 * writer needs beside (schemas for the generic writer, default texts) is passed in as constants.
 */
import { LogicalTypeNames, type Schema } from '../../src/api/schema.js';
import {
  INT_MAX_BYTES,
  grow,
  isWellFormed,
  utf8Slice,
  writeAscii,
  writeBail,
  writeJsonString,
  writeSafeInt,
  writeText,
} from './json-byte-text.js';
import { jsonDouble, jsonFloat, jsonString } from './json-text.js';

/** Writes a value's JSON into the compiler's ByteTarget; returns the end. Throws (anything) to bail. */
export type BytesWriter = (value: unknown) => number;

const LOGICAL = new Set<string>(Object.values(LogicalTypeNames));
const INT_RANGES = { int8: [-128, 127], int16: [-32768, 32767] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Longest text jsonDouble/jsonFloat write ("-1.7976931348623157E308" is 23). */
const FLOAT_MAX_BYTES = 32;
/** text()'s scratch buffer; it goes back to this size after a value that needed more than SCRATCH_KEEP. */
const SCRATCH_SIZE = 16 * 1024;
const SCRATCH_KEEP = 1024 * 1024;

/** The last bigint one int64 field wrote, and its digits (ts_ns repeats within a transaction or a millisecond). */
interface BigIntMemo {
  v: bigint;
  s: string;
}

/** An int64 field's bigint (a number goes to writeSafeInt). */
function writeBigInt64(b: Buffer, p: number, v: unknown, memo: BigIntMemo): number {
  if (v === memo.v) return writeAscii(b, p, memo.s);
  if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) writeBail();
  const s = v.toString();
  memo.v = v;
  memo.s = s;
  return writeAscii(b, p, s);
}

function bytesText(v: unknown): string {
  if (!(v instanceof Uint8Array)) writeBail();
  return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"`;
}

/** What generated code sees, by these short names (the parameter list of the generated factory). */
const RUNTIME = {
  B: writeBail,
  E: grow,
  I: writeSafeInt,
  L: writeBigInt64,
  S: writeJsonString,
  A: writeAscii,
  T: writeText,
  D: jsonDouble,
  F: jsonFloat,
  Y: bytesText,
  SI: Number.isSafeInteger,
  IA: Array.isArray,
  GP: Object.getPrototypeOf,
  HO: Object.hasOwn,
  OP: Object.prototype,
  M: Map,
  U8: Uint8Array,
};
const RUNTIME_NAMES = Object.keys(RUNTIME);
const RUNTIME_VALUES = Object.values(RUNTIME);

/** Generated statements; `fixed` = they write at most that many bytes and leave the room check to the caller. */
interface Code {
  readonly code: string;
  readonly fixed?: number;
}

const room = (n: string | number) => `if (p + ${n} > b.length) b = E(b, p, ${n});\n`;

/** `code` with its own room check. */
function checked(c: Code): string {
  return c.fixed === undefined || c.fixed === 0 ? c.code : room(c.fixed) + c.code;
}

/** Statements in order, one room check per run of fixed-size ones; fixed itself if all of them are. */
function sequence(parts: readonly Code[]): Code {
  let code = '';
  let run = '';
  let runBytes = 0;
  let variable = false;
  for (const part of parts) {
    if (part.fixed !== undefined) {
      run += part.code;
      runBytes += part.fixed;
      continue;
    }
    variable = true;
    code += (runBytes > 0 ? room(runBytes) : '') + run + part.code;
    run = '';
    runBytes = 0;
  }
  if (!variable) return { code: run, fixed: runBytes };
  return { code: code + (runBytes > 0 ? room(runBytes) : '') + run };
}

/** Byte stores of a constant text's UTF-8. */
function literal(text: string): Code {
  const bytes = Buffer.from(text, 'utf8');
  let code = '';
  for (let i = 0; i < bytes.length; i++) code += `b[p${i === 0 ? '' : ` + ${i}`}] = ${bytes[i]}; `;
  return { code: `${code}p += ${bytes.length};\n`, fixed: bytes.length };
}

/** One schema's generated source; constants (schemas for the generic writer) are handed in as `K`. */
class WriterSource {
  readonly constants: unknown[] = [];
  #vars = 0;

  constructor(
    private readonly replaceNullWithDefault: boolean,
    /** The generic writer; at compile time it writes default texts (the same for every record). */
    private readonly generic: (schema: Schema, value: unknown) => string,
  ) {}

  #constant(x: unknown): string {
    this.constants.push(x);
    return `K[${this.constants.length - 1}]`;
  }

  #var(prefix: string): string {
    return `${prefix}${this.#vars++}`;
  }

  /** Statements writing the JSON of `x` (an identifier) under `schema`, or bailing. */
  value(schema: Schema, x: string): Code {
    let ifNull: Code;
    if (this.replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null) {
      let text: string | undefined;
      try {
        text = this.generic(schema, schema.defaultValue);
      } catch {
        text = undefined; // a bad default: the generic writer reports it for the record that needs it
      }
      ifNull = text === undefined || !isWellFormed(text) ? { code: 'B();\n', fixed: 0 } : literal(text);
    } else {
      ifNull = schema.optional ? literal('null') : { code: 'B();\n', fixed: 0 };
    }
    const nonNull = this.#nonNull(schema, x);
    const test = `if (${x} === null || ${x} === undefined) {\n`;
    if (ifNull.fixed !== undefined && nonNull.fixed !== undefined) {
      return { code: `${test}${ifNull.code}} else {\n${nonNull.code}}\n`, fixed: Math.max(ifNull.fixed, nonNull.fixed) };
    }
    return { code: `${test}${checked(ifNull)}} else {\n${checked(nonNull)}}\n` };
  }

  #nonNull(schema: Schema, x: string): Code {
    if (schema.name !== undefined && LOGICAL.has(schema.name)) return this.#viaGeneric(schema, x);
    switch (schema.type) {
      case 'int8':
      case 'int16': {
        const [min, max] = INT_RANGES[schema.type];
        const ok = `typeof ${x} === 'number' && (${x} | 0) === ${x} && ${x} >= ${min} && ${x} <= ${max}`;
        return { code: `if (!(${ok})) B();\np = I(b, p, ${x});\n`, fixed: INT_MAX_BYTES };
      }
      case 'int32':
        // (x | 0) === x: an integer in int32 range (-0 passes, and is written "0" as String(-0) is)
        return { code: `if (typeof ${x} !== 'number' || (${x} | 0) !== ${x}) B();\np = I(b, p, ${x});\n`, fixed: INT_MAX_BYTES };
      case 'int64':
        return {
          code: `if (typeof ${x} === 'number') {\nif (!SI(${x})) B();\np = I(b, p, ${x});\n} else p = L(b, p, ${x}, ${this.#constant({ v: 0n, s: '0' } satisfies BigIntMemo)});\n`,
          fixed: INT_MAX_BYTES,
        };
      case 'float32':
        return { code: `if (typeof ${x} !== 'number') B();\np = A(b, p, F(${x}));\n`, fixed: FLOAT_MAX_BYTES };
      case 'float64':
        return { code: `if (typeof ${x} !== 'number') B();\np = A(b, p, D(${x}));\n`, fixed: FLOAT_MAX_BYTES };
      case 'boolean':
        return { code: `if (${x} === true) {\n${literal('true').code}} else if (${x} === false) {\n${literal('false').code}} else B();\n`, fixed: 5 };
      case 'string':
        return { code: `if (typeof ${x} !== 'string') B();\n${room(`${x}.length * 6 + 2`)}p = S(b, p, ${x});\n` };
      case 'bytes': {
        const t = this.#var('t');
        return { code: `const ${t} = Y(${x});\n${room(`${t}.length`)}p = A(b, p, ${t});\n` };
      }
      case 'array':
        if (schema.valueSchema === undefined) return this.#viaGeneric(schema, x);
        return this.#array(schema.valueSchema, x);
      case 'struct':
        return this.#struct(schema, x);
      default:
        return this.#viaGeneric(schema, x);
    }
  }

  #viaGeneric(schema: Schema, x: string): Code {
    const t = this.#var('t');
    return { code: `const ${t} = G(${this.#constant(schema)}, ${x});\n${room(`${t}.length * 3`)}p = T(b, p, ${t});\n` };
  }

  #array(item: Schema, x: string): Code {
    const i = this.#var('i');
    const e = this.#var('e');
    const each = sequence([{ code: `if (${i} !== 0) b[p++] = 44;\n`, fixed: 1 }, this.value(item, e)]);
    return {
      code:
        `if (!IA(${x})) B();\n${room(1)}b[p++] = 91;\n` +
        `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {\nconst ${e} = ${x}[${i}];\n${checked(each)}}\n` +
        `${room(1)}b[p++] = 93;\n`,
    };
  }

  #struct(schema: Schema, x: string): Code {
    const fields = schema.fields ?? [];
    const check = `if (typeof ${x} !== 'object' || ${x} === null) B();\n`;
    const notPlain = `if (IA(${x}) || ${x} instanceof M || ${x} instanceof U8) B();\n`;
    // a lone surrogate in a name: its bytes cannot be read back as the generic writer's text; let it write
    if (fields.some((f) => !isWellFormed(f.name))) return this.#viaGeneric(schema, x);
    if (fields.length === 0) return sequence([{ code: check + notPlain, fixed: 0 }, literal('{}')]);
    const locals = fields.map(() => this.#var('f'));
    const proto = this.#var('o');
    const key = (name: string) => `${x}[${JSON.stringify(name)}]`;
    const own = (name: string) => `HO(${x}, ${JSON.stringify(name)}) ? ${key(name)} : undefined`;
    // A plain (or null-prototype) object's fields are read directly — except names Object.prototype has
    // ('constructor', 'toString', …), which count only as the object's own, as in the generic writer.
    const fast = fields.map((f, i) => `${locals[i]} = ${f.name in Object.prototype ? own(f.name) : key(f.name)};\n`);
    const slow = fields.map((f, i) => `${locals[i]} = ${own(f.name)};\n`);
    const reads =
      `${check}let ${locals.join(', ')};\nconst ${proto} = GP(${x});\n` +
      `if (${proto} === OP || ${proto} === null) {\n${fast.join('')}} else {\n${notPlain}${slow.join('')}}\n`;
    const parts: Code[] = [{ code: reads, fixed: 0 }];
    fields.forEach((f, i) => {
      // the name as Jackson writes it, as bytes: the same text as the generic writer's jsonString(name)
      parts.push(literal(`${i === 0 ? '{' : ','}${jsonString(f.name)}:`));
      parts.push(this.value(f.schema, locals[i]!));
    });
    parts.push(literal('}'));
    return sequence(parts);
  }
}

/**
 * Where a compiled writer writes: into `b` from `p`. It returns the end, and leaves in `b` the buffer that
 * holds the bytes — a bigger copy (everything before `p` included) when the value did not fit.
 */
export interface ByteTarget {
  b: Buffer;
  p: number;
}

export class JsonValueCompiler {
  readonly #compiled = new WeakMap<Schema, BytesWriter>();
  /** Read by every writer of this compiler (they never call each other). */
  readonly #target: ByteTarget = { b: Buffer.allocUnsafe(0), p: 0 };
  #scratch: Buffer = Buffer.allocUnsafe(SCRATCH_SIZE);

  constructor(
    /** The generic writer (JsonEncoder.value): the reference, and the fallback for whatever is not compiled. */
    private readonly generic: (schema: Schema, value: unknown) => string,
    private readonly replaceNullWithDefault: boolean,
  ) {}

  /** The compiled writer for `schema` (writes to the target; throws anything when the generic writer must do it). */
  writer(schema: Schema): BytesWriter {
    let w = this.#compiled.get(schema);
    if (w === undefined) {
      w = this.#compile(schema);
      this.#compiled.set(schema, w);
    }
    return w;
  }

  /**
   * Writes `value`'s JSON into `buf` from `at`; returns the end, or -1 when the generic writer must do the
   * value. The bytes are in `this.written` afterwards: `buf`, or a bigger copy of it when they did not fit.
   */
  writeInto(schema: Schema, value: unknown, buf: Buffer, at: number): number {
    const t = this.#target;
    t.b = buf;
    t.p = at;
    try {
      return this.writer(schema)(value);
    } catch {
      return -1;
    }
  }

  /** The buffer the last writeInto wrote into (its `buf`, or a bigger copy). */
  get written(): Buffer {
    return this.#target.b;
  }

  /** `generic(schema, value)`, the same text, written by the compiled writer where it can. */
  text(schema: Schema, value: unknown): string {
    const n = this.writeInto(schema, value, this.#scratch, 0);
    if (n < 0) return this.generic(schema, value);
    const b = this.#target.b;
    // keep a grown scratch buffer, unless one big value grew it past SCRATCH_KEEP
    this.#scratch = b.length > SCRATCH_KEEP ? Buffer.allocUnsafe(SCRATCH_SIZE) : b;
    return utf8Slice(b, 0, n);
  }

  /** The generated source of `schema`'s writer (for tests, and for reading what the compiler does). */
  source(schema: Schema): string {
    return this.#generate(schema).source;
  }

  #generate(schema: Schema): { source: string; constants: unknown[] } {
    const src = new WriterSource(this.replaceNullWithDefault, this.generic);
    const body = checked(src.value(schema, 'v'));
    const source = `return function write(v) {\nlet b = st.b;\nlet p = st.p;\n${body}st.b = b;\nreturn p;\n};`;
    return { source, constants: src.constants };
  }

  #compile(schema: Schema): BytesWriter {
    const { source, constants } = this.#generate(schema);
    const factory = new Function(...RUNTIME_NAMES, 'G', 'K', 'st', source) as (...args: unknown[]) => BytesWriter;
    return factory(...RUNTIME_VALUES, this.generic, constants, this.#target);
  }
}
