import { decimalFromBytes, decimalToBytes } from './decimal-codec.js';
import { DataError } from './errors.js';
import { DECIMAL_SCALE_PARAM, LogicalTypeNames, type Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

/**
 * Kafka Connect's logical types. Each names a base schema (`name` + `version: 1`) and converts between
 * the JS value (see schema.ts) and the base value a converter writes:
 *
 * | logical   | base  | JS value                 | base value                                |
 * |-----------|-------|--------------------------|-------------------------------------------|
 * | Decimal   | bytes | "12.50" (string)         | two's-complement unscaled bytes (scale param) |
 * | Date      | int32 | Date at 00:00 UTC        | days since 1970-01-01                     |
 * | Time      | int32 | Date on 1970-01-01 UTC   | millis since midnight                     |
 * | Timestamp | int64 | Date                     | millis since epoch                        |
 *
 * The objects are named after Kafka's classes; Date/Time/Timestamp carry a `Connect` prefix so they do
 * not shadow JS's global `Date`.
 */

const MILLIS_PER_DAY = 86_400_000;

export type LogicalTypeName = keyof typeof LogicalTypeNames;

/** Which logical type a schema is (by name and base type), or undefined. */
export function logicalTypeOf(schema: Schema): LogicalTypeName | undefined {
  switch (schema.name) {
    case LogicalTypeNames.Decimal:
      return schema.type === 'bytes' ? 'Decimal' : undefined;
    case LogicalTypeNames.Date:
      return schema.type === 'int32' ? 'Date' : undefined;
    case LogicalTypeNames.Time:
      return schema.type === 'int32' ? 'Time' : undefined;
    case LogicalTypeNames.Timestamp:
      return schema.type === 'int64' ? 'Timestamp' : undefined;
    default:
      return undefined;
  }
}

// ---- Decimal ----------------------------------------------------------------------------------

/** The scale a Decimal schema declares in its `scale` parameter. */
export function decimalScale(schema: Schema): number {
  const raw = schema.parameters?.[DECIMAL_SCALE_PARAM];
  const scale = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(scale)) {
    throw new DataError(`Decimal schema needs an integer '${DECIMAL_SCALE_PARAM}' parameter, got ${JSON.stringify(raw ?? null)}`, {
      code: 'TRIB_DECIMAL_INVALID',
    });
  }
  return scale;
}

export const Decimal = Object.freeze({
  LOGICAL_NAME: LogicalTypeNames.Decimal,
  SCALE_FIELD: DECIMAL_SCALE_PARAM,
  /** A builder for a Decimal schema; add `.optional()` etc. before `build()`. */
  builder(scale: number): SchemaBuilder {
    if (!Number.isInteger(scale)) throw new DataError(`Decimal scale must be an integer, got ${scale}`, { code: 'TRIB_DECIMAL_INVALID' });
    return SchemaBuilder.bytes().name(LogicalTypeNames.Decimal).version(1).parameter(DECIMAL_SCALE_PARAM, String(scale));
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },
  /** JS value → wire bytes (exact; throws if the value has more fractional digits than the scale). */
  fromLogical(schema: Schema, value: string): Uint8Array {
    return decimalToBytes(value, decimalScale(schema));
  },
  /** Wire bytes → JS value, with exactly `scale` fractional digits. */
  toLogical(schema: Schema, bytes: Uint8Array): string {
    return decimalFromBytes(bytes, decimalScale(schema));
  },
});

// ---- Date / Time / Timestamp -------------------------------------------------------------------

function requireValidDate(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new DataError(`${what}: expected a valid JS Date, got ${String(d)}`, { code: 'TRIB_LOGICAL_INVALID' });
  return ms;
}

/** A Date at midnight UTC → days since the epoch (Kafka rejects a time-of-day, so do we). */
export function dateToDays(date: Date): number {
  const ms = requireValidDate(date, 'Date');
  if (ms % MILLIS_PER_DAY !== 0) {
    throw new DataError(`Date must be midnight UTC with no time of day, got ${date.toISOString()}`, { code: 'TRIB_LOGICAL_INVALID' });
  }
  return ms / MILLIS_PER_DAY;
}

export function dateFromDays(days: number): Date {
  if (!Number.isInteger(days)) throw new DataError(`Date: days since epoch must be an integer, got ${days}`, { code: 'TRIB_LOGICAL_INVALID' });
  return new Date(days * MILLIS_PER_DAY);
}

/** A Date on 1970-01-01 UTC → milliseconds since midnight (Kafka rejects a date part, so do we). */
export function timeToMillis(time: Date): number {
  const ms = requireValidDate(time, 'Time');
  if (ms < 0 || ms >= MILLIS_PER_DAY) {
    throw new DataError(`Time must fall on 1970-01-01 UTC (time of day only), got ${time.toISOString()}`, { code: 'TRIB_LOGICAL_INVALID' });
  }
  return ms;
}

export function timeFromMillis(millis: number): Date {
  if (!Number.isInteger(millis) || millis < 0 || millis >= MILLIS_PER_DAY) {
    throw new DataError(`Time: millis of day must be an integer in 0..86399999, got ${millis}`, { code: 'TRIB_LOGICAL_INVALID' });
  }
  return new Date(millis);
}

export function timestampToMillis(timestamp: Date): number {
  return requireValidDate(timestamp, 'Timestamp');
}

/** Accepts number or bigint millis (int64 values may arrive as either). */
export function timestampFromMillis(millis: number | bigint): Date {
  const ms = typeof millis === 'bigint' ? Number(millis) : millis;
  const d = new Date(ms);
  if (!Number.isInteger(ms) || Number.isNaN(d.getTime())) {
    throw new DataError(`Timestamp: ${String(millis)} is not an integer within the JS Date range`, { code: 'TRIB_LOGICAL_INVALID' });
  }
  return d;
}

function temporal(name: string, base: () => SchemaBuilder) {
  const builder = () => base().name(name).version(1);
  return { LOGICAL_NAME: name, builder, SCHEMA: builder().build(), OPTIONAL_SCHEMA: builder().optional().build() };
}

export const ConnectDate = Object.freeze({
  ...temporal(LogicalTypeNames.Date, SchemaBuilder.int32),
  fromLogical: (_schema: Schema, value: Date): number => dateToDays(value),
  toLogical: (_schema: Schema, days: number): Date => dateFromDays(days),
});

export const ConnectTime = Object.freeze({
  ...temporal(LogicalTypeNames.Time, SchemaBuilder.int32),
  fromLogical: (_schema: Schema, value: Date): number => timeToMillis(value),
  toLogical: (_schema: Schema, millis: number): Date => timeFromMillis(millis),
});

export const ConnectTimestamp = Object.freeze({
  ...temporal(LogicalTypeNames.Timestamp, SchemaBuilder.int64),
  fromLogical: (_schema: Schema, value: Date): number => timestampToMillis(value),
  toLogical: (_schema: Schema, millis: number | bigint): Date => timestampFromMillis(millis),
});
