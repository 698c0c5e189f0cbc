/**
 * Builds, once per result shape, the Connect schema of a row and the converters that turn its text-format
 * columns into a struct value (and a key struct from the primary-key columns).
 *
 * | PostgreSQL                    | Connect                                                      |
 * |-------------------------------|--------------------------------------------------------------|
 * | smallint / integer / bigint   | INT16 / INT32 / INT64 (bigint beyond 2^53 as JS bigint)      |
 * | real / double precision       | FLOAT32 / FLOAT64                                            |
 * | numeric(p,s)                  | Decimal(s) — or narrower per `numeric.mapping`               |
 * | numeric (no precision)        | STRING (exact; Decimal needs one fixed scale) — FLOAT64 with best_fit |
 * | boolean                       | BOOLEAN                                                      |
 * | text, varchar, char, uuid, enums, timetz, others | STRING (PostgreSQL's text form)           |
 * | json / jsonb                  | STRING (the JSON text)                                       |
 * | bytea                         | BYTES                                                        |
 * | date / time                   | Date / Time                                                  |
 * | timestamp / timestamptz       | Timestamp (timestamp read as wall-clock time in db.timezone) |
 * | T[] (one dimension)           | ARRAY of T's schema (optional elements)                      |
 */
import {
  ConnectDate, ConnectTime, ConnectTimestamp, Decimal, SchemaBuilder, Schemas, type Schema,
} from '../../../src/api/index.js';
import type { Queryable } from './database-dialect.js';
import { numericPrecisionScale, type PgTypeCatalog, type PgTypeInfo } from './pg-types.js';
import { parseArray, parseBytea, parseDate, parseInt64, parseTime, parseTimestamp } from './pg-text-values.js';

export type NumericMapping = 'none' | 'best_fit' | 'best_fit_eager_double' | 'precision_only';

/** A result column as node-postgres describes it. */
export interface ResultField {
  readonly name: string;
  readonly dataTypeID: number;
  readonly dataTypeModifier: number;
}

export interface RowReaderOptions {
  readonly structName: string;
  readonly numericMapping: NumericMapping;
  readonly timeZone: string;
  /** Whether a column may be null (unknown columns: true). */
  readonly nullable: (column: string) => boolean;
  /** Columns that form the record key, in order; empty = null key. */
  readonly keyColumns: readonly string[];
  /** Result columns to leave out of the value (e.g. helper columns the query adds). */
  readonly hidden?: ReadonlySet<string>;
}

type Convert = (text: string) => unknown;

export interface RowReader {
  readonly valueSchema: Schema;
  readonly keySchema: Schema | null;
  /** Position of a result column by name (-1 when absent). */
  indexOf(column: string): number;
  value(row: readonly (string | null)[]): Record<string, unknown>;
  key(row: readonly (string | null)[]): Record<string, unknown> | null;
}

interface ColumnPlan {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
  readonly convert: Convert;
}

function intSchemaFor(precision: number): Schema {
  if (precision < 3) return Schemas.INT8;
  if (precision < 5) return Schemas.INT16;
  if (precision < 10) return Schemas.INT32;
  return Schemas.INT64;
}

function numericPlan(typmod: number, mapping: NumericMapping): { schema: Schema; convert: Convert } {
  const ps = numericPrecisionScale(typmod);
  const toNumber: Convert = (s) => Number(s);
  if (ps === null) {
    return mapping === 'best_fit' || mapping === 'best_fit_eager_double'
      ? { schema: Schemas.FLOAT64, convert: toNumber }
      : { schema: Schemas.STRING, convert: (s) => s };
  }
  const { precision, scale } = ps;
  if (mapping !== 'none' && scale === 0 && precision <= 18) {
    const schema = intSchemaFor(precision);
    return { schema, convert: schema === Schemas.INT64 ? parseInt64 : toNumber };
  }
  if ((mapping === 'best_fit' && scale > 0 && precision <= 15) || (mapping === 'best_fit_eager_double' && scale > 0)) {
    return { schema: Schemas.FLOAT64, convert: toNumber };
  }
  return {
    schema: Decimal.schema(scale),
    convert: (s) => {
      if (s === 'NaN' || s.endsWith('Infinity')) throw new Error(`numeric ${s} cannot be a Decimal`);
      return s;
    },
  };
}

function scalarPlan(info: PgTypeInfo, typmod: number, options: RowReaderOptions): { schema: Schema; convert: Convert } {
  const tz = options.timeZone;
  switch (info.kind) {
    case 'int16': return { schema: Schemas.INT16, convert: (s) => Number(s) };
    case 'int32': return { schema: Schemas.INT32, convert: (s) => Number(s) };
    case 'int64': return { schema: Schemas.INT64, convert: parseInt64 };
    case 'float32': return { schema: Schemas.FLOAT32, convert: (s) => Number(s) };
    case 'float64': return { schema: Schemas.FLOAT64, convert: (s) => Number(s) };
    case 'boolean': return { schema: Schemas.BOOLEAN, convert: (s) => s === 't' };
    case 'bytes': return { schema: Schemas.BYTES, convert: parseBytea };
    case 'numeric': return numericPlan(info.array ? -1 : typmod, options.numericMapping);
    case 'date': return { schema: ConnectDate.SCHEMA, convert: parseDate };
    case 'time': return { schema: ConnectTime.SCHEMA, convert: parseTime };
    case 'timestamp':
    case 'timestamptz': return { schema: ConnectTimestamp.SCHEMA, convert: (s) => new Date(parseTimestamp(s, tz).epochMs) };
    case 'json':
    case 'string': return { schema: Schemas.STRING, convert: (s) => s };
  }
}

function columnPlan(field: ResultField, index: number, info: PgTypeInfo, options: RowReaderOptions): ColumnPlan {
  const optional = options.nullable(field.name);
  const scalar = scalarPlan(info, field.dataTypeModifier, options);
  if (!info.array) {
    const schema = optional ? SchemaBuilder.from(scalar.schema).optional().build() : scalar.schema;
    return { name: field.name, index, schema, convert: scalar.convert };
  }
  const elementSchema = SchemaBuilder.from(scalar.schema).optional().build();
  let schema = SchemaBuilder.array(elementSchema);
  if (optional) schema = schema.optional();
  const element = scalar.convert;
  return { name: field.name, index, schema: schema.build(), convert: (s) => parseArray(s, element) };
}

export async function buildRowReader(
  db: Queryable, catalog: PgTypeCatalog, fields: readonly ResultField[], options: RowReaderOptions,
): Promise<RowReader> {
  const types = await catalog.resolve(db, fields.map((f) => f.dataTypeID));
  const plans: ColumnPlan[] = [];
  const indexByName = new Map<string, number>();
  let value = SchemaBuilder.struct().name(options.structName);
  fields.forEach((f, i) => {
    indexByName.set(f.name, i);
    if (options.hidden?.has(f.name)) return;
    const plan = columnPlan(f, i, types.get(f.dataTypeID)!, options);
    plans.push(plan);
    value = value.field(f.name, plan.schema);
  });
  const keyPlans = options.keyColumns.map((k) => plans.find((p) => p.name === k)).filter((p): p is ColumnPlan => p !== undefined);
  let keySchema: Schema | null = null;
  if (keyPlans.length > 0 && keyPlans.length === options.keyColumns.length) {
    let kb = SchemaBuilder.struct().name(`${options.structName}.Key`);
    for (const p of keyPlans) kb = kb.field(p.name, p.schema);
    keySchema = kb.build();
  }
  const n = plans.length;
  return {
    valueSchema: value.build(),
    keySchema,
    indexOf: (column) => indexByName.get(column) ?? -1,
    value(row) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const p = plans[i]!;
        const text = row[p.index];
        out[p.name] = text === null || text === undefined ? null : p.convert(text);
      }
      return out;
    },
    key(row) {
      if (keySchema === null) return null;
      const out: Record<string, unknown> = {};
      for (const p of keyPlans) {
        const text = row[p.index];
        out[p.name] = text === null || text === undefined ? null : p.convert(text);
      }
      return out;
    },
  };
}
