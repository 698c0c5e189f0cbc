/**
 * The initial (or `always`) snapshot: reads every captured table inside one REPEATABLE READ transaction that
 * imports the slot's exported snapshot, so the rows are exactly the database at the slot's consistent point
 * and streaming from that point continues with no gap and no overlap. Emits `op=r` events; the first,
 * per-table first/last and the very last record carry Debezium's snapshot markers.
 */
import type pg from 'pg';
import type { Logger, SourceOffset, SourceRecord } from '../../src/api/index.js';
import type { ChangeQueue } from './change-queue.js';
import type { SnapshotMarker } from './debezium-schemas.js';
import type { EventRecords, SourcePosition } from './event-records.js';
import { lsnToNumber, lsnToOffset, type Lsn } from './lsn.js';
import { quoteIdent } from './replication-connection.js';
import { estimateTableRows, type SnapshotGauges } from './snapshot-gauges.js';
import { readTableColumns, type TableRef } from './table-catalog.js';
import { TableSchema, type TableSchemaContext } from './table-schema.js';

export interface SnapshotProgress {
  table: string;
  rowsDone: number;
  rowsEstimated: number;
  tablesDone: number;
  tablesTotal: number;
}

export interface SnapshotOptions {
  /** A connection whose type parsers return raw text (see `textModeTypes`). */
  readonly client: pg.Client;
  readonly tables: readonly TableRef[];
  /** The slot's exported snapshot; null = take a fresh snapshot (overlap with streaming is then possible). */
  readonly snapshotName: string | null;
  readonly consistentLsn: Lsn;
  readonly fetchSize: number;
  readonly records: EventRecords;
  readonly queue: ChangeQueue;
  readonly schemaContext: TableSchemaContext;
  readonly log: Logger;
  readonly aborted: () => boolean;
  readonly progress?: SnapshotProgress;
  /** snapshot_rows_done / snapshot_rows_total per table. */
  readonly gauges?: SnapshotGauges;
}

/** pg type parsers that keep every value as PostgreSQL's text output (the column mappers parse it). */
export const textModeTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** Emits snapshot records with the right marker by holding one record back until the next is known. */
class MarkedEmitter {
  #pending: { t: TableSchema; key: Record<string, unknown> | null; row: Record<string, unknown> } | null = null;
  #pendingFirstOfTable = false;
  #pendingLastOfTable = false;
  #first = true;
  count = 0;

  constructor(
    private readonly records: EventRecords,
    private readonly queue: ChangeQueue,
    private readonly base: Omit<SourcePosition, 'snapshot'>,
    private readonly offset: (last: boolean) => SourceOffset,
  ) {}

  add(t: TableSchema, key: Record<string, unknown> | null, row: Record<string, unknown>, firstOfTable: boolean): void {
    this.#flush(false);
    this.#pending = { t, key, row };
    this.#pendingFirstOfTable = firstOfTable;
    this.#pendingLastOfTable = false;
  }

  /** The table ended: the held record is its last. */
  endTable(): void {
    this.#pendingLastOfTable = this.#pending !== null;
  }

  /** The snapshot ended: the held record (if any) is the very last. */
  finish(): void {
    this.#flush(true);
  }

  #flush(lastOverall: boolean): void {
    const p = this.#pending;
    if (p === null) return;
    this.#pending = null;
    let marker: SnapshotMarker = 'true';
    if (lastOverall) marker = 'last';
    else if (this.#first) marker = 'first';
    else if (this.#pendingFirstOfTable) marker = 'first_in_data_collection';
    else if (this.#pendingLastOfTable) marker = 'last_in_data_collection';
    this.#first = false;
    const rec: SourceRecord = this.records.change(p.t, 'r', p.key, null, p.row, { ...this.base, snapshot: marker }, this.offset(lastOverall));
    this.queue.push(rec);
    this.count++;
  }
}

export async function runSnapshot(o: SnapshotOptions): Promise<number> {
  const c = o.client;
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    if (o.snapshotName !== null) await c.query(`SET TRANSACTION SNAPSHOT '${o.snapshotName.replaceAll("'", "''")}'`);
    const txRes = await c.query<{ xmin: string }>('SELECT txid_snapshot_xmin(txid_current_snapshot())::text AS xmin');
    const txId = Number(txRes.rows[0]!.xmin);
    const tsMicros = BigInt(Date.now()) * 1000n;
    const lsn = lsnToNumber(o.consistentLsn);
    const offsetLsn = lsnToOffset(o.consistentLsn);
    const emitter = new MarkedEmitter(
      o.records,
      o.queue,
      { tsMicros, txId, lsn, lastCommitLsn: null },
      (last) => ({ lsn: offsetLsn, txId, ts_usec: Number(tsMicros), snapshot: 'INITIAL', last_snapshot_record: last, ...(last ? { snapshot_completed: true } : {}) }),
    );
    const progress: SnapshotProgress = o.progress ?? { table: '', rowsDone: 0, rowsEstimated: 0, tablesDone: 0, tablesTotal: 0 };
    progress.tablesTotal = o.tables.length;
    // Every table's estimate up front, so the gauges show the whole snapshot from its start.
    const estimates: number[] = [];
    for (const ref of o.tables) {
      const n = await estimateTableRows(c, ref);
      estimates.push(n);
      o.gauges?.total(`${ref.schema}.${ref.table}`, n);
      o.gauges?.done(`${ref.schema}.${ref.table}`, 0);
    }
    for (let ti = 0; ti < o.tables.length && !o.aborted(); ti++) {
      const ref = o.tables[ti]!;
      const catalog = await readTableColumns(c, ref.oid);
      const t = new TableSchema(ref.schema, ref.table, catalog.map((col) => ({ name: col.name, typeOid: col.type.oid, typeMod: col.type.typeMod })), catalog, o.schemaContext);
      progress.table = `${ref.schema}.${ref.table}`;
      progress.rowsDone = 0;
      progress.rowsEstimated = estimates[ti]!;
      o.log.info({ table: progress.table, estimatedRows: progress.rowsEstimated, tablesDone: ti, tablesTotal: o.tables.length }, 'snapshot: reading table');
      const cols = catalog.map((col) => quoteIdent(col.name)).join(', ');
      await c.query(`DECLARE trib_snapshot NO SCROLL CURSOR FOR SELECT ${cols} FROM ${quoteIdent(ref.schema)}.${quoteIdent(ref.table)}`);
      let firstOfTable = true;
      let lastLog = Date.now();
      for (;;) {
        if (o.aborted()) break;
        await o.queue.whenSpace();
        const res = await c.query<(string | null)[]>({ text: `FETCH ${o.fetchSize} FROM trib_snapshot`, rowMode: 'array' });
        for (const row of res.rows) {
          emitter.add(t, t.key(row), t.row(row), firstOfTable);
          firstOfTable = false;
        }
        progress.rowsDone += res.rows.length;
        o.gauges?.done(progress.table, progress.rowsDone);
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          o.log.info({ table: progress.table, rowsDone: progress.rowsDone, estimatedRows: progress.rowsEstimated }, 'snapshot: progress');
        }
        if (res.rows.length < o.fetchSize) break;
      }
      await c.query('CLOSE trib_snapshot');
      if (o.aborted()) break;
      o.gauges?.finished(progress.table, progress.rowsDone);
      emitter.endTable();
      progress.tablesDone = ti + 1;
      o.log.info({ table: progress.table, rowsDone: progress.rowsDone, tablesDone: ti + 1, tablesTotal: o.tables.length }, 'snapshot: table done');
    }
    if (o.aborted()) {
      await c.query('ROLLBACK');
      return emitter.count;
    }
    emitter.finish();
    await c.query('COMMIT');
    return emitter.count;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
