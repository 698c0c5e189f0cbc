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

/** Up to this size a never-analyzed table is counted exactly; beyond it a count would be a second full scan. */
const COUNT_UP_TO_BYTES = 64 * 1024 * 1024;

/**
 * The planner's row estimate. A table never analyzed (reltuples -1, typical right after it was loaded) is
 * counted when small, else estimated by the planner from its current size (EXPLAIN, no scan), so the total
 * is never negative and a large fresh table is not read twice.
 */
export async function estimateTableRows(client: pg.Client, ref: TableRef, countUpToBytes = COUNT_UP_TO_BYTES): Promise<number> {
  const n = await estimateRows(client, ref.oid);
  if (n >= 0) return n;
  const relation = `${quoteIdent(ref.schema)}.${quoteIdent(ref.table)}`;
  const size = await client.query<{ bytes: string }>('SELECT pg_relation_size($1::oid)::text AS bytes', [ref.oid]);
  if (Number(size.rows[0]?.bytes ?? 0) <= countUpToBytes) {
    const res = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${relation}`);
    return Number(res.rows[0]?.n ?? 0);
  }
  const plan = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${relation}`);
  return Math.max(0, Math.round(plan.rows[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
}
