/**
 * XSD built-in simple types → Connect schema types, and text → value for each. IBM's table with these
 * changes: out-of-range integers are an error instead of wrapping or saturating; `unsignedInt` is INT64
 * (it does not fit INT32); `byte`/`unsignedByte` are INT8/INT16 (IBM: one-byte BYTES); `date`, `dateTime`
 * and `time` are Connect's Date, Timestamp and Time logical types (IBM: STRING); `decimal` restricted by
 * `fractionDigits` is a Connect Decimal of that scale (see xsd-compiler.ts), plain `decimal` FLOAT64 as IBM.
 */
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal, SchemaBuilder } from '../../../src/api/index.js';

export interface XsdPrimitive {
  /** The built-in's local name (`int`). */
  readonly xsType: string;
  readonly builder: () => SchemaBuilder;
  /** Text (already whitespace-collapsed for non-string types) → the JS value; throws on bad text. */
  readonly read: (text: string) => unknown;
}

const INTEGER = /^[-+]?[0-9]+$/;

function bad(text: string, type: string, why = ''): Error {
  return new Error(`'${text}' is not a valid xs:${type}${why}`);
}

function integer(type: string, min: bigint, max: bigint, asBigIntAbove53 = false) {
  return (text: string): unknown => {
    if (!INTEGER.test(text)) throw bad(text, type);
    const n = BigInt(text);
    if (n < min || n > max) throw bad(text, type, ` (out of range ${min}..${max})`);
    if (asBigIntAbove53 && (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))) return n;
    return Number(n);
  };
}

const DOUBLE = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
function floating(type: string) {
  return (text: string): number => {
    if (text === 'INF' || text === '+INF') return Infinity;
    if (text === '-INF') return -Infinity;
    if (text === 'NaN') return NaN;
    if (!DOUBLE.test(text)) throw bad(text, type);
    return Number(text);
  };
}

function boolean(text: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw bad(text, 'boolean');
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}$/;
function base64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw bad(text, 'base64Binary');
  return Buffer.from(text, 'base64');
}

const DATE = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
function date(text: string): Date {
  const m = DATE.exec(text);
  // A date's timezone does not move the day: Connect Dates are days, so the calendar day is kept.
  const d = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(d)) throw bad(text, 'date');
  const out = new Date(d);
  if (out.getUTCDate() !== Number(m![3])) throw bad(text, 'date');
  return out;
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
function dateTime(text: string): Date {
  const m = DATE_TIME.exec(text);
  if (m === null) throw bad(text, 'dateTime');
  // No timezone: read as UTC (documented), so the value does not depend on the worker's zone.
  const ms = Date.parse(m[1] === undefined ? text + 'Z' : text);
  if (Number.isNaN(ms)) throw bad(text, 'dateTime');
  return new Date(ms);
}

const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
function time(text: string): Date {
  const m = TIME.exec(text);
  if (m === null) throw bad(text, 'time');
  let ms = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Math.floor(Number(m[4] ?? 0) * 1000);
  const tz = m[5];
  if (tz !== undefined && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    ms -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
  }
  const day = 86_400_000;
  ms = ((ms % day) + day) % day;
  if (Number(m[1]) > 24 || Number(m[2]) > 59 || Number(m[3]) > 60) throw bad(text, 'time');
  return new Date(ms);
}

const asString = (text: string): string => text;
const I32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const I64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function entry(xsType: string, builder: () => SchemaBuilder, read: (t: string) => unknown): [string, XsdPrimitive] {
  return [xsType, { xsType, builder, read }];
}

const STRING_TYPES = [
  'string', 'normalizedString', 'token', 'language', 'Name', 'NCName', 'NMTOKEN', 'NMTOKENS', 'ID', 'IDREF', 'IDREFS',
  'ENTITY', 'ENTITIES', 'anyURI', 'QName', 'NOTATION', 'duration', 'hexBinary', 'anySimpleType', 'anyType',
  'gDay', 'gMonth', 'gMonthDay', 'gYear', 'gYearMonth',
];

export const XSD_PRIMITIVES: ReadonlyMap<string, XsdPrimitive> = new Map([
  ...STRING_TYPES.map((t) => entry(t, SchemaBuilder.string, asString)),
  entry('boolean', SchemaBuilder.boolean, boolean),
  entry('byte', SchemaBuilder.int8, integer('byte', -128n, 127n)),
  entry('unsignedByte', SchemaBuilder.int16, integer('unsignedByte', 0n, 255n)),
  entry('short', SchemaBuilder.int16, integer('short', -32768n, 32767n)),
  entry('unsignedShort', SchemaBuilder.int32, integer('unsignedShort', 0n, 65535n)),
  entry('int', SchemaBuilder.int32, integer('int', ...I32)),
  entry('integer', SchemaBuilder.int32, integer('integer', ...I32)),
  entry('nonNegativeInteger', SchemaBuilder.int32, integer('nonNegativeInteger', 0n, I32[1])),
  entry('positiveInteger', SchemaBuilder.int32, integer('positiveInteger', 1n, I32[1])),
  entry('nonPositiveInteger', SchemaBuilder.int32, integer('nonPositiveInteger', I32[0], 0n)),
  entry('negativeInteger', SchemaBuilder.int32, integer('negativeInteger', I32[0], -1n)),
  entry('unsignedInt', SchemaBuilder.int64, integer('unsignedInt', 0n, 2n ** 32n - 1n)),
  entry('long', SchemaBuilder.int64, integer('long', ...I64, true)),
  entry('unsignedLong', SchemaBuilder.int64, integer('unsignedLong', 0n, I64[1], true)),
  entry('float', SchemaBuilder.float32, floating('float')),
  entry('double', SchemaBuilder.float64, floating('double')),
  entry('decimal', SchemaBuilder.float64, floating('decimal')),
  entry('base64Binary', SchemaBuilder.bytes, base64),
  entry('date', ConnectDate.builder, date),
  entry('dateTime', ConnectTimestamp.builder, dateTime),
  entry('time', ConnectTime.builder, time),
]);

const DECIMAL_TEXT = /^([-+]?)([0-9]*)(?:\.([0-9]*))?$/;

/** A Decimal (fixed `scale`) primitive, for `xs:decimal` restricted by `fractionDigits`. */
export function decimalPrimitive(scale: number): XsdPrimitive {
  return {
    xsType: 'decimal',
    builder: () => Decimal.builder(scale),
    read: (text) => {
      const m = DECIMAL_TEXT.exec(text);
      if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw bad(text, 'decimal');
      const fraction = (m[3] ?? '').replace(/0+$/, '');
      if (fraction.length > scale) throw bad(text, 'decimal', ` (more than ${scale} fraction digits)`);
      const whole = m[2]!.replace(/^0+(?=\d)/, '') || '0';
      const digits = scale === 0 ? whole : `${whole}.${fraction.padEnd(scale, '0')}`;
      return m[1] === '-' && /[1-9]/.test(digits) ? '-' + digits : digits;
    },
  };
}
