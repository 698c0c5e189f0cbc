/**
 * Snapshot progress as task gauges (`context.metrics`): `snapshot_rows_done` and `snapshot_rows_total`,
 * labelled `table` (`schema.table`), for the initial snapshot and incremental snapshots alike. They show on
 * the worker's `/metrics` and in the task status; the totals are PostgreSQL's estimate until a table is
 * finished, then the exact count read.
 */
import type pg from 'pg';
import type { TaskMetrics } from '../../src/api/index.js';
import { quoteIdent } from './replication-connection.js';
import { estimateRows, type TableRef } from './table-catalog.js';

export const ROWS_DONE = 'snapshot_rows_done';
export const ROWS_TOTAL = 'snapshot_rows_total';

export class SnapshotGauges {
  constructor(private readonly metrics: TaskMetrics) {}

  total(table: string, rows: number): void {
    this.metrics.setGauge(ROWS_TOTAL, rows, { table });
  }

  done(table: string, rows: number): void {
    this.metrics.setGauge(ROWS_DONE, rows, { table });
  }

  /** The table is read completely: the total is what was read. */
  finished(table: string, rows: number): void {
    this.done(table, rows);
    this.total(table, rows);
  }
}

/**
 * The planner's row estimate; a table never analyzed (reltuples -1, typical right after it was loaded)
 * is counted instead, so the total is never negative.
 */
export async function estimateTableRows(client: pg.Client, ref: TableRef): Promise<number> {
  const n = await estimateRows(client, ref.oid);
  if (n >= 0) return n;
  const res = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(ref.schema)}.${quoteIdent(ref.table)}`);
  return Number(res.rows[0]?.n ?? 0);
}
