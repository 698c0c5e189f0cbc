/**
 * Writes each put() batch in one transaction: records are grouped per table into runs of equal layout,
 * each run becomes UNNEST-based INSERT / upsert / UPDATE / DELETE statements of up to `batch.size` rows.
 * Records that cannot be written fail alone (errant-record reporter / DLQ); transient database errors are
 * retried `max.retries` times, `retry.backoff.ms` apart, by asking the runtime to redeliver the batch.
 */
import type pg from 'pg';
import {
  ConnectError, DataError, RetriableError, SinkTask, type ConnectorProps, type SinkRecord,
} from '../../../src/api/index.js';
import type { TableDefinition, WriteKind } from '../dialect/database-dialect.js';
import { PostgresDialect } from '../dialect/postgres-dialect.js';
import { textOfSchema, textOfSchemaless, type TextOf } from '../dialect/pg-text-writer.js';
import { JDBC_CONNECTOR_VERSION } from '../jdbc-common-config.js';
import { isTransientPgError, openPool } from '../pg-connection.js';
import { parseTableId, tableIdString, type TableId } from '../table-id.js';
import { ChunkWriter, GuardNeeded, type ChunkStatement, type ReportBadRecord } from './chunk-writer.js';
import { copyText } from '../dialect/pg-copy-from.js';
import { jdbcSinkConfigDef, type JdbcSinkConfig } from './jdbc-sink-config.js';
import { ShapeResolver } from './record-shape.js';
import { TableManager } from './table-manager.js';
import { lastPerKey, RunCollector, type Chunk, type WriteRun } from './write-run.js';

/** Rows converted between two yields: small enough to overlap with the server, big enough to amortise a yield. */
const SLICE_ROWS = 1000;

export class JdbcSinkTask extends SinkTask {
  #config!: JdbcSinkConfig;
  #pool: pg.Pool | null = null;
  #dialect!: PostgresDialect;
  #shapes!: ShapeResolver;
  #tables!: TableManager;
  readonly #tableIds = new Map<string, { readonly id: TableId; readonly key: string }>();
  readonly #statements = new Map<string, ChunkStatement>();
  #retriesLeft = 0;

  version(): string {
    return JDBC_CONNECTOR_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const c = (this.#config = jdbcSinkConfigDef.parse(props));
    const problems = sinkConfigProblems(c);
    if (problems.length > 0) throw new ConnectError(`JDBC sink config is invalid: ${problems.join('; ')}`, { code: 'TRIB_CONFIG_INVALID' });
    this.#dialect = new PostgresDialect({ quoteIdentifiers: c['quote.sql.identifiers'] === 'always' });
    this.#shapes = new ShapeResolver({
      pkMode: c['pk.mode'], pkFields: c['pk.fields'], fieldsWhitelist: c['fields.whitelist'], nestedMode: c['nested.mode'],
    });
    this.#tables = new TableManager(this.#dialect, { autoCreate: c['auto.create'], autoEvolve: c['auto.evolve'], log: this.context.log });
    this.#retriesLeft = c['max.retries'];
    this.#pool = await openPool(c, { max: 2, log: this.context.log });
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const pool = this.#pool;
    if (pool === null) throw new ConnectError('JdbcSinkTask.put called before start or after stop', { code: 'TRIB_LIFECYCLE' });
    try {
      await this.#write(pool, records);
      this.#retriesLeft = this.#config['max.retries'];
    } catch (err) {
      // A table changed under us (column or table dropped/renamed) is worth one more look: forget the cached definition.
      const tableChanged = isTableChanged(err);
      if (err instanceof DataError || (!isTransientPgError(err) && !tableChanged)) throw err;
      this.#tables.invalidate();
      if (this.#retriesLeft <= 0) {
        throw new ConnectError(`database write failed after ${this.#config['max.retries']} retries: ${(err as Error).message}`, { cause: err, code: 'TRIB_JDBC_WRITE' });
      }
      this.#retriesLeft--;
      this.context.timeout(this.#config['retry.backoff.ms']);
      throw new RetriableError(`database write failed, will retry (${this.#retriesLeft} left): ${(err as Error).message}`, { cause: err, code: 'TRIB_JDBC_WRITE' });
    }
  }

  async stop(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end().catch(() => {});
  }

  async #write(pool: pg.Pool, records: readonly SinkRecord[]): Promise<void> {
    const runs = await this.#collect(records);
    const ready: { run: WriteRun; def: TableDefinition }[] = [];
    for (const run of runs) {
      const def = await this.#ensureTable(pool, run);
      if (def !== null) ready.push({ run, def });
    }
    if (ready.length === 0) return;
    // Optimistic first: no savepoints. Only if the database rejects some data is the batch redone guarded.
    const reported = new Set<SinkRecord>();
    const report = async (r: SinkRecord, e: Error) => {
      if (reported.has(r)) return; // already reported in the optimistic attempt
      reported.add(r);
      await this.#report(r, e);
    };
    try {
      await this.#transaction(pool, ready, new ChunkWriterFactory(report, false));
    } catch (err) {
      if (!(err instanceof GuardNeeded)) throw err;
      await this.#transaction(pool, ready, new ChunkWriterFactory(report, true));
    }
  }

  async #transaction(pool: pg.Pool, ready: readonly { run: WriteRun; def: TableDefinition }[], writers: ChunkWriterFactory): Promise<void> {
    const client = await pool.connect();
    let released = false;
    try {
      await client.query('BEGIN');
      const writer = writers.create(client);
      const size = this.#config['batch.size'];
      for (const { run, def } of ready) {
        const statement = this.#statement(run, def);
        const table = tableIdString(def.id);
        if (statement.via === 'copy') {
          // A streamed COPY has no per-row statement cost: one per run, unless redoing guarded (then batch.size).
          const step = writers.guarded ? size : run.records.length;
          for (let from = 0; from < run.records.length; from += step) {
            const to = Math.min(from + step, run.records.length);
            await writer.copyStreamed(
              statement.sql, table,
              (send) => this.#copyRows(run, def, from, to, send, writers.report),
              (records) => this.#convertSliced({ ...run, records: records as SinkRecord[] }, def, 0, records.length, writers.report),
            );
          }
          continue;
        }
        // One statement in flight while the next chunk converts (in slices, yielding so the statement gets sent).
        let pending: Promise<number> | null = null;
        try {
          for (let from = 0; from < run.records.length; from += size) {
            const to = Math.min(from + size, run.records.length);
            let part = await this.#convertSliced(run, def, from, to, writers.report);
            if (run.kind !== 'insert') part = lastPerKey(part, run.shape.keyColumns.length);
            if (pending !== null) await pending;
            pending = writer.write(statement, table, part);
            pending.catch(() => {}); // awaited before the next statement or below
          }
        } catch (err) {
          await (pending as Promise<number> | null)?.catch(() => {});
          throw err;
        }
        if (pending !== null) await pending;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      client.release(isTransientPgError(err) ? (err as Error) : undefined);
      released = true;
      throw err;
    } finally {
      if (!released) client.release();
    }
  }

  /** Sorts records into runs; records whose shape cannot be resolved are reported at once. */
  async #collect(records: readonly SinkRecord[]): Promise<WriteRun[]> {
    const c = this.#config;
    const collector = new RunCollector();
    const kind: WriteKind = c['insert.mode'];
    // Consecutive records of one topic with the same schemas (the common case) join the previous run directly.
    let previous: SinkRecord | null = null;
    let previousRun: WriteRun | null = null;
    for (const record of records) {
      if (
        previousRun !== null && previous !== null && record.topic === previous.topic && record.valueSchema !== null
        && record.valueSchema === previous.valueSchema && record.keySchema === previous.keySchema && record.value !== null
      ) {
        previousRun.records.push(record);
        previous = record;
        continue;
      }
      previousRun = null;
      try {
        const table = this.#tableOf(record.topic);
        const tombstone = record.value === null || record.value === undefined;
        if (tombstone && !c['delete.enabled']) {
          throw new DataError(`record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} is a tombstone (null value); set delete.enabled=true with pk.mode=record_key to delete rows`, { code: 'TRIB_JDBC_TOMBSTONE' });
        }
        const shape = tombstone ? this.#shapes.deleteShapeOf(record) : this.#shapes.shapeOf(record);
        const run = collector.add(table.key, table.id, tombstone ? 'delete' : kind, shape, record);
        if (!tombstone) {
          previous = record;
          previousRun = run;
        }
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        await this.#report(record, err);
      }
    }
    return collector.runs();
  }

  async #ensureTable(pool: pg.Pool, run: WriteRun): Promise<TableDefinition | null> {
    try {
      if (run.shape.keyColumns.length + run.shape.valueColumns.length === 0) {
        throw new DataError('the record has no fields to write (empty struct, no key columns)', { code: 'TRIB_JDBC_SHAPE' });
      }
      const def = await this.#tables.ensure(pool, run.table, run.shape);
      if (run.kind !== 'insert' && run.shape.keyColumns.length === 0) {
        throw new DataError(`insert.mode=${this.#config['insert.mode']} and deletes need key columns; set pk.mode`, { code: 'TRIB_JDBC_SHAPE' });
      }
      return def;
    } catch (err) {
      // DDL that the database refuses (bad type, permissions) condemns these records, not the batch.
      if (!(err instanceof DataError) && isTransientPgError(err)) throw err;
      const e = err instanceof DataError ? err : new DataError(`table ${run.tableKey}: ${(err as Error).message}`, { cause: err, code: 'TRIB_JDBC_TABLE' });
      for (const r of run.records) await this.#report(r, e);
      return null;
    }
  }

  /**
   * Column-major text arrays for records `from`..`to` of a run, converted in slices with a yield between
   * them so a statement in flight proceeds meanwhile. Records that do not convert are reported and left out.
   */
  async #convertSliced(run: WriteRun, def: TableDefinition, from: number, to: number, report: ReportBadRecord): Promise<Chunk> {
    const texts = this.#textsFor(run, def);
    const chunk: Chunk = { records: [], columns: texts.map(() => []) };
    for (let at = from; at < to; at += SLICE_ROWS) {
      await this.#convertInto(run, texts, chunk, at, Math.min(at + SLICE_ROWS, to), report);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return chunk;
  }

  /**
   * Records `from`..`to` straight into COPY text rows, one payload per slice handed to `send`, yielding
   * between slices so the server inserts while the next slice converts. Returns the records sent.
   */
  async #copyRows(run: WriteRun, def: TableDefinition, from: number, to: number, send: (payload: Buffer) => void, report: ReportBadRecord): Promise<SinkRecord[]> {
    const texts = this.#textsFor(run, def);
    const cols = run.shape.keyColumns.concat(run.shape.valueColumns);
    const m = cols.length;
    const sent: SinkRecord[] = [];
    for (let at = from; at < to; at += SLICE_ROWS) {
      const end = Math.min(at + SLICE_ROWS, to);
      let payload = '';
      for (let i = at; i < end; i++) {
        const record = run.records[i]!;
        let line = '';
        let c = 0;
        try {
          for (c = 0; c < m; c++) {
            const v = cols[c]!.get(record);
            if (c > 0) line += '\t';
            line += v === null || v === undefined ? '\\N' : copyText(texts[c]!(v));
          }
        } catch (err) {
          await report(record, fieldError(record, cols[c]!.name, err));
          continue;
        }
        payload += `${line}\n`;
        sent.push(record);
      }
      if (payload !== '') send(Buffer.from(payload, 'utf8'));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return sent;
  }

  #textsFor(run: WriteRun, def: TableDefinition): TextOf[] {
    return run.shape.keyColumns.concat(run.shape.valueColumns).map((col) =>
      col.schema === null ? textOfSchemaless(def.columnsByName.get(col.name)!.sqlType) : textOfSchema(col.schema, col.json),
    );
  }

  async #convertInto(run: WriteRun, texts: readonly TextOf[], chunk: Chunk, from: number, to: number, report: ReportBadRecord): Promise<void> {
    const cols = run.shape.keyColumns.concat(run.shape.valueColumns);
    const m = cols.length;
    const columns = chunk.columns as (string | null)[][];
    const kept = chunk.records as SinkRecord[];
    for (let i = from; i < to; i++) {
      const record = run.records[i]!;
      let c = 0;
      try {
        for (c = 0; c < m; c++) {
          const v = cols[c]!.get(record);
          columns[c]!.push(v === null || v === undefined ? null : texts[c]!(v));
        }
        kept.push(record);
      } catch (err) {
        for (let undo = 0; undo < c; undo++) columns[undo]!.pop();
        await report(record, fieldError(record, cols[c]!.name, err));
      }
    }
  }

  /** Plain inserts go through COPY when the dialect can; everything else is one UNNEST statement. */
  #statement(run: WriteRun, def: TableDefinition): ChunkStatement {
    const key = `${run.kind}\u0001${run.tableKey}\u0001${run.shape.signature}`;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      const keyColumns = run.shape.keyColumns.map((c) => c.name);
      const valueColumns = run.shape.valueColumns.map((c) => c.name);
      const copy = run.kind === 'insert' ? this.#dialect.bulkInsertSql(def, [...keyColumns, ...valueColumns], this.#config['db.timezone']) : null;
      statement = copy !== null
        ? { via: 'copy', sql: copy }
        : { via: 'unnest', sql: this.#dialect.writeStatementSql({ kind: run.kind, table: def, keyColumns, valueColumns }) };
      this.#statements.set(key, statement);
    }
    return statement;
  }

  #tableOf(topic: string): { readonly id: TableId; readonly key: string } {
    let table = this.#tableIds.get(topic);
    if (table === undefined) {
      const id = parseTableId(this.#config['table.name.format'].replaceAll('${topic}', topic));
      table = { id, key: tableIdString(id) };
      this.#tableIds.set(topic, table);
    }
    return table;
  }

  async #report(record: SinkRecord, error: Error): Promise<void> {
    const reporter = this.context.errantRecordReporter();
    if (reporter === null) throw error;
    this.context.log.warn({ topic: record.topic, partition: record.kafkaPartition, offset: record.kafkaOffset, err: error }, 'record not written; reported');
    await reporter(record, error);
  }
}

/** Writers for one transaction attempt, sharing the attempt's reporter. */
class ChunkWriterFactory {
  constructor(readonly report: ReportBadRecord, readonly guarded: boolean) {}
  create(client: pg.PoolClient): ChunkWriter {
    return new ChunkWriter(client, this.report, this.guarded);
  }
}

function fieldError(record: SinkRecord, field: string, err: unknown): DataError {
  return new DataError(`field '${field}' of ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}: ${(err as Error).message}`, { cause: err, code: 'TRIB_JDBC_VALUE' });
}

function isTableChanged(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '42703' || code === '42P01';
}

/** Cross-key rules (Confluent's): upsert/update need keys; deletes need record keys. */
export function sinkConfigProblems(c: JdbcSinkConfig): string[] {
  const out: string[] = [];
  if (c['delete.enabled'] && c['pk.mode'] !== 'record_key') out.push('delete.enabled=true requires pk.mode=record_key');
  if (c['insert.mode'] !== 'insert' && c['pk.mode'] === 'none') out.push(`insert.mode=${c['insert.mode']} requires a pk.mode other than none`);
  return out;
}
