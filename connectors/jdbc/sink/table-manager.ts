/**
 * Knows the sink's destination tables: caches their definitions, creates missing tables (`auto.create`) and
 * adds missing columns (`auto.evolve`). DDL runs in its own autocommit statements before the data
 * transaction, so a rolled-back batch never leaves the cache describing columns that do not exist.
 */
import { DataError, type Logger } from '../../../src/api/index.js';
import type { DatabaseDialect, NewColumn, Queryable, TableDefinition } from '../dialect/database-dialect.js';
import { tableIdString, type TableId } from '../table-id.js';
import type { RecordShape, ShapeColumn } from './record-shape.js';

export interface TableManagerOptions {
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly log: Logger;
}

function toNewColumn(c: ShapeColumn): NewColumn | null {
  return c.schema === null ? null : { name: c.name, schema: c.schema, json: c.json };
}

export class TableManager {
  readonly #dialect: DatabaseDialect;
  readonly #o: TableManagerOptions;
  readonly #cache = new Map<string, TableDefinition>();

  constructor(dialect: DatabaseDialect, options: TableManagerOptions) {
    this.#dialect = dialect;
    this.#o = options;
  }

  /** Forget everything (after a connection loss or a failed DDL). */
  invalidate(): void {
    this.#cache.clear();
  }

  /** The table's definition, with every column the shape writes; creates or evolves it when allowed. */
  async ensure(db: Queryable, id: TableId, shape: RecordShape): Promise<TableDefinition> {
    const key = tableIdString(id);
    let def: TableDefinition | null = this.#cache.get(key) ?? null;
    const columns = [...shape.keyColumns, ...shape.valueColumns];
    if (def !== null && columns.every((c) => def!.columnsByName.has(c.name))) return def;
    def = await this.#dialect.describeTable(db, id);
    if (def === null) {
      if (!this.#o.autoCreate) {
        throw new DataError(`table ${key} does not exist; create it or set auto.create=true`, { code: 'TRIB_JDBC_TABLE' });
      }
      if (shape.schemaless) {
        throw new DataError(`table ${key} does not exist and schemaless records cannot create it; create it first`, { code: 'TRIB_JDBC_TABLE' });
      }
      const sql = this.#dialect.createTableSql(id, columns.map((c) => toNewColumn(c)!), shape.keyColumns.map((c) => c.name));
      this.#o.log.info({ table: key }, 'creating table');
      await db.query(sql.replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS '));
      def = await this.#describe(db, id);
    }
    const missing = columns.filter((c) => !def!.columnsByName.has(c.name));
    if (missing.length > 0) {
      const names = missing.map((c) => c.name).join(', ');
      if (!this.#o.autoEvolve) {
        throw new DataError(`table ${key} has no column(s) ${names}; add them or set auto.evolve=true`, { code: 'TRIB_JDBC_TABLE' });
      }
      const add = missing.map(toNewColumn);
      if (add.some((c) => c === null)) {
        throw new DataError(`table ${key} has no column(s) ${names}, and schemaless records cannot say their type; add them first`, { code: 'TRIB_JDBC_TABLE' });
      }
      this.#o.log.info({ table: key, columns: names }, 'adding columns');
      for (const sql of this.#dialect.addColumnsSql(id, add as NewColumn[])) await db.query(sql);
      def = await this.#describe(db, id);
    }
    this.#cache.set(key, def);
    return def;
  }

  async #describe(db: Queryable, id: TableId): Promise<TableDefinition> {
    const def = await this.#dialect.describeTable(db, id);
    if (def === null) throw new DataError(`table ${tableIdString(id)} vanished while being created`, { code: 'TRIB_JDBC_TABLE' });
    return def;
  }
}
