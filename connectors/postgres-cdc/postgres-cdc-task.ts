/**
 * The one task of the PostgreSQL CDC connector. `start` prepares the publication and slot and launches the
 * reader in the background (snapshot if needed, then the replication stream); `poll` drains the bounded
 * queue; `commit` reads back the committed offset and acknowledges the slot only that far.
 */
import type pg from 'pg';
import {
  ConnectError,
  RetriableError,
  SourceTask,
  sourceRecord,
  type ConnectorProps,
  type Logger,
  type SourceOffset,
  type SourceRecord,
} from '../../src/api/index.js';
import { AckTracker } from './ack-tracker.js';
import { ChangeQueue } from './change-queue.js';
import { ChangeStream, type ResumePoint } from './change-stream.js';
import { ColumnMappers } from './column-mappers.js';
import { IncrementalSnapshot } from './incremental-snapshot.js';
import { decodeSnapshotState } from './incremental-snapshot-offset.js';
import { HEARTBEAT_KEY_SCHEMA, HEARTBEAT_VALUE_SCHEMA } from './debezium-schemas.js';
import { EventRecords } from './event-records.js';
import { LogicalMessageRecords } from './logical-message-records.js';
import { lsnFromOffset, lsnToOffset, type Lsn } from './lsn.js';
import { connectionOptions, SESSION_OPTIONS, sqlClient } from './pg-session.js';
import { parsePostgresCdcConfig, POSTGRES_CDC_VERSION, type PostgresCdcConfig } from './postgres-cdc-config.js';
import { capturedTables, ensurePublication } from './publication-setup.js';
import { ReplicationConnection } from './replication-connection.js';
import { SnapshotGauges } from './snapshot-gauges.js';
import { runSnapshot, type SnapshotProgress } from './snapshot-reader.js';
import { TableFilter } from './table-filter.js';
import type { TableSchemaContext } from './table-schema.js';

type Phase = 'starting' | 'snapshot' | 'streaming' | 'done' | 'stopped';

interface SlotRow {
  confirmed_flush_lsn: string | null;
  active_pid: number | null;
}

/** Whether a stored offset says an initial snapshot was started but not finished. */
function snapshotIncomplete(offset: SourceOffset | null): boolean {
  return offset !== null && offset.snapshot !== undefined && offset.snapshot !== null && offset.snapshot !== false &&
    offset.last_snapshot_record !== true && offset.snapshot_completed !== true;
}

export class PostgresCdcTask extends SourceTask {
  #cfg!: PostgresCdcConfig;
  /** The raw props: column.mask.* / column.truncate.* keys carry parameters in their names (not in the ConfigDef). */
  #props: ConnectorProps = {};
  #log!: Logger;
  #records!: EventRecords;
  #queue!: ChangeQueue;
  #tracker: AckTracker | null = null;
  #stream: ChangeStream | null = null;
  #repl: ReplicationConnection | null = null;
  #catalog: pg.Client | null = null;
  #snapshotClient: pg.Client | null = null;
  #signalClient: pg.Client | null = null;
  #incremental: IncrementalSnapshot | null = null;
  #timers: NodeJS.Timeout[] = [];
  #phase: Phase = 'starting';
  #stopping = false;
  #lastSent: Lsn = 0n;
  #committed: SourceOffset | null = null;
  #heartbeatSeq = 0;
  #background: Promise<void> | null = null;
  readonly snapshotProgress: SnapshotProgress = { table: '', rowsDone: 0, rowsEstimated: 0, tablesDone: 0, tablesTotal: 0 };

  version(): string {
    return POSTGRES_CDC_VERSION;
  }

  /** Reading phase, for status and tests. */
  get phase(): Phase {
    return this.#phase;
  }

  /** The LSN last reported to the server as flushed (the slot's confirmed_flush_lsn follows it). */
  get acknowledgedLsn(): Lsn {
    return this.#lastSent;
  }

  /** Counters for status, metrics and benches. */
  stats(): { phase: Phase; queued: number; eventsEmitted: number; framesReceived: number; backlogFrames: number; readingPaused: boolean; draining: boolean; acknowledgedLsn: string; incrementalSnapshotRows: number; incrementalSnapshotActive: boolean } {
    const backlog = this.#stream?.backlog;
    return {
      phase: this.#phase,
      queued: this.#queue?.size ?? 0,
      eventsEmitted: this.#stream?.eventsEmitted ?? 0,
      framesReceived: this.#stream?.framesReceived ?? 0,
      backlogFrames: backlog?.frames ?? 0,
      readingPaused: backlog?.paused ?? false,
      draining: backlog?.draining ?? false,
      acknowledgedLsn: this.#lastSent.toString(),
      incrementalSnapshotRows: this.#incremental?.rowsEmitted ?? 0,
      incrementalSnapshotActive: this.#incremental?.active ?? false,
    };
  }

  async start(props: ConnectorProps): Promise<void> {
    this.#cfg = parsePostgresCdcConfig(props);
    this.#props = props;
    this.#log = this.context.log;
    const cfg = this.#cfg;
    const prefix = cfg['topic.prefix'];
    this.#records = new EventRecords(prefix, cfg['database.dbname'], `${prefix}.${cfg['topic.transaction']}`);
    this.#queue = new ChangeQueue(cfg['max.queue.size'], () => this.#stream?.onQueueSpace());
    const offset = await this.context.offsetStorageReader.offset(this.#records.partition);
    this.#committed = offset;
    const conn = connectionOptions(cfg);
    const catalog = sqlClient(conn, false);
    this.#catalog = catalog;
    await catalog.connect();
    const filter = new TableFilter(cfg);
    await ensurePublication(catalog, cfg, filter);
    this.#background = this.#run(offset, filter).catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      this.#log.error({ err: e }, 'postgres-cdc reader failed');
      this.#queue.fail(e instanceof ConnectError ? e : new RetriableError(`postgres-cdc: ${e.message}`, { cause: e }));
    });
  }

  async #run(offset: SourceOffset | null, filter: TableFilter): Promise<void> {
    const cfg = this.#cfg;
    const catalog = this.#catalog!;
    const slotName = cfg['slot.name'];
    const slotRes = await catalog.query<SlotRow>(
      'SELECT confirmed_flush_lsn::text, active_pid FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()',
      [slotName],
    );
    const slot = slotRes.rows[0] ?? null;
    const mode = cfg['snapshot.mode'];
    const completed = offset !== null && !snapshotIncomplete(offset);
    let snapshot = false;
    if (mode === 'always') snapshot = true;
    else if (mode === 'initial' || mode === 'initial_only') snapshot = !completed;
    else if (mode === 'when_needed') snapshot = !completed || slot === null;

    const repl = new ReplicationConnection({ ...connectionOptions(cfg), sessionOptions: SESSION_OPTIONS });
    this.#repl = repl;
    await repl.connect();
    let startLsn: Lsn;
    let resume: ResumePoint | null;
    let snapshotName: string | null = null;
    // An exact hand-over needs a fresh slot: its exported snapshot is the state at its consistent point.
    // Nothing downstream depends on an existing slot when no offset (or only a partial snapshot) was committed.
    const exact = snapshot && (!completed || slot === null);
    if (exact && slot !== null) {
      this.#log.info({ slot: slotName }, 'dropping the slot left by an unfinished snapshot, to snapshot from a fresh consistent point');
      await catalog.query('SELECT pg_drop_replication_slot($1)', [slotName]);
    }
    if (exact || slot === null) {
      const created = await repl.createSlot(slotName, exact);
      this.#log.info({ slot: slotName, consistentPoint: lsnToOffset(created.consistentPoint) }, 'created replication slot');
      startLsn = created.consistentPoint;
      snapshotName = created.snapshotName;
      resume = { commitEnd: startLsn, txId: null, txEvents: 0 };
    } else {
      const commitEnd = lsnFromOffset(offset?.lsn_commit) ?? lsnFromOffset(offset?.lsn_proc) ?? lsnFromOffset(offset?.lsn) ?? 0n;
      startLsn = commitEnd;
      resume = offset === null ? null : {
        commitEnd,
        txId: typeof offset.txId === 'number' && offset.snapshot === undefined ? offset.txId : null,
        txEvents: typeof offset.tx_events === 'number' ? offset.tx_events : 0,
      };
    }
    this.#tracker = new AckTracker(startLsn);
    this.#lastSent = startLsn;
    const columnMappers = new ColumnMappers(this.#props);
    const schemaContext: TableSchemaContext = {
      topicPrefix: cfg['topic.prefix'],
      filter,
      typeOptions: {
        decimalMode: cfg['decimal.handling.mode'],
        timeMode: cfg['time.precision.mode'],
        intervalMode: cfg['interval.handling.mode'],
        binaryMode: cfg['binary.handling.mode'],
      },
      unavailablePlaceholder: cfg['unavailable.value.placeholder'],
      ...(columnMappers.empty ? {} : { columnMappers }),
    };

    if (snapshot) {
      this.#phase = 'snapshot';
      const client = sqlClient(connectionOptions(cfg), true);
      this.#snapshotClient = client;
      await client.connect();
      const tables = await capturedTables(catalog, cfg, filter);
      const rows = await runSnapshot({
        client,
        tables,
        snapshotName,
        consistentLsn: startLsn,
        fetchSize: cfg['snapshot.fetch.size'],
        records: this.#records,
        queue: this.#queue,
        schemaContext,
        log: this.#log,
        aborted: () => this.#stopping,
        progress: this.snapshotProgress,
        gauges: new SnapshotGauges(this.context.metrics),
      });
      await client.end();
      this.#snapshotClient = null;
      this.#log.info({ rows, tables: tables.length }, 'snapshot completed');
    }
    if (this.#stopping) return;
    if (mode === 'initial_only') {
      this.#phase = 'done';
      await repl.close();
      return;
    }

    // pgoutput sends logical decoding messages from PostgreSQL 14 on (the `messages` option), as Debezium asks for them.
    const messages = (await repl.serverVersionNum()) >= 140_000;
    const stream = new ChangeStream({
      records: this.#records,
      ...(messages ? { messages: new LogicalMessageRecords(this.#records, cfg['binary.handling.mode']) } : {}),
      queue: this.#queue,
      tracker: this.#tracker,
      schemaContext,
      catalog,
      tombstonesOnDelete: cfg['tombstones.on.delete'],
      transactionMetadata: cfg['provide.transaction.metadata'],
      skipped: new Set(cfg['skipped.operations'].filter((o) => o !== 'none')),
      resume,
      log: this.#log,
      pause: () => repl.pause(),
      resumeReading: () => repl.resume(),
      onKeepalive: (_walEnd, reply) => {
        if (reply) this.#sendStatus(true);
      },
      onFailure: (err) => this.#queue.fail(new ConnectError(`postgres-cdc: ${err.message}`, { cause: err, code: 'TRIB_PG_STREAM' })),
    });
    this.#stream = stream;
    await this.#waitForSlot(catalog, slotName);
    if (this.#stopping) return;
    const unread = cfg['signal.enabled.channels'].filter((c) => c !== 'source');
    if (unread.length > 0) this.#log.warn({ channels: unread }, 'signal.enabled.channels names channels Tributary does not read; only the source channel (signal.data.collection) is supported');
    const signalTable = cfg['signal.data.collection'];
    if (signalTable !== null) {
      const client = sqlClient(connectionOptions(cfg), true);
      this.#signalClient = client;
      await client.connect();
      this.#incremental = new IncrementalSnapshot({
        client,
        signalTable,
        chunkSize: cfg['incremental.snapshot.chunk.size'],
        records: this.#records,
        queue: this.#queue,
        schemaContext,
        tables: async () => (await capturedTables(catalog, cfg, filter)).filter((t) => !filter.isSignalTable(t.schema, t.table)),
        log: this.#log,
        onError: (err) => this.#queue.fail(new RetriableError(`postgres-cdc incremental snapshot: ${err.message}`, { cause: err })),
        gauges: new SnapshotGauges(this.context.metrics),
        tableSignals: cfg['signal.enabled.channels'].includes('source'),
      });
      stream.observer = this.#incremental;
    }
    // An incremental snapshot the committed offset says was in progress (not after a new initial snapshot).
    const resumeIncremental = snapshot ? null : decodeSnapshotState(offset);
    if (resumeIncremental !== null) {
      if (this.#incremental === null) {
        this.#log.warn({ tables: resumeIncremental.collections }, 'the offsets hold an unfinished incremental snapshot but signal.data.collection is not set; it is not resumed');
      } else {
        // Before the stream starts: an execute-snapshot signal it delivers again (sent after the last commit)
        // must find the resumed tables queued, not race the resume and replace the table being read.
        await this.#incremental.resume(resumeIncremental).catch((err: unknown) => this.#queue.fail(new RetriableError(`postgres-cdc incremental snapshot: ${(err as Error).message}`, { cause: err })));
      }
    }
    // stop() came during the awaits above: it cleared the timers and closed the connections already.
    if (this.#stopping) return;
    repl.startReplication({
      slotName,
      startLsn,
      publicationNames: [cfg['publication.name']],
      messages,
      onFrame: stream.onFrame,
      onError: (err) => {
        if (!this.#stopping) this.#queue.fail(new RetriableError(`postgres-cdc replication stream: ${err.message}`, { cause: err }));
      },
    });
    this.#phase = 'streaming';
    this.#log.info({ slot: slotName, startLsn: lsnToOffset(startLsn) }, 'streaming changes');
    this.#timers.push(setInterval(() => this.#statusTick(), cfg['status.update.interval.ms']));
    const hb = cfg['heartbeat.interval.ms'];
    if (hb > 0) this.#timers.push(setInterval(() => void this.#heartbeat(), hb));
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#stopping) return null;
    const records = await this.#queue.take(this.#cfg['max.batch.size'], Number(this.#cfg['poll.interval.ms']));
    if (records.length === 0) return null;
    const last = records[records.length - 1]!;
    if (last.sourceOffset !== null) this.#tracker?.emitted(last.sourceOffset);
    return records;
  }

  /** After the runtime committed offsets: acknowledge the slot up to what they cover. */
  override async commit(): Promise<void> {
    if (this.#stopping || this.#tracker === null) return;
    this.#committed = await this.context.offsetStorageReader.offset(this.#records.partition);
    this.#sendStatus(false);
  }

  #statusTick(): void {
    this.#sendStatus(false, true);
  }

  #sendStatus(replyToKeepalive: boolean, force = false): void {
    const tracker = this.#tracker;
    const repl = this.#repl;
    if (tracker === null || repl === null || this.#phase !== 'streaming' || this.#stopping) return;
    const target = this.#cfg['lsn.flush.mode'] === 'manual' ? this.#lastSent : tracker.advance(this.#committed, this.#queue.size === 0);
    if (target > this.#lastSent || replyToKeepalive || force) {
      if (target > this.#lastSent) this.#lastSent = target;
      repl.sendStatus(this.#lastSent, this.#lastSent);
    }
  }

  async #heartbeat(): Promise<void> {
    const tracker = this.#tracker;
    if (tracker === null || this.#stopping || tracker.inTransaction || this.#queue.full) return;
    const query = this.#cfg['heartbeat.action.query'];
    if (query !== null) {
      try {
        await this.#catalog?.query(query);
      } catch (err) {
        this.#log.warn({ err }, 'heartbeat.action.query failed');
      }
    }
    // The query may have let a transaction begin meanwhile: a heartbeat must not land inside one.
    if (this.#stopping || tracker.inTransaction || this.#queue.full) return;
    const prefix = this.#cfg['topic.prefix'];
    const at = lsnToOffset(tracker.processedEnd);
    const now = Date.now();
    this.#queue.push(sourceRecord({
      topic: `${this.#cfg['topic.heartbeat.prefix']}.${prefix}`,
      keySchema: HEARTBEAT_KEY_SCHEMA,
      key: { serverName: prefix },
      valueSchema: HEARTBEAT_VALUE_SCHEMA,
      value: { ts_ms: now },
      sourcePartition: this.#records.partition,
      sourceOffset: { lsn_proc: at, lsn_commit: at, lsn: at, ts_usec: now * 1000, heartbeat_seq: ++this.#heartbeatSeq, ...this.#incremental?.offsetFields },
    }));
  }

  /** A slot held by another walsender (often a crashed worker's, until wal_sender_timeout) cannot be streamed yet. */
  async #waitForSlot(catalog: pg.Client, slot: string): Promise<void> {
    for (let attempt = 0; !this.#stopping; attempt++) {
      const r = await catalog.query<{ active_pid: number | null }>('SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1', [slot]);
      const pid = r.rows[0]?.active_pid ?? null;
      if (pid === null) return;
      if (attempt >= this.#cfg['slot.max.retries']) {
        throw new RetriableError(
          `replication slot "${slot}" is still used by server process ${pid}: another connector or a crashed worker's walsender holds it; raise slot.max.retries/slot.retry.delay.ms or end that process (pg_terminate_backend)`,
        );
      }
      this.#log.warn({ slot, pid, attempt: attempt + 1 }, 'replication slot is in use; waiting');
      await this.#sleep(Number(this.#cfg['slot.retry.delay.ms']));
    }
  }

  #wakeSleeper: (() => void) | null = null;

  /** A wait that stop() cuts short. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeSleeper = done;
    });
  }

  /** slot.drop.on.stop: the walsender lets go of the slot shortly after our connection closes; wait for that. */
  async #dropSlot(catalog: pg.Client): Promise<void> {
    const slot = this.#cfg['slot.name'];
    const deadline = Date.now() + 10_000;
    try {
      for (;;) {
        const r = await catalog.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
        if (r.rowCount === 0) return;
        if (!r.rows[0]!.active) {
          await catalog.query('SELECT pg_drop_replication_slot($1)', [slot]);
          this.#log.info({ slot }, 'dropped the replication slot (slot.drop.on.stop)');
          return;
        }
        if (Date.now() > deadline) throw new Error(`slot ${slot} is still in use`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } catch (err) {
      this.#log.warn({ err, slot }, 'could not drop the replication slot');
    }
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#phase = 'stopped';
    this.#wakeSleeper?.();
    for (const t of this.#timers) clearInterval(t);
    this.#queue?.close();
    await this.#repl?.close();
    await this.#snapshotClient?.end().catch(() => {});
    await this.#signalClient?.end().catch(() => {});
    await this.#background?.catch(() => {});
    if (this.#cfg?.['slot.drop.on.stop'] && this.#catalog !== null) await this.#dropSlot(this.#catalog);
    await this.#catalog?.end().catch(() => {});
  }
}
