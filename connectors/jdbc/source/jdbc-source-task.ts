/**
 * Polls its tables (or the custom query) round-robin by due time: the querier whose `poll.interval.ms`
 * elapsed first is read next, one `batch.max.rows` batch per poll().
 */
import type pg from 'pg';
import {
  abortableWait,
  ConnectError, SourceTask, type ConnectorProps, type SourcePartition, type SourceRecord,
} from '../../../src/api/index.js';
import type { DatabaseDialect } from '../dialect/database-dialect.js';
import { PgTypeCatalog } from '../dialect/pg-types.js';
import { PostgresDialect } from '../dialect/postgres-dialect.js';
import { JDBC_CONNECTOR_VERSION } from '../jdbc-common-config.js';
import { openPool } from '../pg-connection.js';
import { parseTableId, tableIdString, type TableId } from '../table-id.js';
import { TASK_TABLES_KEY, jdbcSourceConfigDef, type JdbcSourceConfig } from './jdbc-source-config.js';
import {
  legacyTablePartition, positionFromOffset, queryPartition, tablePartition, START_POSITION, type QueryPosition,
} from './source-offset.js';
import { TableQuerier } from './table-querier.js';

/** The longest poll() waits for a querier to come due before returning an empty batch. */
const MAX_IDLE_WAIT_MS = 1000;

export class JdbcSourceTask extends SourceTask {
  #pool: pg.Pool | null = null;
  #queriers: TableQuerier[] = [];
  readonly #abort = new AbortController();
  #inFlight: Promise<unknown> | null = null;

  version(): string {
    return JDBC_CONNECTOR_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const config = jdbcSourceConfigDef.parse(props);
    const log = this.context.log;
    const dialect = new PostgresDialect({ quoteIdentifiers: config['quote.sql.identifiers'] === 'always' });
    const tables = config.query === '' ? taskTables(props) : [];
    this.#pool = await openPool(config, { max: Math.min(Math.max(tables.length, 1), 8) + 1, log, signal: this.#abort.signal });
    const catalog = new PgTypeCatalog();
    if (config.query !== '') {
      const partition = queryPartition();
      const start = await this.#startPosition(config, [partition]);
      this.#queriers = [this.#querier(config, dialect, catalog, null, partition, start, config['incrementing.column.name'] || null)];
      return;
    }
    for (const table of tables) {
      const def = await dialect.describeTable(this.#pool, table);
      if (def === null) {
        log.warn({ table: tableIdString(table) }, 'table not found; skipping it until the connector reconfigures');
        continue;
      }
      const incrementing = await this.#incrementingColumn(config, def.columns, table);
      if (config['validate.non.null']) checkNonNull(config, def.columns, incrementing, table);
      const partition = tablePartition(tableIdString(def.id));
      const start = await this.#startPosition(config, [partition, legacyTablePartition(table.table)]);
      this.#queriers.push(this.#querier(config, dialect, catalog, def.id, partition, start, incrementing));
    }
  }

  async poll(): Promise<SourceRecord[] | null> {
    const signal = this.#abort.signal;
    if (signal.aborted || this.#queriers.length === 0) {
      if (!signal.aborted) await abortableWait(MAX_IDLE_WAIT_MS, signal);
      return null;
    }
    let next = this.#queriers[0]!;
    for (const q of this.#queriers) if (q.nextPollAt < next.nextPollAt) next = q;
    const wait = next.nextPollAt - Date.now();
    if (wait > 0) {
      await abortableWait(Math.min(wait, MAX_IDLE_WAIT_MS), signal);
      if (wait > MAX_IDLE_WAIT_MS || signal.aborted) return null;
    }
    const batch = next.poll(Date.now());
    this.#inFlight = batch.catch(() => {});
    const records = await batch;
    return records.length === 0 ? null : records;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#inFlight;
    for (const q of this.#queriers) await q.close().catch(() => {});
    this.#queriers = [];
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end().catch(() => {});
  }

  #querier(
    config: JdbcSourceConfig, dialect: DatabaseDialect, catalog: PgTypeCatalog, table: TableId | null,
    partition: SourcePartition, start: QueryPosition, incrementing: string | null,
  ): TableQuerier {
    const mode = config.mode;
    return new TableQuerier({
      pool: this.#pool!, dialect, catalog, log: this.context.log, mode, table, query: config.query,
      topic: table === null ? config['topic.prefix'] : config['topic.prefix'] + table.table,
      partition,
      structName: table === null ? 'query' : table.table,
      incrementingColumn: mode === 'incrementing' || mode === 'timestamp+incrementing' ? incrementing : null,
      timestampColumns: mode === 'timestamp' || mode === 'timestamp+incrementing' ? config['timestamp.column.name'] : [],
      delayMs: config['timestamp.delay.interval.ms'],
      suffix: config['query.suffix'],
      batchMaxRows: config['batch.max.rows'],
      pollIntervalMs: config['poll.interval.ms'],
      numericMapping: config['numeric.mapping'] ?? 'none',
      timeZone: config['db.timezone'],
      keyFromPrimaryKey: config['topic.key.from.primary.key'],
      start,
    });
  }

  /** The committed offset (v1 partition, else the legacy v0 one), or `timestamp.initial`. */
  async #startPosition(config: JdbcSourceConfig, partitions: SourcePartition[]): Promise<QueryPosition> {
    const offsets = await this.context.offsetStorageReader.offsets(partitions);
    for (const p of partitions) {
      const offset = offsets.get(p) ?? null;
      if (offset !== null) return positionFromOffset(offset);
    }
    const initial = config['timestamp.initial'];
    if (initial === null || !config.mode.startsWith('timestamp')) return START_POSITION;
    const ms = initial === -1 ? Date.now() : initial;
    return { incrementing: null, timestamp: { epochMs: ms, nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 } };
  }

  async #incrementingColumn(
    config: JdbcSourceConfig, columns: readonly { name: string; autoIncrement: boolean }[], table: TableId,
  ): Promise<string | null> {
    if (config.mode !== 'incrementing' && config.mode !== 'timestamp+incrementing') return null;
    const named = config['incrementing.column.name'];
    if (named !== '') return named;
    const auto = columns.find((c) => c.autoIncrement);
    if (auto === undefined) {
      throw new ConnectError(
        `table ${tableIdString(table)} has no serial/identity column; set incrementing.column.name`,
        { code: 'TRIB_JDBC_CONFIG' },
      );
    }
    return auto.name;
  }
}

function taskTables(props: ConnectorProps): TableId[] {
  const raw = props[TASK_TABLES_KEY];
  if (raw === undefined || raw === '') return [];
  const names = JSON.parse(raw) as string[];
  return names.map(parseTableId);
}

function checkNonNull(
  config: JdbcSourceConfig, columns: readonly { name: string; nullable: boolean }[], incrementing: string | null, table: TableId,
): void {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const where = tableIdString(table);
  if (incrementing !== null) {
    const col = byName.get(incrementing);
    if (col === undefined) throw new ConnectError(`incrementing column '${incrementing}' not found in ${where}`, { code: 'TRIB_JDBC_CONFIG' });
    if (col.nullable) {
      throw new ConnectError(`incrementing column '${incrementing}' of ${where} is nullable; make it NOT NULL or set validate.non.null=false`, { code: 'TRIB_JDBC_CONFIG' });
    }
  }
  const tsCols = config.mode.startsWith('timestamp') ? config['timestamp.column.name'] : [];
  if (tsCols.length > 0) {
    const missing = tsCols.filter((c) => !byName.has(c));
    if (missing.length > 0) throw new ConnectError(`timestamp column(s) ${missing.join(', ')} not found in ${where}`, { code: 'TRIB_JDBC_CONFIG' });
    if (tsCols.every((c) => byName.get(c)!.nullable)) {
      throw new ConnectError(
        `timestamp column(s) ${tsCols.join(', ')} of ${where} are all nullable; make one NOT NULL or set validate.non.null=false`,
        { code: 'TRIB_JDBC_CONFIG' },
      );
    }
  }
}
