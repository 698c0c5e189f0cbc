/**
 * `COPY … FROM STDIN` over a node-postgres client, as a Submittable (pg's documented hook for custom
 * queries): the query is sent, data goes out in CopyData messages as it is written (queued until the
 * server's CopyInResponse), and `end()` settles with the row count at ReadyForQuery. Writing while rows are
 * still being converted lets the server parse and insert in parallel with the JS side. COPY is PostgreSQL's bulk path (multi-row heap
 * inserts), about twice the rows/s of INSERT … SELECT FROM UNNEST on the same table.
 */
import type pg from 'pg';

/** The parts of pg's internal Connection a copy uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

const CHUNK_BYTES = 256 * 1024;

export class CopyFrom implements pg.Submittable {
  readonly promise: Promise<number>;
  #resolve!: (rows: number) => void;
  #reject!: (err: Error) => void;
  #rows = 0;
  #failed = false;
  #connection: CopyConnection | null = null;
  /** Data written before the server asked for it (CopyInResponse). */
  #queued: Buffer[] = [];
  #ended = false;
  #abortMessage: string | null = null;

  constructor(private readonly text: string) {
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.promise.catch(() => {}); // the caller awaits `end()`; an early failure must not be an unhandled rejection
  }

  /** Sends (or queues) more COPY data. After a server error the data is dropped (the server ignores it too). */
  write(data: Buffer): void {
    if (this.#failed || this.#ended) return;
    if (this.#connection === null) this.#queued.push(data);
    else sendChunks(this.#connection, data);
  }

  /** Ends the data; resolves with the number of rows copied, or rejects with the server's error. */
  end(): Promise<number> {
    if (!this.#ended) {
      this.#ended = true;
      if (this.#connection !== null && !this.#failed) this.#connection.endCopyFrom();
    }
    return this.promise;
  }

  /** Abandons the copy (CopyFail): nothing of it is written. Resolves once the server has answered. */
  async abort(message: string): Promise<void> {
    if (!this.#ended) {
      this.#ended = true;
      this.#abortMessage = message;
      if (this.#connection !== null && !this.#failed) this.#connection.sendCopyFail(message);
    }
    await this.promise.catch(() => {});
  }

  submit(connection: unknown): void {
    (connection as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    this.#connection = connection;
    for (const data of this.#queued) sendChunks(connection, data);
    this.#queued = [];
    if (this.#abortMessage !== null) connection.sendCopyFail(this.#abortMessage);
    else if (this.#ended) connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m !== null) this.#rows = Number(m[1]);
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.#resolve(this.#rows);
  }

  handleError(err: Error): void {
    this.#failed = true;
    this.#queued = [];
    this.#reject(err);
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

function sendChunks(connection: CopyConnection, data: Buffer): void {
  for (let at = 0; at < data.length; at += CHUNK_BYTES) connection.sendCopyFromChunk(data.subarray(at, at + CHUNK_BYTES));
}

/** Starts a COPY … FROM STDIN on `client`; write data to it, then `end()`. */
export function startCopy(client: pg.ClientBase, text: string): CopyFrom {
  const copy = new CopyFrom(text);
  client.query(copy);
  return copy;
}

/** Runs one COPY FROM STDIN with `payload` (text format) on `client`; resolves with the rows copied. */
export function copyFrom(client: pg.ClientBase, text: string, payload: Buffer): Promise<number> {
  const copy = startCopy(client, text);
  copy.write(payload);
  return copy.end();
}

/** A value in COPY text format: backslash, tab, newline and carriage return escaped; null is `\N`. */
export function copyText(v: string | null): string {
  if (v === null) return '\\N';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) return v.replace(/[\\\t\n\r]/g, escapeChar);
  }
  return v;
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** Rows `from`..`to` of column-major text arrays → one COPY text-format payload. */
export function copyPayload(columns: readonly (readonly (string | null)[])[], rows: number, from = 0): Buffer {
  const m = columns.length;
  const parts: string[] = new Array(rows - from);
  for (let i = from; i < rows; i++) {
    let line = copyText(columns[0]![i] ?? null);
    for (let c = 1; c < m; c++) line += `\t${copyText(columns[c]![i] ?? null)}`;
    parts[i - from] = line;
  }
  return Buffer.from(`${parts.join('\n')}\n`, 'utf8');
}
