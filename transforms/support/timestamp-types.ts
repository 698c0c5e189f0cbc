import { ConnectDate, ConnectTime, ConnectTimestamp, LogicalTypeNames, Schemas, type Schema } from '../../src/api/index.js';
import type { JavaDateFormat } from './java-date-format.js';

export type TimestampKind = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
export type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

/** A value that is not a timestamp of the expected kind; the caller adds alias, field and record. */
export class TimestampProblem extends Error {}

const MS_PER_DAY = 86_400_000;

export function schemaFor(kind: TimestampKind, optional: boolean): Schema {
  switch (kind) {
    case 'string':
      return optional ? Schemas.OPTIONAL_STRING : Schemas.STRING;
    case 'unix':
      return optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64;
    case 'Date':
      return optional ? ConnectDate.OPTIONAL_SCHEMA : ConnectDate.SCHEMA;
    case 'Time':
      return optional ? ConnectTime.OPTIONAL_SCHEMA : ConnectTime.SCHEMA;
    case 'Timestamp':
      return optional ? ConnectTimestamp.OPTIONAL_SCHEMA : ConnectTimestamp.SCHEMA;
  }
}

export function kindOfSchema(schema: Schema): TimestampKind {
  if (schema.name === LogicalTypeNames.Timestamp) return 'Timestamp';
  if (schema.name === LogicalTypeNames.Date) return 'Date';
  if (schema.name === LogicalTypeNames.Time) return 'Time';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'int64') return 'unix';
  throw new TimestampProblem(`Schema ${schema.name ?? schema.type} does not correspond to a known timestamp type format`);
}

export function kindOfValue(value: unknown): TimestampKind {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new TimestampProblem(`TimestampConverter does not support ${typeof value} objects as timestamps`);
}

function toBig(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new TimestampProblem(`Expected a unix timestamp (int64), found ${typeof v}`);
}

/** Integer division toward zero, as Java's TimeUnit conversions. */
const div = (a: bigint, b: bigint) => a / b;

/** Any supported kind → epoch millis. */
export function toMillis(value: unknown, kind: TimestampKind, precision: UnixPrecision, format: JavaDateFormat | null): number {
  switch (kind) {
    case 'string': {
      if (format === null) throw new TimestampProblem('TimestampConverter requires format option to be specified when using string timestamps');
      if (typeof value !== 'string') throw new TimestampProblem(`Expected a string timestamp, found ${typeof value}`);
      try {
        return format.parse(value).getTime();
      } catch (err) {
        throw new TimestampProblem(`Could not parse timestamp: value (${value}) does not match pattern (${format.pattern})`);
      }
    }
    case 'unix': {
      const v = toBig(value);
      if (precision === 'seconds') return Number(v * 1000n);
      if (precision === 'microseconds') return Number(div(v, 1000n));
      if (precision === 'nanoseconds') return Number(div(v, 1_000_000n));
      return Number(v);
    }
    default:
      if (!(value instanceof Date)) throw new TimestampProblem(`Expected a Date for a ${kind} value, found ${typeof value}`);
      return value.getTime();
  }
}

function int64(n: bigint): number | bigint {
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

/** Epoch millis → the target kind's JS value. */
export function fromMillis(ms: number, kind: TimestampKind, precision: UnixPrecision, format: JavaDateFormat | null): unknown {
  switch (kind) {
    case 'string':
      return format!.formatMillis(ms);
    case 'unix': {
      const v = BigInt(ms);
      if (precision === 'seconds') return int64(div(v, 1000n));
      if (precision === 'microseconds') return int64(v * 1000n);
      if (precision === 'nanoseconds') return int64(v * 1_000_000n);
      return ms;
    }
    case 'Date':
      return new Date(ms - (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY));
    case 'Time':
      return new Date(((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
    case 'Timestamp':
      return new Date(ms);
  }
}
