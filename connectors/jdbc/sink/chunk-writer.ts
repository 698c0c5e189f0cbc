/**
 * Runs one set-based statement inside the put() transaction. Optimistic (unguarded) writers send the
 * statement alone — the fewest round trips — and turn a data rejection into `GuardNeeded`, so the caller
 * rolls back and redoes the batch guarded. Guarded writers wrap each statement in a savepoint: when the
 * database rejects the data (SQLSTATE 22xxx data exception, 23xxx constraint violation), the chunk is split
 * in halves until the bad records stand alone; those go to the errant-record reporter (DLQ) and every other
 * record is written. Any other error propagates and the whole transaction rolls back.
 */
import type pg from 'pg';
import { DataError, type SinkRecord } from '../../../src/api/index.js';
import { copyFrom, copyPayload, startCopy } from '../dialect/pg-copy-from.js';
import { textArrayParam } from '../dialect/pg-text-writer.js';
import { sliceChunk, type Chunk } from './write-run.js';

/** How a chunk is sent: COPY FROM STDIN (plain inserts) or one statement with a text[] per column. */
export interface ChunkStatement {
  readonly via: 'copy' | 'unnest';
  readonly sql: string;
}

export type ReportBadRecord = (record: SinkRecord, error: Error) => Promise<void>;

/** Errors that condemn the data, not the connection or the statement. */
export function isDataRejection(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === '42804' || code === 'P0001');
}

function describe(record: SinkRecord, table: string, err: Error): DataError {
  const detail = (err as { detail?: string }).detail;
  return new DataError(
    `could not write record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} to ${table}: ${err.message}${detail ? ` (${detail})` : ''}`,
    { cause: err, code: 'TRIB_JDBC_WRITE' },
  );
}

/** An unguarded statement's data was rejected: redo the batch with a guarded writer. */
export class GuardNeeded extends Error {
  constructor(readonly rejection: unknown) {
    super('a statement was rejected; redo the batch with savepoints');
  }
}

export class ChunkWriter {
  readonly #client: pg.PoolClient;
  readonly #report: ReportBadRecord;
  readonly #guarded: boolean;

  constructor(client: pg.PoolClient, report: ReportBadRecord, guarded: boolean) {
    this.#client = client;
    this.#report = report;
    this.#guarded = guarded;
  }

  async #unguarded(run: () => Promise<unknown>): Promise<number> {
    try {
      await run();
      return 0;
    } catch (err) {
      throw isDataRejection(err) ? new GuardNeeded(err) : err;
    }
  }

  /**
   * A COPY whose rows are produced while it runs: `fill` converts records, hands each slice's payload to
   * `send` as soon as it is ready (the server inserts while the next slice converts) and returns the records
   * it sent. If the server rejects some of the data, `rebuild` turns those records into a chunk that is
   * split and retried like `write` does.
   */
  async copyStreamed(
    sql: string,
    table: string,
    fill: (send: (payload: Buffer) => void) => Promise<readonly SinkRecord[]>,
    rebuild: (records: readonly SinkRecord[]) => Promise<Chunk>,
  ): Promise<number> {
    const client = this.#client;
    if (!this.#guarded) {
      const copy = startCopy(client, sql);
      try {
        await fill((payload) => copy.write(payload));
      } catch (err) {
        await copy.abort('record conversion failed');
        throw err;
      }
      return this.#unguarded(() => copy.end());
    }
    await client.query('SAVEPOINT tributary_chunk');
    const copy = startCopy(client, sql);
    let sent: readonly SinkRecord[];
    try {
      sent = await fill((payload) => copy.write(payload));
    } catch (err) {
      await copy.abort('record conversion failed');
      await client.query('ROLLBACK TO SAVEPOINT tributary_chunk');
      throw err;
    }
    try {
      await copy.end();
      await client.query('RELEASE SAVEPOINT tributary_chunk');
      return 0;
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT tributary_chunk');
      await client.query('RELEASE SAVEPOINT tributary_chunk');
      if (!isDataRejection(err) || sent.length === 0) throw err;
      const chunk = await rebuild(sent);
      const n = chunk.records.length;
      const statement: ChunkStatement = { via: 'copy', sql };
      if (n === 1) return this.write(statement, table, chunk);
      const mid = n >> 1;
      return (await this.write(statement, table, sliceChunk(chunk, 0, mid))) + (await this.write(statement, table, sliceChunk(chunk, mid, n)));
    }
  }

  /** Writes `chunk`; returns how many records were rejected and reported. */
  async write(statement: ChunkStatement, table: string, chunk: Chunk): Promise<number> {
    const n = chunk.records.length;
    if (n === 0) return 0;
    const client = this.#client;
    if (!this.#guarded) {
      return this.#unguarded(() => statement.via === 'copy'
        ? copyFrom(client, statement.sql, copyPayload(chunk.columns, n))
        : client.query(statement.sql, chunk.columns.map(textArrayParam)));
    }
    await client.query('SAVEPOINT tributary_chunk');
    try {
      if (statement.via === 'copy') await copyFrom(client, statement.sql, copyPayload(chunk.columns, n));
      else await client.query(statement.sql, chunk.columns.map(textArrayParam));
      await client.query('RELEASE SAVEPOINT tributary_chunk');
      return 0;
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT tributary_chunk');
      await client.query('RELEASE SAVEPOINT tributary_chunk');
      if (!isDataRejection(err)) throw err;
      if (n === 1) {
        await this.#report(chunk.records[0]!, describe(chunk.records[0]!, table, err as Error));
        return 1;
      }
      const mid = n >> 1;
      return (await this.write(statement, table, sliceChunk(chunk, 0, mid))) + (await this.write(statement, table, sliceChunk(chunk, mid, n)));
    }
  }
}
