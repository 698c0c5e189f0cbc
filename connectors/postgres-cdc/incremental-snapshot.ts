/**
 * Incremental snapshots (DBLog-style watermarks, Debezium's `execute-snapshot` signal): while streaming
 * continues, each captured table is read in primary-key chunks. Each chunk is bracketed by two rows written
 * to the signal table (`snapshot-window-open`, `snapshot-window-close`); when the stream reaches the close
 * row, the chunk's rows are emitted as `op=r` with `source.snapshot=incremental` — except rows whose key
 * the stream changed between the two watermarks, since those streamed events already carry newer state.
 * State is kept in memory: an incremental snapshot interrupted by a restart must be signalled again.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger, SourceOffset } from '../../src/api/index.js';
import type { ChangeQueue } from './change-queue.js';
import type { SignalRow, StreamObserver } from './change-stream.js';
import type { EventRecords } from './event-records.js';
import { quoteIdent } from './replication-connection.js';
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
  lastKey: (string | null)[] | null;
  readonly maxKey: (string | null)[];
}

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
  #wantNext = false;
  #ran = false;
  /** Rows emitted so far (for stats and tests). */
  rowsEmitted = 0;

  constructor(options: IncrementalSnapshotOptions) {
    this.#o = options;
  }

  get active(): boolean {
    return this.#run !== null || this.#chunk !== null || this.#pending.length > 0;
  }

  /** From the stream, in WAL order: signal-table inserts. `offset` is that insert's stream offset. */
  onSignal(row: SignalRow, offset?: SourceOffset): void {
    const chunk = this.#chunk;
    if (row.type === 'execute-snapshot') {
      void this.#start(row).catch((err: unknown) => this.#o.onError(err as Error));
    } else if (row.type === 'snapshot-window-open' && chunk !== null && row.id === `${chunk.id}-open`) {
      chunk.open = true;
    } else if (row.type === 'snapshot-window-close' && chunk !== null && row.id === `${chunk.id}-close`) {
      this.#closeWindow(chunk, offset ?? {});
    } else if (row.type === 'stop-snapshot') {
      this.#pending.length = 0;
      this.#run = null;
      this.#chunk = null;
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
    const tables = (await this.#o.tables()).filter((t) => patterns.some((re) => re.test(`${t.schema}.${t.table}`)));
    this.#o.log.info({ signal: signal.id, tables: tables.map((t) => `${t.schema}.${t.table}`) }, 'incremental snapshot requested');
    this.#pending.push(...tables);
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
            return;
          }
          this.#run = await this.#openTable(ref);
        }
        this.#ran = true;
        await this.#readChunk(this.#run);
      }
    } finally {
      this.#busy = false;
    }
  }

  async #openTable(ref: TableRef): Promise<TableRun | null> {
    const c = this.#o.client;
    const catalog = await readTableColumns(c, ref.oid);
    const pk = catalog.filter((col) => col.pkPosition >= 0).sort((a, b) => a.pkPosition - b.pkPosition).map((col) => col.name);
    if (pk.length === 0) {
      this.#o.log.warn({ table: `${ref.schema}.${ref.table}` }, 'incremental snapshot skips a table without a primary key');
      return null;
    }
    const schema = new TableSchema(ref.schema, ref.table, catalog.map((col) => ({ name: col.name, typeOid: col.type.oid, typeMod: col.type.typeMod })), catalog, this.#o.schemaContext);
    const max = await c.query<(string | null)[]>({
      text: `SELECT ${pk.map(quoteIdent).join(', ')} FROM ${quoteIdent(ref.schema)}.${quoteIdent(ref.table)} ORDER BY ${pk.map((k) => `${quoteIdent(k)} DESC`).join(', ')} LIMIT 1`,
      rowMode: 'array',
    });
    if (max.rows.length === 0) return null;
    this.#o.log.info({ table: `${ref.schema}.${ref.table}` }, 'incremental snapshot: reading table');
    return { ref, schema, pkColumns: pk, lastKey: null, maxKey: max.rows[0]! };
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
    if (res.rows.length < this.#o.chunkSize) this.#run = null; // the table ends with this chunk
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
    const t = chunk.schema;
    const tsMicros = BigInt(Date.now()) * 1000n;
    for (const [k, { key, row }] of chunk.rows) {
      if (chunk.evicted.has(k)) continue;
      this.#o.queue.push(this.#o.records.change(t, 'r', key, null, row, { tsMicros, snapshot: 'incremental', txId: null, lsn: null, lastCommitLsn: null }, offset));
      this.rowsEmitted++;
    }
    void this.#next().catch((err: unknown) => this.#o.onError(err as Error));
  }
}
