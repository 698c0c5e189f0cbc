/**
 * PostgreSQL type OIDs → the value kinds the source understands. Built-in OIDs are fixed in PostgreSQL, so
 * they are a table here; other types (domains, enums, user arrays) are looked up once in pg_type.
 */
import type { Queryable } from './database-dialect.js';

export type PgValueKind =
  | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string' | 'bytes'
  | 'numeric' | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'json';

export interface PgTypeInfo {
  readonly kind: PgValueKind;
  /** One-dimensional array of `kind` elements. */
  readonly array: boolean;
}

const SCALARS: ReadonlyMap<number, PgValueKind> = new Map<number, PgValueKind>([
  [16, 'boolean'], [17, 'bytes'], [18, 'string'], [19, 'string'], [20, 'int64'], [21, 'int16'], [23, 'int32'],
  [25, 'string'], [26, 'int64'], [114, 'json'], [700, 'float32'], [701, 'float64'], [1042, 'string'],
  [1043, 'string'], [1082, 'date'], [1083, 'time'], [1114, 'timestamp'], [1184, 'timestamptz'], [1700, 'numeric'],
  [2950, 'string'], [3802, 'json'], [1266, 'string'],
]);

const ARRAYS: ReadonlyMap<number, number> = new Map([
  [1000, 16], [1001, 17], [1002, 18], [1003, 19], [1016, 20], [1005, 21], [1007, 23], [1009, 25], [199, 114],
  [1021, 700], [1022, 701], [1014, 1042], [1015, 1043], [1182, 1082], [1183, 1083], [1115, 1114], [1185, 1184],
  [1231, 1700], [2951, 2950], [3807, 3802],
]);

/** Type info for built-in OIDs, or undefined when pg_type must be asked. */
export function builtinTypeInfo(oid: number): PgTypeInfo | undefined {
  const scalar = SCALARS.get(oid);
  if (scalar !== undefined) return { kind: scalar, array: false };
  const elem = ARRAYS.get(oid);
  if (elem !== undefined) return { kind: SCALARS.get(elem)!, array: true };
  return undefined;
}

/** Resolves and caches type info per OID for one connection target. */
export class PgTypeCatalog {
  readonly #cache = new Map<number, PgTypeInfo>();

  async resolve(db: Queryable, oids: readonly number[]): Promise<Map<number, PgTypeInfo>> {
    const out = new Map<number, PgTypeInfo>();
    const unknown: number[] = [];
    for (const oid of oids) {
      const info = builtinTypeInfo(oid) ?? this.#cache.get(oid);
      if (info !== undefined) out.set(oid, info);
      else if (!unknown.includes(oid)) unknown.push(oid);
    }
    if (unknown.length > 0) {
      const { rows } = await db.query(
        `SELECT t.oid::int AS oid, t.typtype AS typtype, t.typbasetype::int AS base, t.typelem::int AS elem, t.typcategory AS category,
                b.typelem::int AS base_elem, b.typcategory AS base_category
           FROM pg_type t LEFT JOIN pg_type b ON b.oid = t.typbasetype
          WHERE t.oid = ANY($1::oid[])`,
        [unknown],
      );
      for (const r of rows) {
        const info = userTypeInfo(r);
        this.#cache.set(Number(r['oid']), info);
        out.set(Number(r['oid']), info);
      }
      for (const oid of unknown) if (!out.has(oid)) out.set(oid, { kind: 'string', array: false });
    }
    return out;
  }
}

function userTypeInfo(r: Record<string, unknown>): PgTypeInfo {
  // A domain reads as its base type; an array of a built-in reads as that array; anything else as text.
  if (r['typtype'] === 'd') {
    const base = builtinTypeInfo(Number(r['base']));
    if (base !== undefined) return base;
    if (r['base_category'] === 'A') return { kind: builtinTypeInfo(Number(r['base_elem']))?.kind ?? 'string', array: true };
    return { kind: 'string', array: false };
  }
  if (r['category'] === 'A') {
    return { kind: builtinTypeInfo(Number(r['elem']))?.kind ?? 'string', array: true };
  }
  return { kind: 'string', array: false };
}

/** numeric(p, s) from a type modifier; null for unconstrained numeric. */
export function numericPrecisionScale(typmod: number): { precision: number; scale: number } | null {
  if (typmod < 4) return null;
  const m = typmod - 4;
  return { precision: (m >> 16) & 0xffff, scale: m & 0xffff };
}
