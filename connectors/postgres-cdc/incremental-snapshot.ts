/**
 * Incremental snapshots (DBLog-style watermarks, Debezium's `execute-snapshot` signal): while streaming
 * continues, each captured table is read in primary-key chunks. Each chunk is bracketed by two rows written
 * to the signal table (`snapshot-window-open`, `snapshot-window-close`); when the stream reaches the close
 * row, the chunk's rows are emitted as `op=r` with `source.snapshot=incremental` — except rows whose key
 * the stream changed between the two watermarks, since those streamed events already carry newer state.
 * Progress rides along in every source offset (`offsetFields`, Debezium's `incremental_snapshot_*` keys), so
 * a restarted task resumes the remaining chunks from the committed offset (`resume`).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger, SourceOffset } from '../../src/api/index.js';
import {
  encodeSnapshotState,
  withSnapshotFields,
  type IncrementalSnapshotState,
  type KeyValues,
  type SnapshotOffsetFields,
} from './incremental-snapshot-offset.js';
import type { ChangeQueue } from './change-queue.js';
import type { SignalRow, StreamObserver } from './change-stream.js';
import type { EventRecords, SourcePosition } from './event-records.js';
import { quoteIdent } from './replication-connection.js';
import { estimateTableRows, type SnapshotGauges } from './snapshot-gauges.js';
import { readTableColumns, type TableRef } from './table-catalog.js';
import { TableSchema, type TableSchemaContext } from './table-schema.js';

export interface IncrementalSnapshotOptions {
  /** A text-mode connection (see `sqlClient(…, true)`). */
  readonly client: pg.Client;
  /** schema.table of the signal table. */
  readonly signalTable: string;
  readonly chunkSize: number;
  readonly records: EventRecords;
  readonly queue: ChangeQueue;
  readonly schemaContext: TableSchemaContext;
  readonly tables: () => Promise<TableRef[]>;
  readonly log: Logger;
  readonly onError: (err: Error) => void;
  /** snapshot_rows_done / snapshot_rows_total per table. */
  readonly gauges?: SnapshotGauges;
  /** signal.enabled.channels includes `source`: execute-snapshot/stop-snapshot rows of the signal table count (default true). */
  readonly tableSignals?: boolean;
}

interface Chunk {
  readonly id: string;
  readonly schema: TableSchema;
  readonly rows: Map<string, { key: Record<string, unknown> | null; row: Record<string, unknown> }>;
  readonly evicted: Set<string>;
  /** The stream passed the open watermark: its changes to chunk keys now supersede the read. */
  open: boolean;
  /** Set once the chunk's SELECT returned (the close watermark is written after that). */
  ready: boolean;
}

interface TableRun {
  readonly ref: TableRef;
  readonly schema: TableSchema;
  readonly pkColumns: readonly string[];
  lastKey: KeyValues | null;
  readonly maxKey: KeyValues;
  /** Rows read so far (gauge snapshot_rows_done; carried over a restart through the offset). */
  rowsRead: number;
}

const tableName = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;

function keyString(key: Record<string, unknown> | null): string {
  if (key === null) return '';
  let s = '';
  for (const v of Object.values(key)) s += `${String(v)}\u0000`;
  return s;
}

export class IncrementalSnapshot implements StreamObserver {
  readonly #o: IncrementalSnapshotOptions;
  readonly #pending: TableRef[] = [];
  #run: TableRun | null = null;
  #chunk: Chunk | null = null;
  #busy = false;
  /** The table #next is opening (taken from #pending, not yet #run). */
  #opening: TableRef | null = null;
  #wantNext = false;
  #ran = false;
  /** What the emitted records cover (null = no snapshot in progress), and its offset form. */
  #state: IncrementalSnapshotState | null = null;
  #fields: SnapshotOffsetFields | null = null;
  /** Rows emitted so far (for stats and tests). */
  rowsEmitted = 0;

  constructor(options: IncrementalSnapshotOptions) {
    this.#o = options;
  }

  get active(): boolean {
    return this.#run !== null || this.#chunk !== null || this.#pending.length > 0;
  }

  /** Offset fields describing the progress of what was emitted so far; null when no snapshot is in progress. */
  get offsetFields(): SnapshotOffsetFields | null {
    return this.#fields;
  }

  #setState(state: IncrementalSnapshotState | null): void {
    this.#state = state !== null && state.collections.length === 0 ? null : state;
    this.#fields = this.#state === null ? null : encodeSnapshotState(this.#state);
  }

  /**
   * Continues the snapshot recorded in a committed offset: the first table from after its last emitted key
   * (up to the maximum key it had when it began), then the tables still waiting. Call before the stream
   * starts (the first chunk's watermarks wait in the WAL), so signals it delivers see these tables queued.
   */
  async resume(state: IncrementalSnapshotState): Promise<void> {
    const byName = new Map((await this.#o.tables()).map((t) => [tableName(t), t]));
    const refs: TableRef[] = [];
    for (const name of state.collections) {
      const ref = byName.get(name);
      if (ref === undefined) this.#o.log.warn({ table: name }, 'incremental snapshot: a table to resume is no longer captured; skipped');
      else refs.push(ref);
    }
    this.#o.log.info({ tables: refs.map(tableName), lastKey: state.lastKey }, 'incremental snapshot resumed from the offsets');
    const first = refs[0];
    if (first !== undefined && tableName(first) === state.collections[0] && state.maxKey !== null) {
      this.#run = await this.#openTable(first, { lastKey: state.lastKey, maxKey: state.maxKey, rowsRead: state.rowsDone });
      refs.shift();
    }
    this.#pending.push(...refs);
    const run = this.#run;
    this.#setState({ collections: [...(run === null ? [] : [tableName(run.ref)]), ...refs.map(tableName)], lastKey: run?.lastKey ?? null, maxKey: run?.maxKey ?? null, rowsDone: run?.rowsRead ?? 0 });
    this.#ran = true;
    await this.#next();
  }

  /** From the stream, in WAL order: signal-table inserts. `offset` is that insert's stream offset. */
  onSignal(row: SignalRow, offset?: SourceOffset): void {
    const chunk = this.#chunk;
    const commands = this.#o.tableSignals ?? true;
    if (row.type === 'execute-snapshot' && commands) {
      void this.#start(row).catch((err: unknown) => this.#o.onError(err as Error));
    } else if (row.type === 'snapshot-window-open' && chunk !== null && row.id === `${chunk.id}-open`) {
      chunk.open = true;
    } else if (row.type === 'snapshot-window-close' && chunk !== null && row.id === `${chunk.id}-close`) {
      this.#closeWindow(chunk, offset ?? {});
    } else if (row.type === 'stop-snapshot' && commands) {
      this.#pending.length = 0;
      this.#run = null;
      this.#chunk = null;
      this.#setState(null);
    }
  }

  /** From the stream, in WAL order: a change to `table`'s row `key`. */
  onChange(table: TableSchema, key: Record<string, unknown> | null): void {
    const chunk = this.#chunk;
    if (chunk === null || !chunk.open || table.schema !== chunk.schema.schema || table.table !== chunk.schema.table) return;
    chunk.evicted.add(keyString(key));
  }

  async #start(signal: SignalRow): Promise<void> {
    const data = JSON.parse(signal.data ?? '{}') as { 'data-collections'?: string[]; type?: string };
    if ((data.type ?? 'incremental').toLowerCase() !== 'incremental') {
      this.#o.log.warn({ signal: signal.id, type: data.type }, 'only incremental execute-snapshot signals are supported; ignored');
      return;
    }
    const patterns = (data['data-collections'] ?? []).map((p) => new RegExp(`^(?:${p})$`));
    // A signal replayed after a restart must not queue a table that is already being read or waiting.
    const queued = new Set([...(this.#run === null ? [] : [tableName(this.#run.ref)]), ...this.#pending.map(tableName)]);
    if (this.#opening !== null) queued.add(tableName(this.#opening));
    // In the signal's order, as Debezium reads them.
    const captured = await this.#o.tables();
    const tables: TableRef[] = [];
    for (const re of patterns) {
      for (const t of captured) {
        if (re.test(tableName(t)) && !queued.has(tableName(t))) {
          queued.add(tableName(t));
          tables.push(t);
        }
      }
    }
    this.#o.log.info({ signal: signal.id, tables: tables.map(tableName) }, 'incremental snapshot requested');
    this.#pending.push(...tables);
    const s = this.#state;
    this.#setState(s === null
      ? { collections: tables.map(tableName), lastKey: null, maxKey: null, rowsDone: 0 }
      : { ...s, collections: [...s.collections, ...tables.map(tableName)] });
    await this.#next();
  }

  /** Reads the next chunk (of this table or the next one) unless a window is still open. */
  async #next(): Promise<void> {
    this.#wantNext = true;
    if (this.#busy) return; // the running loop sees #wantNext
    this.#busy = true;
    try {
      while (this.#wantNext) {
        this.#wantNext = false;
        if (this.#chunk !== null) return; // its close watermark calls #next again
        while (this.#run === null) {
          const ref = this.#pending.shift();
          if (ref === undefined) {
            if (this.#ran) this.#o.log.info({ rows: this.rowsEmitted }, 'incremental snapshot completed');
            this.#ran = false;
            this.#setState(null);
            return;
          }
          this.#opening = ref; // between the queue and #run: still counts as queued for #start
          try {
            this.#run = await this.#openTable(ref);
          } finally {
            this.#opening = null;
          }
        }
        this.#ran = true;
        await this.#readChunk(this.#run);
      }
    } finally {
      this.#busy = false;
    }
  }

  async #openTable(ref: TableRef, resumed?: { lastKey: KeyValues | null; maxKey: KeyValues; rowsRead: number }): Promise<TableRun | null> {
    const c = this.#o.client;
    const catalog = await readTableColumns(c, ref.oid);
    const pk = catalog.filter((col) => col.pkPosition >= 0).sort((a, b) => a.pkPosition - b.pkPosition).map((col) => col.name);
    if (pk.length === 0) {
      this.#o.log.warn({ table: `${ref.schema}.${ref.table}` }, 'incremental snapshot skips a table without a primary key');
      return null;
    }
    const schema = new TableSchema(ref.schema, ref.table, catalog.map((col) => ({ name: col.name, typeOid: col.type.oid, typeMod: col.type.typeMod })), catalog, this.#o.schemaContext);
    if (resumed !== undefined) {
      if (resumed.maxKey.length !== pk.length || (resumed.lastKey !== null && resumed.lastKey.length !== pk.length)) {
        this.#o.log.warn({ table: tableName(ref) }, 'incremental snapshot: the primary key changed since the offset was stored; reading the table from its start');
      } else {
        await this.#gaugesAtOpen(ref, resumed.rowsRead);
        return { ref, schema, pkColumns: pk, lastKey: resumed.lastKey, maxKey: resumed.maxKey, rowsRead: resumed.rowsRead };
      }
    }
    const max = await c.query<(string | null)[]>({
      text: `SELECT ${pk.map(quoteIdent).join(', ')} FROM ${quoteIdent(ref.schema)}.${quoteIdent(ref.table)} ORDER BY ${pk.map((k) => `${quoteIdent(k)} DESC`).join(', ')} LIMIT 1`,
      rowMode: 'array',
    });
    if (max.rows.length === 0) {
      this.#o.gauges?.finished(tableName(ref), 0);
      return null;
    }
    const total = await this.#gaugesAtOpen(ref, 0);
    this.#o.log.info({ table: tableName(ref), estimatedRows: total }, 'incremental snapshot: reading table');
    return { ref, schema, pkColumns: pk, lastKey: null, maxKey: max.rows[0]!, rowsRead: 0 };
  }

  async #gaugesAtOpen(ref: TableRef, done: number): Promise<number> {
    const gauges = this.#o.gauges;
    if (gauges === undefined) return -1;
    const total = Math.max(await estimateTableRows(this.#o.client, ref), done);
    gauges.total(tableName(ref), total);
    gauges.done(tableName(ref), done);
    return total;
  }

  async #readChunk(run: TableRun): Promise<void> {
    const c = this.#o.client;
    const id = randomUUID();
    const chunk: Chunk = { id, schema: run.schema, rows: new Map(), evicted: new Set(), open: false, ready: false };
    this.#chunk = chunk;
    await this.#watermark(`${id}-open`, 'snapshot-window-open');
    const pk = run.pkColumns.map(quoteIdent).join(', ');
    const params: (string | null)[] = [];
    const where: string[] = [];
    if (run.lastKey !== null) {
      where.push(`(${pk}) > (${run.lastKey.map((_, i) => `$${i + 1}`).join(', ')})`);
      params.push(...run.lastKey);
    }
    where.push(`(${pk}) <= (${run.maxKey.map((_, i) => `$${params.length + i + 1}`).join(', ')})`);
    params.push(...run.maxKey);
    const cols = await readTableColumns(c, run.ref.oid);
    const res = await c.query<(string | null)[]>({
      text: `SELECT ${cols.map((col) => quoteIdent(col.name)).join(', ')} FROM ${quoteIdent(run.ref.schema)}.${quoteIdent(run.ref.table)}
             WHERE ${where.join(' AND ')} ORDER BY ${pk} LIMIT ${this.#o.chunkSize}`,
      values: params,
      rowMode: 'array',
    });
    for (const row of res.rows) {
      const key = run.schema.key(row);
      chunk.rows.set(keyString(key), { key, row: run.schema.row(row) });
    }
    const last = res.rows[res.rows.length - 1];
    if (last !== undefined) {
      const idx = run.pkColumns.map((k) => cols.findIndex((col) => col.name === k));
      run.lastKey = idx.map((i) => last[i] ?? null);
    }
    run.rowsRead += res.rows.length;
    if (res.rows.length < this.#o.chunkSize) {
      this.#run = null; // the table ends with this chunk
      this.#o.gauges?.finished(tableName(run.ref), run.rowsRead);
      this.#o.log.info({ table: tableName(run.ref), rows: run.rowsRead }, 'incremental snapshot: table done');
    } else {
      this.#o.gauges?.done(tableName(run.ref), run.rowsRead);
    }
    chunk.ready = true;
    await this.#watermark(`${id}-close`, 'snapshot-window-close');
  }

  async #watermark(id: string, type: string): Promise<void> {
    const dot = this.#o.signalTable.indexOf('.');
    const target = `${quoteIdent(this.#o.signalTable.slice(0, dot))}.${quoteIdent(this.#o.signalTable.slice(dot + 1))}`;
    await this.#o.client.query(`INSERT INTO ${target} (id, type, data) VALUES ($1, $2, $3)`, [id, type, JSON.stringify({ ts: Date.now() })]);
  }

  #closeWindow(chunk: Chunk, offset: SourceOffset): void {
    if (!chunk.ready) return;
    this.#chunk = null;
    // Only the chunk's last row (and what streams after it) carries the progress that includes the chunk; the
    // rows before it carry the progress before the chunk, so a restart from any of them re-reads the chunk
    // (a few duplicates) instead of skipping its undelivered rest.
    const before = withSnapshotFields(offset, this.#fields);
    const run = this.#run;
    const waiting = this.#pending.map(tableName);
    this.#setState(run === null
      ? { collections: waiting, lastKey: null, maxKey: null, rowsDone: 0 }
      : { collections: [tableName(run.ref), ...waiting], lastKey: run.lastKey, maxKey: run.maxKey, rowsDone: run.rowsRead });
    const t = chunk.schema;
    const pos = { tsMicros: BigInt(Date.now()) * 1000n, snapshot: 'incremental', txId: null, lsn: null, lastCommitLsn: null } as const;
    let held: { key: Record<string, unknown> | null; row: Record<string, unknown> } | null = null;
    for (const [k, entry] of chunk.rows) {
      if (chunk.evicted.has(k)) continue;
      if (held !== null) this.#emitRow(t, held, pos, before);
      held = entry;
    }
    if (held !== null) this.#emitRow(t, held, pos, withSnapshotFields(offset, this.#fields));
    void this.#next().catch((err: unknown) => this.#o.onError(err as Error));
  }

  #emitRow(t: TableSchema, e: { key: Record<string, unknown> | null; row: Record<string, unknown> }, pos: SourcePosition, offset: SourceOffset): void {
    this.#o.queue.push(this.#o.records.change(t, 'r', e.key, null, e.row, pos, offset));
    this.rowsEmitted++;
  }
}
