/** Creates or updates the pgoutput publication per `publication.autocreate.mode`, as Debezium does. */
import type pg from 'pg';
import { ConnectError } from '../../src/api/index.js';
import type { PostgresCdcConfig } from './postgres-cdc-config.js';
import { quoteIdent } from './replication-connection.js';
import { listTables, type TableRef } from './table-catalog.js';
import type { TableFilter } from './table-filter.js';

function tableList(tables: readonly TableRef[]): string {
  return tables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`).join(', ');
}

export async function ensurePublication(client: pg.Client, cfg: PostgresCdcConfig, filter: TableFilter): Promise<void> {
  const name = cfg['publication.name'];
  const mode = cfg['publication.autocreate.mode'];
  const found = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [name]);
  const exists = found.rowCount !== 0;
  switch (mode) {
    case 'disabled':
      if (!exists) {
        throw new ConnectError(
          `publication "${name}" does not exist and publication.autocreate.mode=disabled; create it (CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ...) or set publication.autocreate.mode to filtered or all_tables`,
          { code: 'TRIB_PG_PUBLICATION' },
        );
      }
      return;
    case 'all_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${quoteIdent(name)} FOR ALL TABLES`);
      return;
    case 'no_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${quoteIdent(name)}`);
      return;
    case 'filtered': {
      const tables = (await listTables(client)).filter((t) => filter.includesTable(t.schema, t.table) || filter.isSignalTable(t.schema, t.table));
      if (!exists) {
        await client.query(tables.length === 0 ? `CREATE PUBLICATION ${quoteIdent(name)}` : `CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${tableList(tables)}`);
      } else if (tables.length > 0) {
        await client.query(`ALTER PUBLICATION ${quoteIdent(name)} SET TABLE ${tableList(tables)}`);
      }
      return;
    }
  }
}

/** The captured tables: those the publication publishes that the include/exclude lists keep. */
export async function capturedTables(client: pg.Client, cfg: PostgresCdcConfig, filter: TableFilter): Promise<TableRef[]> {
  const res = await client.query<{ oid: number; schema: string; table: string }>(
    `SELECT c.oid, p.schemaname AS schema, p.tablename AS table
       FROM pg_publication_tables p
       JOIN pg_namespace n ON n.nspname = p.schemaname
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
      WHERE p.pubname = $1
      ORDER BY p.schemaname, p.tablename`,
    [cfg['publication.name']],
  );
  return res.rows.map((r) => ({ oid: Number(r.oid), schema: r.schema, table: r.table })).filter((t) => filter.includesTable(t.schema, t.table));
}
