/**
 * Kafka's `Values.parseString`: infers a schema and value from a header's text, as SimpleHeaderConverter
 * reads headers. `true`/`false` → boolean; `null` → null; integers → the smallest of int8/16/32/64
 * (then Decimal with scale 0 past int64); other numbers → float32 when a float can hold their magnitude,
 * else float64, else Decimal; ISO dates (`2024-01-15`), times (`13:45:30.250Z`) and timestamps
 * (`2024-01-15T13:45:30.250Z`) → Date/Time/Timestamp; `[..]` → array and `{..}` → map, with elements
 * parsed the same way (strings inside must be quoted; a common element schema is inferred, numbers
 * widening int8 → … → float64). Anything else is the string itself.
 *
 * Differences from Kafka, on purpose:
 * - Kafka stops after the first token at the top level, so "12:30" reads as the int8 12 and "1,2" as 1;
 *   here a value must use the whole text, otherwise the whole text is the string.
 * - A float32 value is the JS number written (1.1), not the float rounding of it (1.100000023841858), so
 *   it prints back as written.
 * - An array/map whose elements include null gets an optional element schema (Kafka keeps it required).
 * - Dates are parsed strictly in UTC (Kafka uses a lenient SimpleDateFormat in the JVM's time zone).
 * - Quoted strings keep their backslash escapes as written, exactly as Kafka does.
 */
import { DataError } from '../../src/api/errors.js';
import { parseDecimal, decimalFromUnscaled } from '../../src/api/decimal-codec.js';
import type { SchemaAndValue } from '../../src/api/converter.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../src/api/logical-types.js';
import type { Schema } from '../../src/api/schema.js';
import { SchemaBuilder } from '../../src/api/schema-builder.js';
import { Schemas } from '../../src/api/schemas.js';
import { SchemaMerger } from './schema-merger.js';
import { ValuesTokenizer } from './values-tokenizer.js';

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });
const TRUE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: true });
const FALSE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: false });
const JAVA_DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `null` for null; never throws for plain text (unparseable text is a string). */
export function parseString(text: string | null): SchemaAndValue {
  if (text === null) return NULL_SCHEMA_AND_VALUE;
  if (text === '') return { schema: Schemas.STRING, value: '' };
  const parser = new ValueParser(new ValuesTokenizer(text));
  const parsed = parser.parse(false);
  if (!parser.consumedAll()) return { schema: Schemas.STRING, value: text };
  return parsed ?? NULL_SCHEMA_AND_VALUE;
}

class ValueParser {
  readonly #p: ValuesTokenizer;

  constructor(tokenizer: ValuesTokenizer) {
    this.#p = tokenizer;
  }

  consumedAll(): boolean {
    const at = this.#p.mark();
    return this.#p.original.slice(at).trim() === '';
  }

  /** null means a JSON-ish `null` literal (or nothing). */
  parse(embedded: boolean): SchemaAndValue | null {
    const p = this.#p;
    if (!p.hasNext()) return null;
    if (embedded && p.canConsume('"')) return this.#quoted();
    if (this.#literal(embedded, 'null')) return null;
    if (this.#literal(embedded, 'true')) return TRUE;
    if (this.#literal(embedded, 'false')) return FALSE;
    const start = p.mark();
    try {
      if (p.canConsume('[')) return this.#array();
      if (p.canConsume('{')) return this.#map();
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      p.rewindTo(start); // not a well-formed array/map: read it as text
    }
    const token = p.next();
    if (token.trim() === '') return { schema: Schemas.STRING, value: token };
    return this.#token(embedded, token.trim());
  }

  #literal(embedded: boolean, literal: string): boolean {
    const p = this.#p;
    const start = p.mark();
    if (p.canConsume(literal) && (embedded || !p.hasNext())) return true;
    p.rewindTo(start);
    return false;
  }

  #token(embedded: boolean, token: string): SchemaAndValue {
    const first = token.charCodeAt(0);
    const digit = first >= 0x30 && first <= 0x39;
    if (digit) {
      const temporal = this.#multiTokenTemporal(token);
      if (temporal !== null) return temporal;
    }
    if (digit || token[0] === '+' || token[0] === '-') {
      const n = parseNumber(token);
      if (n !== null) return n;
    }
    if (embedded) throw new DataError('Failed to parse embedded value');
    return { schema: Schemas.STRING, value: this.#p.original };
  }

  /** Times and timestamps contain unescaped ':' delimiters, so they span five tokens. */
  #multiTokenTemporal(token: string): SchemaAndValue | null {
    const p = this.#p;
    const position = p.mark();
    const rest = p.nextTokens(4);
    if (rest !== null) {
      const t = parseTemporal(token + rest);
      if (t !== null) return t;
    }
    p.rewindTo(position);
    return parseTemporal(token);
  }

  #quoted(): SchemaAndValue {
    const p = this.#p;
    let content = '';
    while (p.hasNext()) {
      if (p.canConsume('"')) break;
      content += p.next();
    }
    return parseTemporal(content) ?? { schema: Schemas.STRING, value: content };
  }

  #array(): SchemaAndValue {
    const p = this.#p;
    const values: unknown[] = [];
    const merger = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        const element = merger.schema();
        if (element === null) return { schema: arrayOfNull(), value: values };
        return { schema: SchemaBuilder.array(element).build(), value: values.map((v) => align(element, v)) };
      }
      if (p.canConsume(',')) throw new DataError(`Unable to parse an empty array element: ${p.original}`);
      const element = this.parse(true);
      merger.merge(element);
      values.push(element === null ? null : element.value);
      const at = p.mark();
      if (p.canConsume(']')) p.rewindTo(at);
      else if (!p.canConsume(',')) throw new DataError("Array elements missing ',' delimiter");
    }
    if (p.previous() === ',') throw new DataError(`Array is missing element after ',': ${p.original}`);
    throw new DataError(`Array is missing terminating ']': ${p.original}`);
  }

  #map(): SchemaAndValue {
    const p = this.#p;
    const entries: [unknown, unknown][] = [];
    const keys = new SchemaMerger();
    const values = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume('}')) return buildMap(entries, keys.schema(), values.schema());
      if (p.canConsume(',')) throw new DataError(`Unable to parse a map entry with no key or value: ${p.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null) throw new DataError(`Map entry may not have a null key: ${p.original}`);
      if (!p.canConsume(':')) throw new DataError(`Map entry is missing ':' in ${p.original}`);
      const value = this.parse(true);
      entries.push([key.value, value === null ? null : value.value]);
      p.canConsume(',');
      keys.merge(key);
      values.merge(value);
    }
    if (p.previous() === ',') throw new DataError(`Map is missing element after ',': ${p.original}`);
    throw new DataError(`Map is missing terminating '}': ${p.original}`);
  }
}

function arrayOfNull(): Schema {
  return Object.freeze({ type: 'array', optional: false });
}

function buildMap(entries: [unknown, unknown][], keySchema: Schema | null, valueSchema: Schema | null): SchemaAndValue {
  const schema: Schema =
    keySchema !== null && valueSchema !== null
      ? SchemaBuilder.map(keySchema, valueSchema).build()
      : Object.freeze({ type: 'map', optional: false, ...(keySchema === null ? {} : { keySchema }) });
  if (keySchema !== null && keySchema.type === 'string') {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const value = valueSchema === null ? v : align(valueSchema, v);
      if (k === '__proto__') Object.defineProperty(obj, k, { value, enumerable: true, writable: true, configurable: true });
      else obj[k as string] = value;
    }
    return { schema, value: obj };
  }
  const map = new Map<unknown, unknown>();
  for (const [k, v] of entries) {
    map.set(keySchema === null ? k : align(keySchema, k), valueSchema === null ? v : align(valueSchema, v));
  }
  return { schema, value: map };
}

/** Numbers widened to a float schema become plain numbers (an int64 bigint → number). */
function align(schema: Schema, value: unknown): unknown {
  if ((schema.type === 'float32' || schema.type === 'float64') && typeof value === 'bigint') return Number(value);
  return value;
}

/** Kafka's `parseAsNumber`; null when `token` is not a number (Java BigDecimal syntax). */
export function parseNumber(token: string): SchemaAndValue | null {
  if (!JAVA_DECIMAL_RE.test(token)) return null;
  const d = parseDecimal(token);
  const integral = d.scale <= 0 || d.unscaled % 10n ** BigInt(d.scale) === 0n;
  if (integral) {
    const whole = d.scale <= 0 ? d.unscaled * 10n ** BigInt(-d.scale) : d.unscaled / 10n ** BigInt(d.scale);
    if (whole >= INT64_MIN && whole <= INT64_MAX) {
      if (whole >= -128n && whole <= 127n) return { schema: Schemas.INT8, value: Number(whole) };
      if (whole >= -32768n && whole <= 32767n) return { schema: Schemas.INT16, value: Number(whole) };
      if (whole >= -2147483648n && whole <= 2147483647n) return { schema: Schemas.INT32, value: Number(whole) };
      const safe = whole >= BigInt(Number.MIN_SAFE_INTEGER) && whole <= BigInt(Number.MAX_SAFE_INTEGER);
      return { schema: Schemas.INT64, value: safe ? Number(whole) : whole };
    }
  }
  const n = Number(token);
  if (d.scale !== 0 && Number.isFinite(Math.fround(n))) return { schema: Schemas.FLOAT32, value: n };
  if (d.scale !== 0 && Number.isFinite(n)) return { schema: Schemas.FLOAT64, value: n };
  return { schema: Decimal.schema(d.scale), value: decimalFromUnscaled(d.unscaled, d.scale) };
}

/** Kafka's `parseAsTemporal` (UTC, strict). */
export function parseTemporal(raw: string): SchemaAndValue | null {
  const token = raw.replaceAll('\\:', ':');
  let m: RegExpExecArray | null;
  if (token.length === 13 && (m = TIME_RE.exec(token)) !== null) {
    const [h, min, s, ms] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (h > 23 || min > 59 || s > 59) return null;
    return { schema: ConnectTime.SCHEMA, value: new Date(((h * 60 + min) * 60 + s) * 1000 + ms) };
  }
  if (token.length === 24 && (m = TIMESTAMP_RE.exec(token)) !== null) {
    const parts = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    const d = utc(...parts);
    return d === null ? null : { schema: ConnectTimestamp.SCHEMA, value: d };
  }
  if (token.length === 10 && (m = DATE_RE.exec(token)) !== null) {
    const d = utc(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0);
    return d === null ? null : { schema: ConnectDate.SCHEMA, value: d };
  }
  return null;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (date.getUTCFullYear() !== y) date.setUTCFullYear(y); // years 0..99 are not 19xx
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}
