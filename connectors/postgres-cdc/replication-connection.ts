/**
 * The replication transport: a node-postgres client opened with `replication=database` (a logical
 * walsender). It runs the replication commands (CREATE/DROP_REPLICATION_SLOT, START_REPLICATION) and hands
 * each CopyData frame to a callback; feedback goes back as CopyData. The frame codecs live in
 * replication-frames.ts; this file only owns the socket.
 */
import pg from 'pg';
import { CopyBothSplitter } from './copy-both-splitter.js';
import { formatLsn, parseLsn, type Lsn } from './lsn.js';
import { encodeStandbyStatus } from './replication-frames.js';

export interface PgConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly connectTimeoutMs?: number;
  /** `-c name=value` startup options. */
  readonly sessionOptions?: string;
}

/** The parts of pg's internal Connection the walsender protocol needs (not in @types/pg). */
interface WireConnection {
  on(event: 'copyData', listener: (msg: { chunk: Buffer }) => void): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  readonly ssl: unknown;
  readonly stream: {
    pause(): void;
    resume(): void;
    listeners(event: 'data'): ((chunk: Buffer) => void)[];
    removeListener(event: 'data', listener: (chunk: Buffer) => void): void;
    on(event: 'data', listener: (chunk: Buffer) => void): void;
  };
}

export interface CreatedSlot {
  readonly slotName: string;
  readonly consistentPoint: Lsn;
  /** Importable with SET TRANSACTION SNAPSHOT until the next command on this connection. */
  readonly snapshotName: string | null;
}

export interface StreamOptions {
  readonly slotName: string;
  /** 0n = from the slot's confirmed_flush_lsn */
  readonly startLsn: Lsn;
  readonly publicationNames: readonly string[];
  /** Request `pg_logical_emit_message` messages (PostgreSQL 14+). */
  readonly messages: boolean;
  /** One CopyData payload, `buf[start, end)`; the bytes are only valid during the call. */
  readonly onFrame: (buf: Buffer, start: number, end: number) => void;
  readonly onError: (err: Error) => void;
}

function quoteLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

export class ReplicationConnection {
  readonly #client: pg.Client;
  #streaming: Promise<unknown> | null = null;
  #closed = false;
  /** Between the socket and pg-protocol's parser; null when the connection could not be intercepted (TLS). */
  #splitter: CopyBothSplitter | null = null;

  constructor(options: PgConnectionOptions) {
    const config = {
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 30_000,
      options: options.sessionOptions,
      replication: 'database',
    } as pg.ClientConfig;
    this.#client = new pg.Client(config);
    // Errors after the stream started are reported through StreamOptions.onError; avoid an unhandled 'error'.
    this.#client.on('error', () => {});
  }

  async connect(): Promise<void> {
    const connected = this.#client.connect();
    // pg attached its parser to the socket synchronously (plain TCP) and no byte has arrived yet: put the
    // splitter in front of it from the first message on, so message boundaries are known.
    this.#interceptSocket();
    await connected;
  }

  #interceptSocket(): void {
    const wire = this.#wire;
    const listeners = wire.ssl ? [] : wire.stream.listeners('data');
    if (listeners.length !== 1) return; // TLS (listeners come later, on another stream): frames arrive via 'copyData'
    const pgParser = listeners[0]!;
    const splitter = new CopyBothSplitter(pgParser);
    wire.stream.removeListener('data', pgParser);
    wire.stream.on('data', (chunk) => splitter.push(chunk));
    this.#splitter = splitter;
  }

  get #wire(): WireConnection {
    return (this.#client as unknown as { connection: WireConnection }).connection;
  }

  async serverVersionNum(): Promise<number> {
    const res = await this.#client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Number(res.rows[0]!.server_version_num);
  }

  async createSlot(slotName: string, exportSnapshot: boolean): Promise<CreatedSlot> {
    const res = await this.#client.query<{ slot_name: string; consistent_point: string; snapshot_name: string | null }>(
      `CREATE_REPLICATION_SLOT ${quoteIdent(slotName)} LOGICAL pgoutput ${exportSnapshot ? 'EXPORT_SNAPSHOT' : 'NOEXPORT_SNAPSHOT'}`,
    );
    const row = res.rows[0]!;
    return { slotName: row.slot_name, consistentPoint: parseLsn(row.consistent_point), snapshotName: row.snapshot_name };
  }

  /** Starts streaming; resolves once the command was sent (frames then arrive through `onFrame`). */
  startReplication(options: StreamOptions): void {
    const params = [`proto_version '1'`, `publication_names ${quoteLiteral(options.publicationNames.map(quoteIdent).join(','))}`];
    if (options.messages) params.push(`messages 'true'`);
    const sql = `START_REPLICATION SLOT ${quoteIdent(options.slotName)} LOGICAL ${formatLsn(options.startLsn)} (${params.join(', ')})`;
    // With the splitter, CopyData after CopyBothResponse skips pg entirely; 'copyData' then never fires.
    if (this.#splitter !== null) this.#splitter.onCopyData = options.onFrame;
    this.#wire.on('copyData', (msg) => options.onFrame(msg.chunk, 0, msg.chunk.length));
    this.#client.on('error', (err) => options.onError(err));
    this.#client.on('end', () => {
      if (!this.#closed) options.onError(new Error('replication connection closed by the server'));
    });
    this.#streaming = this.#client.query(sql).catch((err: unknown) => {
      if (!this.#closed) options.onError(err instanceof Error ? err : new Error(String(err)));
    });
  }

  sendStatus(written: Lsn, flushed: Lsn, replyRequested = false): void {
    if (this.#closed) return;
    const now = BigInt(Date.now()) * 1000n;
    this.#wire.sendCopyFromChunk(encodeStandbyStatus(written, flushed, now, replyRequested));
  }

  /** Stop reading from the socket (backpressure); the server then blocks on its send buffer. */
  pause(): void {
    this.#wire.stream.pause();
  }

  resume(): void {
    this.#wire.stream.resume();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#streaming !== null) this.#wire.endCopyFrom();
    } catch {
      // the socket may already be gone; end() below still releases it
    }
    await this.#client.end().catch(() => {});
  }
}
