/**
 * What the JDBC connectors need from a database: identifier quoting, metadata, the type mapping both ways
 * and the set-based write statements. PostgreSQL implements it today (postgres-dialect.ts); a MySQL or
 * SQLite dialect implements the same interface with its own driver.
 */
import type { Schema } from '../../../src/api/index.js';
import type { TableId } from '../table-id.js';

export interface ColumnDefinition {
  readonly name: string;
  /** The column's declared SQL type (`numeric(10,2)`, `timestamp without time zone`, `integer[]`). */
  readonly sqlType: string;
  readonly typeOid: number;
  readonly nullable: boolean;
  readonly autoIncrement: boolean;
  readonly hasDefault: boolean;
}

export interface TableDefinition {
  readonly id: TableId;
  readonly columns: readonly ColumnDefinition[];
  readonly columnsByName: ReadonlyMap<string, ColumnDefinition>;
  /** Primary-key column names in key order ([] when there is none). */
  readonly primaryKey: readonly string[];
}

/** A column the sink wants to create or add, with the Connect schema it was derived from. */
export interface NewColumn {
  readonly name: string;
  readonly schema: Schema;
  /** Set for columns that hold nested data as JSON. */
  readonly json: boolean;
}

/** The statement shapes a sink write uses. */
export type WriteKind = 'insert' | 'upsert' | 'update' | 'delete';

export interface WriteStatementSpec {
  readonly kind: WriteKind;
  readonly table: TableDefinition;
  /** Key columns (conflict target / WHERE), in order. */
  readonly keyColumns: readonly string[];
  /** Non-key columns to write. */
  readonly valueColumns: readonly string[];
}

/** A minimal query runner (a pooled client or a pool). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

export interface DatabaseDialect {
  readonly name: string;
  /** Quotes an identifier (or not, with `quote.sql.identifiers=never`). */
  quote(identifier: string): string;
  /** The qualified, quoted table name for SQL. */
  tableSql(id: TableId): string;
  /** Tables (and views, per `types`) visible to the connection, optionally in schemas LIKE `schemaPattern`. */
  listTables(db: Queryable, types: readonly string[], schemaPattern: string | null): Promise<TableId[]>;
  /** The table's columns and primary key, or null when it does not exist. `id.schema` null = search_path. */
  describeTable(db: Queryable, id: TableId): Promise<TableDefinition | null>;
  /** The SQL column type for a Connect schema (auto.create / auto.evolve). */
  sqlTypeFor(column: NewColumn): string;
  createTableSql(id: TableId, columns: readonly NewColumn[], primaryKey: readonly string[]): string;
  addColumnsSql(id: TableId, columns: readonly NewColumn[]): string[];
  /**
   * One set-based statement: every column is passed as one array parameter (`$1 … $n`, in the order key
   * columns then value columns), each element the column value's text form or null.
   */
  writeStatementSql(spec: WriteStatementSpec): string;
  /**
   * A bulk-load statement for plain inserts of these columns (PostgreSQL: COPY … FROM STDIN, text format), or
   * null when the dialect has none or cannot use it for this table (then `writeStatementSql` is used).
   */
  bulkInsertSql(table: TableDefinition, columns: readonly string[], timeZone: string): string | null;
}
