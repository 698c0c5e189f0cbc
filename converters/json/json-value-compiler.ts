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
 * Generated source holds no schema text but numbers and field names, and names only as JSON.stringify'd
 * property keys and as byte values; what a writer needs beside (schemas for the generic writer, memos) is
 * passed in as constants. Plain objects' fields are read directly (`v["name"]`): names Object.prototype has
 * when the schema is compiled are read as own properties only, as the generic writer reads every field.
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
/** Roughly the most generated source per function (V8 does not optimize functions past ~60 KB of bytecode). */
const FUNCTION_CHARS = 24_000;
/** Past this much generated source a schema is left to the generic writer (~500 fields). */
const MAX_SOURCE_CHARS = 250_000;
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
  E: growTarget,
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

const room = (n: string | number) => `if (p + ${n} > b.length) {\nE(st, p, ${n});\nb = st.b;\ndv = st.dv;\n}\n`;

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

/** Stores of a constant text's UTF-8, four bytes at a time (fewer stores, and less code for V8 to compile). */
function literal(text: string): Code {
  const bytes = Buffer.from(text, 'utf8');
  const at = (i: number) => (i === 0 ? 'p' : `p + ${i}`);
  let code = '';
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) code += `dv.setUint32(${at(i)}, ${bytes.readUInt32LE(i)}, true); `;
  if (i + 2 <= bytes.length) {
    code += `dv.setUint16(${at(i)}, ${bytes.readUInt16LE(i)}, true); `;
    i += 2;
  }
  if (i < bytes.length) code += `b[${at(i)}] = ${bytes[i]}; `;
  return { code: `${code}p += ${bytes.length};\n`, fixed: bytes.length };
}

/** One schema's generated source; constants (schemas for the generic writer) are handed in as `K`. */
class WriterSource {
  readonly constants: unknown[] = [];
  /** Functions beside the writer: groups of a wide struct's fields. */
  readonly #functions: string[] = [];
  #vars = 0;

  constructor(
    private readonly replaceNullWithDefault: boolean,
    /** The generic writer; at compile time it writes default texts (the same for every record). */
    private readonly generic: (schema: Schema, value: unknown) => string,
  ) {}

  get functions(): string {
    return this.#functions.join('\n');
  }

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
    const notPlain = `(IA(${x}) || ${x} instanceof M || ${x} instanceof U8)`;
    // a lone surrogate in a name: its bytes cannot be read back as the generic writer's text; let it write
    if (fields.some((f) => !isWellFormed(f.name))) return this.#viaGeneric(schema, x);
    if (fields.length === 0) return sequence([{ code: `${check}if ${notPlain} B();\n`, fixed: 0 }, literal('{}')]);
    const locals = fields.map(() => this.#var('f'));
    const plain = this.#var('o');
    const key = (name: string) => `${x}[${JSON.stringify(name)}]`;
    const own = (name: string) => `HO(${x}, ${JSON.stringify(name)}) ? ${key(name)} : undefined`;
    // A plain (or null-prototype) object's fields are read directly — except names Object.prototype has
    // ('constructor', 'toString', …), which count only as the object's own, as in the generic writer.
    const reads = (from: number, to: number) => {
      let fast = '';
      let slow = '';
      for (let i = from; i < to; i++) {
        const name = fields[i]!.name;
        fast += `${locals[i]} = ${name in Object.prototype ? own(name) : key(name)};\n`;
        slow += `${locals[i]} = ${own(name)};\n`;
      }
      return `let ${locals.slice(from, to).join(', ')};\nif (${plain}) {\n${fast}} else {\n${slow}}\n`;
    };
    const head =
      `${check}const ${plain} = GP(${x}) === OP || GP(${x}) === null;\n` + `if (!${plain} && ${notPlain}) B();\n`;
    // each field: its name as Jackson writes it, as bytes (the generic writer's jsonString(name)), its value
    const writes = fields.map((f, i) => sequence([literal(`${i === 0 ? '{' : ','}${jsonString(f.name)}:`), this.value(f.schema, locals[i]!)]));
    const size = writes.reduce((n, w) => n + w.code.length, 0);
    if (size <= FUNCTION_CHARS) {
      return sequence([{ code: head + reads(0, fields.length), fixed: 0 }, ...writes, literal('}')]);
    }
    // Too big for one function (V8 leaves very large functions unoptimized): groups of fields, each in a
    // function of its own that reads and writes them.
    let calls = '';
    for (let from = 0; from < fields.length; ) {
      let to = from + 1;
      let chars = writes[from]!.code.length;
      while (to < fields.length && chars + writes[to]!.code.length <= FUNCTION_CHARS) chars += writes[to++]!.code.length;
      const name = this.#var('w');
      const body = reads(from, to) + checked(sequence(writes.slice(from, to)));
      this.#functions.push(`function ${name}(${x}, ${plain}, p) {\nlet b = st.b;\nlet dv = st.dv;\n${body}return p;\n}`);
      calls += `p = ${name}(${x}, ${plain}, p);\n`;
      from = to;
    }
    // st.b/st.dv are the buffer in use throughout (a room check that grows it updates them)
    return sequence([{ code: `${head}${calls}b = st.b;\ndv = st.dv;\n` }, literal('}')]);
  }
}

/**
 * Where a compiled writer writes: into `b` (and `dv`, a DataView of it) from `p`. It returns the end; `b` is
 * then the buffer that holds the bytes — a bigger copy (everything before `p` included) if they did not fit.
 */
export class ByteTarget {
  b: Buffer = Buffer.allocUnsafe(0);
  dv = new DataView(this.b.buffer, this.b.byteOffset, 0);
  p = 0;
  /** The buffer written before this one, and its DataView: the slab and text()'s scratch take turns. */
  #otherB: Buffer = this.b;
  #otherDv = this.dv;

  set(buf: Buffer, at: number): void {
    this.p = at;
    if (buf === this.b) return;
    const b = this.b;
    const dv = this.dv;
    this.b = buf;
    this.dv = buf === this.#otherB ? this.#otherDv : new DataView(buf.buffer, buf.byteOffset, buf.length);
    this.#otherB = b;
    this.#otherDv = dv;
  }
}

/** A room check that failed: `st.b` becomes a bigger copy holding st.b[0, p). */
function growTarget(st: ByteTarget, p: number, need: number): void {
  const b = grow(st.b, p, need);
  st.b = b;
  st.dv = new DataView(b.buffer, b.byteOffset, b.length);
}

export interface JsonValueCompilerOptions {
  readonly replaceNullWithDefault: boolean;
  /**
   * A schema's writer is compiled at its this-many-th value; the ones before go to the generic writer.
   * Compiling costs ~0.3 ms of main thread and ~50-100 ms of V8's optimizing compiler per Debezium-sized
   * schema, which only pays for schemas that carry many values (a fresh Schema object per record never should).
   */
  readonly compileAtUse: number;
}

export class JsonValueCompiler {
  /** A schema's writer, or how many values it has carried so far (before compileAtUse). */
  readonly #compiled = new WeakMap<Schema, BytesWriter | number>();
  #lastSchema: Schema | undefined;
  #lastWriter: BytesWriter | undefined;
  /** Read by every writer of this compiler (they never call each other). */
  readonly #target = new ByteTarget();
  #scratch: Buffer = Buffer.allocUnsafe(SCRATCH_SIZE);

  constructor(
    /** The generic writer (JsonEncoder.value): the reference, and the fallback for whatever is not compiled. */
    private readonly generic: (schema: Schema, value: unknown) => string,
    private readonly opts: JsonValueCompilerOptions,
  ) {}

  /** The compiled writer for `schema`, compiled now if it was not (writes to the target; throws to bail). */
  writer(schema: Schema): BytesWriter {
    const w = this.#compiled.get(schema);
    if (typeof w === 'function') return w;
    const compiled = this.#compile(schema);
    this.#compiled.set(schema, compiled);
    return compiled;
  }

  /** The writer if `schema` has earned one (counting this value), else undefined. */
  #writerAtUse(schema: Schema): BytesWriter | undefined {
    if (schema === this.#lastSchema) return this.#lastWriter;
    const w = this.#compiled.get(schema);
    if (typeof w === 'function') {
      this.#lastSchema = schema;
      this.#lastWriter = w;
      return w;
    }
    const uses = (w ?? 0) + 1;
    if (uses < this.opts.compileAtUse) {
      this.#compiled.set(schema, uses);
      return undefined;
    }
    return this.writer(schema);
  }

  /**
   * Writes `value`'s JSON into `buf` from `at`; returns the end, or -1 when the generic writer must do the
   * value. The bytes are in `this.written` afterwards: `buf`, or a bigger copy of it when they did not fit.
   */
  writeInto(schema: Schema, value: unknown, buf: Buffer, at: number): number {
    const w = this.#writerAtUse(schema);
    if (w === undefined) return -1;
    this.#target.set(buf, at);
    try {
      return w(value);
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
    const src = new WriterSource(this.opts.replaceNullWithDefault, this.generic);
    const body = checked(src.value(schema, 'v'));
    const source = `${src.functions}\nreturn function write(v) {\nlet b = st.b;\nlet dv = st.dv;\nlet p = st.p;\n${body}return p;\n};`;
    return { source, constants: src.constants };
  }

  #compile(schema: Schema): BytesWriter {
    const { source, constants } = this.#generate(schema);
    // thousands of fields: V8 would take seconds to optimize it all; the generic writer does such schemas
    if (source.length > MAX_SOURCE_CHARS) return writeBail;
    const factory = new Function(...RUNTIME_NAMES, 'G', 'K', 'st', source) as (...args: unknown[]) => BytesWriter;
    return factory(...RUNTIME_VALUES, this.generic, constants, this.#target);
  }
}
