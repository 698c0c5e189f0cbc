/**
 * PostgreSQL column type → Connect schema (named as Debezium names it) + a parser from pgoutput's text
 * form to the plain JS value of that schema. Built once per column when a relation is (re)described, so
 * the per-row work is one closure call per column.
 */
import {
  ConnectDate,
  ConnectTime,
  ConnectTimestamp,
  Decimal,
  decimalToBytes,
  parseDecimal,
  SchemaBuilder,
  type Schema,
} from '../../src/api/index.js';
import { utf8Text } from './buffer-text.js';
import { parsePgArrayText } from './pg-array-text.js';
import {
  dateBytesToDays,
  dateTextToDays,
  isoIntervalToMicros,
  microsToZonedTimestamp,
  timeBytesToMicros,
  timestampBytesToMicros,
  timestampTextToMicros,
  timestampTextToMicrosNumber,
  timetzTextToZonedTime,
  timeTextToMicros,
  utcTimestamptzBytesToZoned,
  utcTimestamptzToZoned,
} from './temporal-text.js';

export interface TypeMappingOptions {
  readonly decimalMode: 'precise' | 'double' | 'string';
  readonly timeMode: 'adaptive' | 'adaptive_time_microseconds' | 'connect';
  readonly intervalMode: 'numeric' | 'string';
  readonly binaryMode: 'bytes' | 'base64' | 'base64-url-safe' | 'hex';
}

/** What the catalog says about a column's type (domains already resolved to their base type). */
export interface PgTypeInfo {
  readonly oid: number;
  readonly typeMod: number;
  /** pg_type.typtype: b base, e enum, c composite, r range, … */
  readonly typtype: string;
  /** For arrays: the element type (0 otherwise). */
  readonly elemOid: number;
  readonly elemTyptype: string;
  /** Enum labels in sort order (for an enum or an array of enums). */
  readonly enumValues: readonly string[] | null;
}

export interface ColumnMapping {
  readonly schema: Schema;
  /** Text form → value. Throws on text it cannot read (the task reports it with table and column). */
  readonly fromText: (text: string) => unknown;
  /**
   * The same, read from the UTF-8 text form in `buf[start, end)` without making a string of it first
   * (pgoutput tuples). Must equal `fromText(buf.toString('utf8', start, end))`; absent = decode, then fromText.
   */
  readonly fromBytes?: (buf: Buffer, start: number, end: number) => unknown;
}

export const PgOid = {
  bool: 16, bytea: 17, char: 18, name: 19, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, xid: 28,
  json: 114, xml: 142, float4: 700, float8: 701, money: 790, bpchar: 1042, varchar: 1043, date: 1082,
  time: 1083, timestamp: 1114, timestamptz: 1184, interval: 1186, timetz: 1266, bit: 1560, varbit: 1562,
  numeric: 1700, uuid: 2950, jsonb: 3802,
} as const;

const ARRAY_ELEMENT: Readonly<Record<number, number>> = {
  1000: PgOid.bool, 1001: PgOid.bytea, 1002: PgOid.char, 1003: PgOid.name, 1005: PgOid.int2, 1007: PgOid.int4,
  1009: PgOid.text, 1014: PgOid.bpchar, 1015: PgOid.varchar, 1016: PgOid.int8, 1021: PgOid.float4,
  1022: PgOid.float8, 1115: PgOid.timestamp, 1182: PgOid.date, 1183: PgOid.time, 1185: PgOid.timestamptz,
  1187: PgOid.interval, 1231: PgOid.numeric, 1270: PgOid.timetz, 2951: PgOid.uuid, 3807: PgOid.jsonb, 199: PgOid.json,
};

function named(base: SchemaBuilder, name: string, optional: boolean, params?: Record<string, string>): Schema {
  let b = base.name(name).version(1);
  if (params !== undefined) b = b.parameters(params);
  return (optional ? b.optional() : b).build();
}

function plain(base: SchemaBuilder, optional: boolean): Schema {
  return (optional ? base.optional() : base).build();
}

function parseInt64(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const utf8 = utf8Text;

/**
 * An integer's decimal text (`-?[0-9]{1,15}`, as PostgreSQL prints integers) read from bytes; -0 and
 * anything else → NaN (the caller then reads the text). 15 digits always fit a double exactly.
 */
function smallIntegerBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  if (i === end || end - i > 15) return NaN;
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return negative ? (n === 0 ? NaN : -n) : n;
}

function numberBytes(buf: Buffer, start: number, end: number): number {
  const n = smallIntegerBytes(buf, start, end);
  return n === n ? n : Number(utf8(buf, start, end));
}

function int64Bytes(buf: Buffer, start: number, end: number): number | bigint {
  const n = smallIntegerBytes(buf, start, end);
  return n === n ? n : parseInt64(utf8(buf, start, end));
}

function hexBytes(text: string): Buffer {
  if (!text.startsWith('\\x')) throw new Error('bytea must use bytea_output=hex');
  return Buffer.from(text.slice(2), 'hex');
}

/** numeric typmod → [precision, scale]; -1 = unconstrained. */
function numericPrecisionScale(typeMod: number): [number, number] | null {
  if (typeMod < 4) return null;
  const t = typeMod - 4;
  return [(t >> 16) & 0xffff, ((t & 0x7ff) ^ 1024) - 1024];
}

/** Time precision from typmod (-1 → 6, PostgreSQL's default). */
function temporalPrecision(typeMod: number): number {
  return typeMod < 0 ? 6 : typeMod;
}

const VARIABLE_SCALE_DECIMAL = 'io.debezium.data.VariableScaleDecimal';

function variableScaleDecimal(optional: boolean): Schema {
  const b = SchemaBuilder.struct().name(VARIABLE_SCALE_DECIMAL).version(1).doc('Variable scaled decimal')
    .field('scale', SchemaBuilder.int32()).field('value', SchemaBuilder.bytes());
  return (optional ? b.optional() : b).build();
}

function decimalMapping(opts: TypeMappingOptions, optional: boolean, ps: [number, number] | null, moneyText: boolean): ColumnMapping {
  const clean = moneyText ? (t: string) => t.replace(/[^0-9.-]/g, '') : (t: string) => t;
  if (opts.decimalMode === 'double') {
    return { schema: plain(SchemaBuilder.float64(), optional), fromText: (t) => Number(clean(t)) };
  }
  if (opts.decimalMode === 'string') {
    return { schema: plain(SchemaBuilder.string(), optional), fromText: (t) => clean(t) };
  }
  if (ps === null) {
    return {
      schema: variableScaleDecimal(optional),
      fromText: (t) => {
        if (t === 'NaN' || t.endsWith('Infinity')) return null;
        const p = parseDecimal(t);
        const scale = Math.max(p.scale, 0);
        return { scale, value: decimalToBytes(t, scale) };
      },
    };
  }
  const [precision, scale] = ps;
  const b = Decimal.builder(scale).parameter('connect.decimal.precision', String(precision));
  return {
    schema: (optional ? b.optional() : b).build(),
    fromText: (t) => (t === 'NaN' || t.endsWith('Infinity') ? null : clean(t)),
  };
}

function binaryMapping(opts: TypeMappingOptions, optional: boolean): ColumnMapping {
  switch (opts.binaryMode) {
    case 'bytes': return { schema: plain(SchemaBuilder.bytes(), optional), fromText: hexBytes };
    case 'base64': return { schema: plain(SchemaBuilder.string(), optional), fromText: (t) => hexBytes(t).toString('base64') };
    // Debezium encodes with Java's Base64.getUrlEncoder(), which pads ('base64url' in Node does not).
    case 'base64-url-safe': return { schema: plain(SchemaBuilder.string(), optional), fromText: (t) => hexBytes(t).toString('base64').replaceAll('+', '-').replaceAll('/', '_') };
    case 'hex': return { schema: plain(SchemaBuilder.string(), optional), fromText: (t) => t.slice(2) };
  }
}

function scalarMapping(oid: number, typeMod: number, opts: TypeMappingOptions, optional: boolean, enumValues: readonly string[] | null): ColumnMapping {
  const str = (t: string) => t;
  const text = (schema: Schema): ColumnMapping => ({ schema, fromText: str, fromBytes: utf8 });
  switch (oid) {
    case PgOid.bool: return { schema: plain(SchemaBuilder.bool(), optional), fromText: (t) => t === 't', fromBytes: (b, s, e) => e - s === 1 && b[s] === 0x74 };
    case PgOid.int2: return { schema: plain(SchemaBuilder.int16(), optional), fromText: Number, fromBytes: numberBytes };
    case PgOid.int4: return { schema: plain(SchemaBuilder.int32(), optional), fromText: Number, fromBytes: numberBytes };
    case PgOid.int8: return { schema: plain(SchemaBuilder.int64(), optional), fromText: parseInt64, fromBytes: int64Bytes };
    case PgOid.oid:
    case PgOid.xid: return { schema: plain(SchemaBuilder.int64(), optional), fromText: Number, fromBytes: numberBytes };
    case PgOid.float4: return { schema: plain(SchemaBuilder.float32(), optional), fromText: Number };
    case PgOid.float8: return { schema: plain(SchemaBuilder.float64(), optional), fromText: Number };
    case PgOid.numeric: return decimalMapping(opts, optional, numericPrecisionScale(typeMod), false);
    case PgOid.money: return decimalMapping(opts, optional, [19, 2], true);
    case PgOid.bytea: return binaryMapping(opts, optional);
    case PgOid.uuid: return text(named(SchemaBuilder.string(), 'io.debezium.data.Uuid', optional));
    case PgOid.json:
    case PgOid.jsonb: return text(named(SchemaBuilder.string(), 'io.debezium.data.Json', optional));
    case PgOid.xml: return text(named(SchemaBuilder.string(), 'io.debezium.data.Xml', optional));
    case PgOid.date:
      if (opts.timeMode === 'connect') return { schema: plain(ConnectDate.builder(), optional), fromText: (t) => new Date(dateTextToDays(t) * 86_400_000) };
      return {
        schema: named(SchemaBuilder.int32(), 'io.debezium.time.Date', optional),
        fromText: dateTextToDays,
        fromBytes: bytesElseText(dateBytesToDays, dateTextToDays),
      };
    case PgOid.time: {
      if (opts.timeMode === 'connect') return { schema: plain(ConnectTime.builder(), optional), fromText: (t) => new Date(Math.floor(timeTextToMicros(t) / 1000)) };
      const micros = bytesElseText(timeBytesToMicros, timeTextToMicros);
      if (opts.timeMode === 'adaptive' && temporalPrecision(typeMod) <= 3) {
        return {
          schema: named(SchemaBuilder.int32(), 'io.debezium.time.Time', optional),
          fromText: (t) => Math.floor(timeTextToMicros(t) / 1000),
          fromBytes: (b, s, e) => Math.floor(micros(b, s, e) / 1000),
        };
      }
      return { schema: named(SchemaBuilder.int64(), 'io.debezium.time.MicroTime', optional), fromText: timeTextToMicros, fromBytes: micros };
    }
    case PgOid.timestamp: {
      if (opts.timeMode === 'connect') {
        return { schema: plain(ConnectTimestamp.builder(), optional), fromText: (t) => new Date(Number(timestampTextToMicros(t) / 1000n)) };
      }
      if (temporalPrecision(typeMod) <= 3) {
        return { schema: named(SchemaBuilder.int64(), 'io.debezium.time.Timestamp', optional), fromText: (t) => Number(timestampTextToMicros(t) / 1000n) };
      }
      return {
        schema: named(SchemaBuilder.int64(), 'io.debezium.time.MicroTimestamp', optional),
        fromText: timestampTextToMicrosNumber,
        fromBytes: bytesElseText(timestampBytesToMicros, timestampTextToMicrosNumber),
      };
    }
    case PgOid.timestamptz: {
      const zoned = (t: string) => utcTimestamptzToZoned(t) ?? microsToZonedTimestamp(timestampTextToMicros(t));
      return {
        schema: named(SchemaBuilder.string(), 'io.debezium.time.ZonedTimestamp', optional),
        fromText: zoned,
        fromBytes: (b, s, e) => utcTimestamptzBytesToZoned(b, s, e) ?? zoned(utf8(b, s, e)),
      };
    }
    case PgOid.timetz:
      return { schema: named(SchemaBuilder.string(), 'io.debezium.time.ZonedTime', optional), fromText: timetzTextToZonedTime };
    case PgOid.interval:
      if (opts.intervalMode === 'string') return text(named(SchemaBuilder.string(), 'io.debezium.time.Interval', optional));
      return { schema: named(SchemaBuilder.int64(), 'io.debezium.time.MicroDuration', optional), fromText: isoIntervalToMicros };
    case PgOid.bit:
      if (typeMod === 1) return { schema: plain(SchemaBuilder.bool(), optional), fromText: (t) => t === '1' };
      return text(plain(SchemaBuilder.string(), optional));
    default:
      if (enumValues !== null) {
        return text(named(SchemaBuilder.string(), 'io.debezium.data.Enum', optional, { allowed: enumValues.join(',') }));
      }
      // text, varchar, char, name, inet, cidr, macaddr, tsvector, ranges, …: their text form, as a string.
      return text(plain(SchemaBuilder.string(), optional));
  }
}

/** The mapping of one column; `optional` = the column is nullable (or may be absent, as in a `before` image). */
export function mapColumnType(type: PgTypeInfo, optional: boolean, opts: TypeMappingOptions): ColumnMapping {
  const elemOid = type.elemOid !== 0 ? type.elemOid : (ARRAY_ELEMENT[type.oid] ?? 0);
  if (elemOid !== 0 && type.typtype !== 'e') {
    const elem = scalarMapping(elemOid, type.typeMod, opts, true, type.elemTyptype === 'e' ? type.enumValues : null);
    const schema = plain(SchemaBuilder.array(elem.schema), optional);
    return {
      schema,
      fromText: (t) => {
        const items = parsePgArrayText(t);
        const out = new Array<unknown>(items.length);
        for (let i = 0; i < items.length; i++) {
          const it = items[i]!;
          out[i] = it === null ? null : elem.fromText(it);
        }
        return out;
      },
    };
  }
  return scalarMapping(type.oid, type.typeMod, opts, optional, type.typtype === 'e' ? type.enumValues : null);
}

/**
 * A column read from its bytes by `fromBytes` when it is in the common form (NaN otherwise), else by the
 * text parser — the byte readers handle the usual layout only.
 */
function bytesElseText(fromBytes: (b: Buffer, s: number, e: number) => number, fromText: (t: string) => number): (b: Buffer, s: number, e: number) => number {
  return (b, s, e) => {
    const v = fromBytes(b, s, e);
    return v === v ? v : fromText(utf8(b, s, e));
  };
}
