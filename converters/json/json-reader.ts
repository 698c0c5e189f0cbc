/**
 * A small JSON parser that keeps every number exact, for the JsonConverter's hot path.
 *
 * `JSON.parse` turns 9007199254740993 into ...992 and 0.1000000000000000000001 into 0.1, which would silently
 * corrupt int64 and Decimal fields. Here integers outside the safe range become `bigint`, and a fractional
 * number whose digits a double cannot hold is kept as a `JsonDecimal` (its source text) until a schema says
 * what it is. Objects become plain objects; a `__proto__` key is stored as data, never as the prototype.
 * Leading zeros in numbers (`007`) are accepted, as Kafka's deserializer enables that Jackson feature.
 */

/** A fractional number whose exact value a double cannot represent; `text` is the number as written. */
export class JsonDecimal {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | number | bigint | string | JsonDecimal | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * The top-level `{"schema":…,"payload":…}` envelope as text spans: the schema text is the intern-cache key
 * and the payload text is parsed afterwards (natively when that is lossless, see `parseJsonExact`).
 */
export interface JsonEnvelope {
  /** Number of distinct keys in the top-level object. */
  readonly keyCount: number;
  readonly schemaText: string | undefined;
  readonly payloadText: string | undefined;
}

const MAX_DEPTH = 1000; // Jackson's default nesting limit
const MAX_EXACT_DIGITS = 15; // any decimal with ≤ 15 significant digits survives a trip through a double
const MIN_NORMAL = 2.2250738585072014e-308;

export class JsonReader {
  #s = '';
  #i = 0;
  #depth = 0;
  #sawDecimal = false;

  /** Whether the last document parsed held a number kept as a `JsonDecimal`. */
  get sawDecimal(): boolean {
    return this.#sawDecimal;
  }

  /** Parses a whole document. Empty or blank text yields `undefined` (Jackson's "missing" node). */
  parse(text: string): JsonValue | undefined {
    this.#reset(text);
    this.#ws();
    if (this.#i >= this.#s.length) return undefined;
    const v = this.#value();
    this.#end();
    return v;
  }

  /**
   * Reads a top-level object without building it, returning the text of its "schema" and "payload"
   * values. `knownSchemaText` (the schema text seen last) is matched in place, so a repeated schema
   * costs one comparison and comes back as that very string (cheap to look up again). Returns `undefined`
   * when the (well-formed) document is not an object.
   */
  parseEnvelope(text: string, knownSchemaText?: string): JsonEnvelope | undefined {
    this.#reset(text);
    this.#ws();
    if (this.#s.charCodeAt(this.#i) !== 0x7b /* { */) {
      // Not an envelope; still report a syntax error first, as Kafka's parser would.
      if (this.#i < this.#s.length) this.#value();
      this.#end();
      return undefined;
    }
    this.#i++;
    let other = false;
    let schemaText: string | undefined;
    let payloadText: string | undefined;
    this.#ws();
    if (this.#s.charCodeAt(this.#i) === 0x7d /* } */) {
      this.#i++;
    } else {
      for (;;) {
        this.#ws();
        const key = this.#key();
        this.#ws();
        const start = this.#i;
        if (key === 'schema' && knownSchemaText !== undefined && text.startsWith(knownSchemaText, start)) {
          this.#i += knownSchemaText.length; // an object/null value ends where the known text ends
          schemaText = knownSchemaText;
        } else {
          this.#skip();
          if (key === 'schema') schemaText = text.slice(start, this.#i);
        }
        if (key === 'payload') payloadText = text.slice(start, this.#i);
        else if (key !== 'schema') other = true;
        if (this.#afterMember(0x7d)) break;
      }
    }
    this.#end();
    const keyCount = (schemaText === undefined ? 0 : 1) + (payloadText === undefined ? 0 : 1) + (other ? 1 : 0);
    return { keyCount, schemaText, payloadText };
  }

  #reset(text: string): void {
    this.#s = text;
    this.#i = 0;
    this.#depth = 0;
    this.#sawDecimal = false;
  }

  #end(): void {
    this.#ws();
    if (this.#i < this.#s.length) throw this.#error('unexpected data after the JSON value');
  }

  #ws(): void {
    const s = this.#s;
    let i = this.#i;
    for (let c = s.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = s.charCodeAt(++i));
    this.#i = i;
  }

  #error(message: string): JsonSyntaxError {
    return new JsonSyntaxError(this.#i >= this.#s.length ? `${message} (unexpected end of input)` : message, this.#i);
  }

  #value(): JsonValue {
    this.#ws();
    const c = this.#s.charCodeAt(this.#i);
    switch (c) {
      case 0x22 /* " */:
        return this.#string();
      case 0x7b /* { */:
        return this.#object();
      case 0x5b /* [ */:
        return this.#array();
      case 0x74 /* t */:
        return this.#literal('true', true);
      case 0x66 /* f */:
        return this.#literal('false', false);
      case 0x6e /* n */:
        return this.#literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.#number();
        throw this.#error('expected a JSON value');
    }
  }

  #literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.#s.startsWith(word, this.#i)) throw this.#error(`expected '${word}'`);
    this.#i += word.length;
    return value;
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) throw this.#error(`nesting deeper than ${MAX_DEPTH}`);
  }

  /** After a member/element: true at the closing bracket, false after a comma. */
  #afterMember(close: number): boolean {
    this.#ws();
    const c = this.#s.charCodeAt(this.#i);
    this.#i++;
    if (c === close) return true;
    if (c === 0x2c /* , */) return false;
    this.#i--;
    throw this.#error(`expected ',' or '${String.fromCharCode(close)}'`);
  }

  #key(): string {
    if (this.#s.charCodeAt(this.#i) !== 0x22) throw this.#error('expected a string key');
    const key = this.#string();
    this.#ws();
    if (this.#s.charCodeAt(this.#i) !== 0x3a /* : */) throw this.#error("expected ':'");
    this.#i++;
    return key;
  }

  #object(): JsonObject {
    this.#enter();
    this.#i++;
    const out: JsonObject = {};
    this.#ws();
    if (this.#s.charCodeAt(this.#i) === 0x7d) {
      this.#i++;
    } else {
      for (;;) {
        this.#ws();
        const key = this.#key();
        const v = this.#value();
        if (key === '__proto__') {
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        } else {
          out[key] = v;
        }
        if (this.#afterMember(0x7d)) break;
      }
    }
    this.#depth--;
    return out;
  }

  #array(): JsonValue[] {
    this.#enter();
    this.#i++;
    const out: JsonValue[] = [];
    this.#ws();
    if (this.#s.charCodeAt(this.#i) === 0x5d) {
      this.#i++;
    } else {
      do out.push(this.#value());
      while (!this.#afterMember(0x5d));
    }
    this.#depth--;
    return out;
  }

  #string(): string {
    const s = this.#s;
    const start = ++this.#i;
    let i = start;
    let c = s.charCodeAt(i);
    while (c !== 0x22 && c !== 0x5c && c >= 0x20) c = s.charCodeAt(++i);
    if (c === 0x22) {
      this.#i = i + 1;
      return s.slice(start, i);
    }
    let out = s.slice(start, i);
    for (;;) {
      c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (Number.isNaN(c)) {
        this.#i = i;
        throw this.#error('unterminated string');
      }
      if (c < 0x20) {
        this.#i = i;
        throw this.#error('unescaped control character in string');
      }
      if (c !== 0x5c) {
        const from = i;
        while (i < s.length && (c = s.charCodeAt(i)) !== 0x22 && c !== 0x5c && c >= 0x20) i++;
        out += s.slice(from, i);
        continue;
      }
      const e = s.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          const hex = s.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.#i = i;
            throw this.#error('invalid \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.#i = i - 1;
          throw this.#error('invalid escape in string');
      }
    }
    this.#i = i + 1;
    return out;
  }

  #number(): number | bigint | JsonDecimal {
    const s = this.#s;
    const start = this.#i;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    while (isDigit(s.charCodeAt(i))) i++;
    let digits = i - intStart;
    if (digits === 0) {
      this.#i = i;
      throw this.#error('expected a digit');
    }
    let integral = true;
    if (s.charCodeAt(i) === 0x2e /* . */) {
      integral = false;
      const fracStart = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === fracStart) {
        this.#i = i;
        throw this.#error('expected a digit after the decimal point');
      }
      digits += i - fracStart;
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integral = false;
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const expStart = i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === expStart) {
        this.#i = i;
        throw this.#error('expected a digit in the exponent');
      }
    }
    this.#i = i;
    const text = s.slice(start, i);
    const n = Number(text);
    if (integral) {
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      return BigInt(text);
    }
    if (digits <= MAX_EXACT_DIGITS && Number.isFinite(n) && (n === 0 || Math.abs(n) >= MIN_NORMAL)) return n;
    if (sameDecimal(text, n)) return n;
    this.#sawDecimal = true;
    return new JsonDecimal(text);
  }

  /** Moves past a string; only strings with escapes are decoded (to validate them). */
  #skipString(): void {
    const s = this.#s;
    let i = this.#i + 1;
    let c = s.charCodeAt(i);
    while (c !== 0x22 && c !== 0x5c && c >= 0x20) c = s.charCodeAt(++i);
    if (c === 0x22) this.#i = i + 1;
    else this.#string();
  }

  /** Moves past one value without building it. */
  #skip(): void {
    this.#ws();
    const c = this.#s.charCodeAt(this.#i);
    if (c === 0x22) {
      this.#skipString();
    } else if (c === 0x7b) {
      this.#enter();
      this.#i++;
      this.#ws();
      if (this.#s.charCodeAt(this.#i) === 0x7d) this.#i++;
      else
        for (;;) {
          this.#ws();
          if (this.#s.charCodeAt(this.#i) !== 0x22) throw this.#error('expected a string key');
          this.#skipString();
          this.#ws();
          if (this.#s.charCodeAt(this.#i) !== 0x3a /* : */) throw this.#error("expected ':'");
          this.#i++;
          this.#skip();
          if (this.#afterMember(0x7d)) break;
        }
      this.#depth--;
    } else if (c === 0x5b) {
      this.#enter();
      this.#i++;
      this.#ws();
      if (this.#s.charCodeAt(this.#i) === 0x5d) this.#i++;
      else
        do this.#skip();
        while (!this.#afterMember(0x5d));
      this.#depth--;
    } else {
      this.#value();
    }
  }
}

/**
 * A number token that a double may not hold exactly has 16+ digits (dots included, so 12345678.12345678
 * counts) or a 3-digit exponent. Text without either is parsed by the native JSON.parse, which is then
 * lossless; a false alarm (say, a long digit string inside a string) only costs the slower exact parser.
 */
const MAYBE_INEXACT = /\d[\d.]{15}|[eE][+-]?\d{3}/;

/**
 * Parses `text` keeping every number exact: natively when no number in it can lose digits, otherwise (or
 * when JSON.parse rejects it, e.g. for Jackson-style leading zeros) with `reader`. `mayHoldDecimals` tells
 * whether the result may contain `JsonDecimal`s.
 */
export function parseJsonExact(text: string, reader: JsonReader): { value: JsonValue | undefined; mayHoldDecimals: boolean } {
  if (!MAYBE_INEXACT.test(text)) {
    try {
      return { value: JSON.parse(text) as JsonValue, mayHoldDecimals: false };
    } catch {
      // fall through: the exact parser accepts leading zeros and reports errors with positions
    }
  }
  const value = reader.parse(text);
  return { value, mayHoldDecimals: reader.sawDecimal };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether the double `n` has exactly the decimal value written as `text`. */
function sameDecimal(text: string, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  return decimalKey(text) === decimalKey(String(n));
}

/** A canonical form of a decimal literal: sign, significant digits, exponent of the last digit. */
function decimalKey(text: string): string {
  let t = text;
  let sign = '';
  if (t[0] === '-' || t[0] === '+') {
    sign = t[0] === '-' ? '-' : '';
    t = t.slice(1);
  }
  let exp = 0;
  const ePos = t.search(/[eE]/);
  if (ePos >= 0) {
    exp = Number(t.slice(ePos + 1));
    t = t.slice(0, ePos);
  }
  const dot = t.indexOf('.');
  if (dot >= 0) {
    exp -= t.length - dot - 1;
    t = t.slice(0, dot) + t.slice(dot + 1);
  }
  t = t.replace(/^0+/, '');
  if (t === '') return '0';
  const trimmed = t.replace(/0+$/, '');
  exp += t.length - trimmed.length;
  return `${sign}${trimmed}e${exp}`;
}
