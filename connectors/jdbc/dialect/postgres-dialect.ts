/**
 * The PostgreSQL dialect: catalog queries, quoting, Connect → SQL types, and UNNEST-based set statements.
 *
 * Writes pass each column as one `text[]` parameter and cast per column (`u.c2::numeric(10,2)`), so a batch
 * of N rows is one statement with `columns` parameters whatever N is — the fastest shape measured from Node
 * (≈ 350k rows/s for INSERT … SELECT FROM UNNEST, against 75–160k for multi-row VALUES).
 */
import { LogicalTypeNames, logicalTypeOf, type Schema } from '../../../src/api/index.js';
import type { TableId } from '../table-id.js';
import type {
  ColumnDefinition, DatabaseDialect, NewColumn, Queryable, TableDefinition, WriteStatementSpec,
} from './database-dialect.js';

const RELKINDS: Readonly<Record<string, string>> = {
  TABLE: 'r',
  'PARTITIONED TABLE': 'p',
  VIEW: 'v',
  'MATERIALIZED VIEW': 'm',
  'FOREIGN TABLE': 'f',
};

const DESCRIBE_SQL = `
SELECT a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS sql_type,
       a.atttypid::int AS oid,
       NOT a.attnotnull AS nullable,
       (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS auto_inc,
       (a.atthasdef OR a.attidentity <> '') AS has_default,
       (SELECT array_position(i.indkey::int2[], a.attnum) FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary) AS pk_pos,
       n.nspname AS schema_name
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum`;

const LIST_SQL = `
SELECT n.nspname AS schema_name, c.relname AS table_name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = ANY($1::"char"[])
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
   AND ($2::text IS NULL OR n.nspname LIKE $2)
 ORDER BY 1, 2`;

/** Always-quoted form: used where a name must be exact whatever `quote.sql.identifiers` says (catalog lookups). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class PostgresDialect implements DatabaseDialect {
  readonly name = 'PostgreSqlDatabaseDialect';
  readonly #quote: boolean;

  constructor(options: { quoteIdentifiers?: boolean } = {}) {
    this.#quote = options.quoteIdentifiers ?? true;
  }

  quote(identifier: string): string {
    return this.#quote ? quoteIdent(identifier) : identifier;
  }

  tableSql(id: TableId): string {
    return id.schema === null ? this.quote(id.table) : `${this.quote(id.schema)}.${this.quote(id.table)}`;
  }

  async listTables(db: Queryable, types: readonly string[], schemaPattern: string | null): Promise<TableId[]> {
    const kinds = types.map((t) => RELKINDS[t.toUpperCase()]).filter((k): k is string => k !== undefined);
    const { rows } = await db.query(LIST_SQL, [kinds, schemaPattern]);
    return rows.map((r) => ({ schema: String(r['schema_name']), table: String(r['table_name']) }));
  }

  async describeTable(db: Queryable, id: TableId): Promise<TableDefinition | null> {
    // Catalog lookups always quote: the name must match exactly, and quoting makes it injection-proof.
    const regclass = id.schema === null ? quoteIdent(id.table) : `${quoteIdent(id.schema)}.${quoteIdent(id.table)}`;
    const { rows } = await db.query(DESCRIBE_SQL, [regclass]);
    if (rows.length === 0) return null;
    const columns: ColumnDefinition[] = [];
    const pk: { name: string; pos: number }[] = [];
    for (const r of rows) {
      const name = String(r['name']);
      columns.push({
        name,
        sqlType: String(r['sql_type']),
        typeOid: Number(r['oid']),
        nullable: r['nullable'] === true,
        autoIncrement: r['auto_inc'] === true,
        hasDefault: r['has_default'] === true,
      });
      if (r['pk_pos'] !== null && r['pk_pos'] !== undefined) pk.push({ name, pos: Number(r['pk_pos']) });
    }
    pk.sort((a, b) => a.pos - b.pos);
    return {
      id: { schema: String(rows[0]!['schema_name']), table: id.table },
      columns,
      columnsByName: new Map(columns.map((c) => [c.name, c])),
      primaryKey: pk.map((p) => p.name),
    };
  }

  sqlTypeFor(column: NewColumn): string {
    return column.json ? 'JSONB' : sqlTypeOfSchema(column.schema);
  }

  createTableSql(id: TableId, columns: readonly NewColumn[], primaryKey: readonly string[]): string {
    const defs = columns.map((c) => {
      const notNull = c.schema.optional || c.json ? '' : ' NOT NULL';
      return `${this.quote(c.name)} ${this.sqlTypeFor(c)}${notNull}${defaultClause(c)}`;
    });
    if (primaryKey.length > 0) defs.push(`PRIMARY KEY(${primaryKey.map((k) => this.quote(k)).join(', ')})`);
    return `CREATE TABLE ${this.tableSql(id)} (\n  ${defs.join(',\n  ')}\n)`;
  }

  addColumnsSql(id: TableId, columns: readonly NewColumn[]): string[] {
    // Added columns are always nullable: existing rows have no value for them.
    return columns.map((c) => `ALTER TABLE ${this.tableSql(id)} ADD COLUMN IF NOT EXISTS ${this.quote(c.name)} ${this.sqlTypeFor(c)}${defaultClause(c)}`);
  }

  bulkInsertSql(table: TableDefinition, columns: readonly string[], timeZone: string): string | null {
    // COPY parses each value with the column's own input function, and `timestamp without time zone` input
    // ignores the zone in '…Z': correct only when db.timezone is UTC. Otherwise the UNNEST path converts.
    const utc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
    const naive = columns.some((c) => {
      const t = table.columnsByName.get(c)?.sqlType ?? '';
      return t.startsWith('timestamp') && t.includes('without time zone');
    });
    if (naive && !utc) return null;
    return `COPY ${this.tableSql(table.id)} (${columns.map((c) => this.quote(c)).join(', ')}) FROM STDIN`;
  }

  writeStatementSql(spec: WriteStatementSpec): string {
    const { kind, table, keyColumns, valueColumns } = spec;
    const all = [...keyColumns, ...valueColumns];
    const alias = (i: number) => `c${i + 1}`;
    const cast = (name: string, i: number) => `u.${alias(i)}::${castTypeOf(table.columnsByName.get(name))}`;
    const unnest = `UNNEST(${all.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${all.map((_, i) => alias(i)).join(', ')})`;
    const target = this.tableSql(table.id);
    const keyMatch = keyColumns.map((k, i) => `t.${this.quote(k)} = ${cast(k, i)}`).join(' AND ');
    switch (kind) {
      case 'insert':
      case 'upsert': {
        let sql = `INSERT INTO ${target} (${all.map((c) => this.quote(c)).join(', ')}) SELECT ${all.map(cast).join(', ')} FROM ${unnest}`;
        if (kind === 'upsert') {
          const conflict = `ON CONFLICT (${keyColumns.map((k) => this.quote(k)).join(', ')})`;
          sql += valueColumns.length === 0
            ? ` ${conflict} DO NOTHING`
            : ` ${conflict} DO UPDATE SET ${valueColumns.map((c) => `${this.quote(c)} = EXCLUDED.${this.quote(c)}`).join(', ')}`;
        }
        return sql;
      }
      case 'update': {
        const sets = valueColumns.map((c, j) => `${this.quote(c)} = ${cast(c, keyColumns.length + j)}`).join(', ');
        return `UPDATE ${target} AS t SET ${sets} FROM ${unnest} WHERE ${keyMatch}`;
      }
      case 'delete':
        return `DELETE FROM ${target} AS t USING ${unnest} WHERE ${keyMatch}`;
    }
  }
}

/**
 * The cast applied to a text parameter for a column. `timestamp without time zone` goes through
 * timestamptz so the UTC instant we send lands as wall-clock time in the session TimeZone (`db.timezone`).
 */
function castTypeOf(column: ColumnDefinition | undefined): string {
  if (column === undefined) return 'text';
  const t = column.sqlType;
  if (t.startsWith('timestamp') && t.includes('without time zone')) return t.endsWith('[]') ? 'timestamptz[]' : 'timestamptz';
  return t;
}

function defaultClause(c: NewColumn): string {
  const d = c.schema.defaultValue;
  if (d === undefined || d === null || c.json) return '';
  if (typeof d === 'number' || typeof d === 'bigint') return ` DEFAULT ${d.toString()}`;
  if (typeof d === 'boolean') return ` DEFAULT ${d ? 'TRUE' : 'FALSE'}`;
  if (typeof d === 'string' && (c.schema.type === 'string' || logicalTypeOf(c.schema) === 'Decimal')) return ` DEFAULT '${d.replace(/'/g, "''")}'`;
  return '';
}

/** Connect → PostgreSQL column types, as Confluent's PostgreSqlDatabaseDialect maps them. */
export function sqlTypeOfSchema(schema: Schema): string {
  switch (schema.name) {
    case LogicalTypeNames.Decimal: return 'NUMERIC';
    case LogicalTypeNames.Date: return 'DATE';
    case LogicalTypeNames.Time: return 'TIME';
    case LogicalTypeNames.Timestamp: return 'TIMESTAMP';
    default: break;
  }
  switch (schema.type) {
    case 'int8':
    case 'int16': return 'SMALLINT';
    case 'int32': return 'INTEGER';
    case 'int64': return 'BIGINT';
    case 'float32': return 'REAL';
    case 'float64': return 'DOUBLE PRECISION';
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'TEXT';
    case 'bytes': return 'BYTEA';
    case 'array': return `${sqlTypeOfSchema(schema.valueSchema!)}[]`;
    case 'map':
    case 'struct': return 'JSONB';
  }
}
