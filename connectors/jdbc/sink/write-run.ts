/**
 * A put() batch cut into runs: per destination table, consecutive records with the same operation and the
 * same column layout. A run becomes one (or, past `batch.size`, a few) set-based statements. Order within
 * a table is kept, so an upsert then a delete of the same key stay in that order.
 */
import type { SinkRecord } from '../../../src/api/index.js';
import type { WriteKind } from '../dialect/database-dialect.js';
import type { TableId } from '../table-id.js';
import type { RecordShape } from './record-shape.js';

export interface WriteRun {
  readonly table: TableId;
  readonly tableKey: string;
  readonly kind: WriteKind;
  readonly shape: RecordShape;
  readonly records: SinkRecord[];
}

/** Rows ready for a statement, column-major (one text array per column, as the UNNEST parameters want). */
export interface Chunk {
  readonly records: readonly SinkRecord[];
  readonly columns: readonly (string | null)[][];
}

export class RunCollector {
  readonly #byTable = new Map<string, WriteRun[]>();

  /** Appends `record` to its table's last run (or a new one) and returns that run. */
  add(tableKey: string, table: TableId, kind: WriteKind, shape: RecordShape, record: SinkRecord): WriteRun {
    let runs = this.#byTable.get(tableKey);
    if (runs === undefined) this.#byTable.set(tableKey, (runs = []));
    const last = runs[runs.length - 1];
    if (last !== undefined && last.kind === kind && last.shape.signature === shape.signature) {
      last.records.push(record);
      return last;
    }
    const run: WriteRun = { table, tableKey, kind, shape, records: [record] };
    runs.push(run);
    return run;
  }

  /** Runs grouped by table, tables in first-seen order. */
  runs(): WriteRun[] {
    return [...this.#byTable.values()].flat();
  }
}

export function sliceChunk(chunk: Chunk, from: number, to: number): Chunk {
  return { records: chunk.records.slice(from, to), columns: chunk.columns.map((c) => c.slice(from, to)) };
}

/**
 * Keeps only the last row per key (upsert/update/delete): PostgreSQL refuses an ON CONFLICT DO UPDATE that
 * touches one row twice, and the last write is the one that must win anyway.
 */
export function lastPerKey(chunk: Chunk, keyCount: number): Chunk {
  if (keyCount === 0 || chunk.records.length < 2) return chunk;
  const last = new Map<string, number>();
  const n = chunk.records.length;
  for (let i = 0; i < n; i++) {
    let k = '';
    for (let c = 0; c < keyCount; c++) {
      const v = chunk.columns[c]![i];
      k += v === null ? '\u0000N' : `\u0000V${v}`;
    }
    last.set(k, i);
  }
  if (last.size === n) return chunk;
  const keep = [...last.values()].sort((a, b) => a - b);
  return {
    records: keep.map((i) => chunk.records[i]!),
    columns: chunk.columns.map((col) => keep.map((i) => col[i]!)),
  };
}
