/**
 * Reads what pgoutput does not say from the catalog: nullability, primary key, enum labels, domain base
 * types, and which tables exist. Runs on an ordinary (non-replication) connection.
 */
import type pg from 'pg';
import type { PgTypeInfo } from './column-types.js';

export interface CatalogColumn {
  readonly name: string;
  readonly notNull: boolean;
  /** Position within the primary key (0-based), or -1. */
  readonly pkPosition: number;
  readonly type: PgTypeInfo;
}

export interface CatalogTable {
  readonly oid: number;
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly CatalogColumn[];
}

export interface TableRef {
  readonly oid: number;
  readonly schema: string;
  readonly table: string;
}

const COLUMNS_SQL = `
SELECT a.attname AS name,
       a.attnotnull AS not_null,
       CASE WHEN a.attnum = ANY(i.indkey) THEN array_position(i.indkey::int2[], a.attnum) ELSE -1 END AS pk_position, -- int2vector is 0-based
       bt.oid AS type_oid,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS type_mod,
       bt.typtype AS typtype,
       bt.typelem AS elem_oid,
       COALESCE(et.typtype, '') AS elem_typtype,
       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
         WHERE e.enumtypid = CASE WHEN bt.typtype = 'e' THEN bt.oid ELSE bt.typelem END) AS enum_values
  FROM pg_attribute a
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
  LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typelem <> 0
  LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
 WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum`;

interface ColumnRow {
  name: string; not_null: boolean | string; pk_position: number; type_oid: number; type_mod: number;
  typtype: string; elem_oid: number; elem_typtype: string; enum_values: string | null;
}

export async function readTableColumns(client: pg.Client, oid: number): Promise<CatalogColumn[]> {
  const res = await client.query<ColumnRow>(COLUMNS_SQL, [oid]);
  return res.rows.map((r) => ({
    name: r.name,
    notNull: r.not_null === true || r.not_null === 't', // text-mode clients return 't'/'f'
    pkPosition: Number(r.pk_position),
    type: {
      oid: Number(r.type_oid),
      typeMod: Number(r.type_mod),
      typtype: r.typtype,
      elemOid: Number(r.elem_oid),
      elemTyptype: r.elem_typtype,
      enumValues: r.enum_values === null ? null : r.enum_values.split(','),
    },
  }));
}

export async function readTable(client: pg.Client, ref: TableRef): Promise<CatalogTable> {
  return { ...ref, columns: await readTableColumns(client, ref.oid) };
}

/** Ordinary and partitioned tables outside the system schemas. */
export async function listTables(client: pg.Client): Promise<TableRef[]> {
  const res = await client.query<{ oid: number; schema: string; table: string }>(`
    SELECT c.oid, n.nspname AS schema, c.relname AS table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
     ORDER BY n.nspname, c.relname`);
  return res.rows.map((r) => ({ oid: Number(r.oid), schema: r.schema, table: r.table }));
}

/** Rough row count (pg_class.reltuples) for snapshot progress; -1 when the table was never analyzed. */
export async function estimateRows(client: pg.Client, oid: number): Promise<number> {
  const res = await client.query<{ n: number }>('SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1', [oid]);
  return Number(res.rows[0]?.n ?? -1);
}
