/**
 * Finds the tables to read, spreads them over `tasks.max` tasks, and watches for tables appearing or
 * disappearing every `table.poll.interval.ms` (then asks the runtime to reconfigure the tasks).
 */
import type pg from 'pg';
import {
  ConfigError, SourceConnector, type ConfigValue, type ConnectorProps, type RawConfig, type SourcePartitionOffset,
} from '../../../src/api/index.js';
import { PostgresDialect } from '../dialect/postgres-dialect.js';
import { JDBC_CONNECTOR_VERSION } from '../jdbc-common-config.js';
import { openPool } from '../pg-connection.js';
import { tableIdString, type TableId } from '../table-id.js';
import { JdbcSourceTask } from './jdbc-source-task.js';
import { TASK_TABLES_KEY, jdbcSourceConfigDef, type JdbcSourceConfig } from './jdbc-source-config.js';
import { filterTables, groupContiguous, tableFilterProblems } from './table-filter.js';

/** Cross-key checks Confluent's JdbcSourceConnectorConfig makes, keyed by the config to blame. */
export function sourceConfigProblems(c: JdbcSourceConfig): Record<string, string[]> {
  const out = tableFilterProblems({
    whitelist: c['table.whitelist'], blacklist: c['table.blacklist'],
    include: c['table.include.list'], exclude: c['table.exclude.list'],
  });
  if ((c.mode === 'timestamp' || c.mode === 'timestamp+incrementing') && c['timestamp.column.name'].length === 0) {
    out['timestamp.column.name'] = [`mode ${c.mode} needs timestamp.column.name`];
  }
  if (c.mode !== 'bulk' && c.mode !== 'timestamp' && c.query !== '' && c['incrementing.column.name'] === '') {
    out['incrementing.column.name'] = [`mode ${c.mode} with a query needs incrementing.column.name (it cannot be detected from a query)`];
  }
  return out;
}

export class JdbcSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};
  #config: JdbcSourceConfig | null = null;
  #pool: pg.Pool | null = null;
  #tables: TableId[] = [];
  #monitor: NodeJS.Timeout | null = null;
  #refreshing = false;

  version(): string {
    return JDBC_CONNECTOR_VERSION;
  }

  config() {
    return jdbcSourceConfigDef;
  }

  override validate(configs: RawConfig): ConfigValue[] {
    const values = jdbcSourceConfigDef.validate(configs);
    if (values.some((v) => v.errors.length > 0)) return values;
    const problems = sourceConfigProblems(jdbcSourceConfigDef.parse(configs));
    for (const v of values) v.errors.push(...(problems[v.name] ?? []));
    return values;
  }

  async start(props: ConnectorProps): Promise<void> {
    const config = jdbcSourceConfigDef.parse(props);
    const problems = sourceConfigProblems(config);
    if (Object.keys(problems).length > 0) {
      throw new ConfigError(`JDBC source config is invalid: ${Object.values(problems).flat().join('; ')}`, problems);
    }
    this.#props = props;
    this.#config = config;
    if (config.query !== '') return;
    this.#pool = await openPool(config, { max: 1, log: this.context.log });
    this.#tables = await this.#listTables();
    const interval = Number(config['table.poll.interval.ms']);
    if (interval > 0) {
      this.#monitor = setInterval(() => void this.#refresh(), interval);
      this.#monitor.unref();
    }
  }

  taskClass() {
    return JdbcSourceTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    if (this.#config?.query !== '') return [this.#props];
    if (this.#tables.length === 0) {
      this.context.log.warn({}, 'no tables match the table filters; no tasks will run');
      return [];
    }
    return groupContiguous(this.#tables, Math.max(1, maxTasks)).map((group) => ({
      ...this.#props,
      [TASK_TABLES_KEY]: JSON.stringify(group.map(tableIdString)),
    }));
  }

  async stop(): Promise<void> {
    if (this.#monitor !== null) clearInterval(this.#monitor);
    this.#monitor = null;
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end().catch(() => {});
  }

  /** Offsets may be set or reset for table/query partitions in Confluent's shapes. */
  override alterOffsets(_props: ConnectorProps, offsets: readonly SourcePartitionOffset[]): boolean {
    for (const { partition, offset } of offsets) {
      if (typeof partition['table'] !== 'string' && typeof partition['query'] !== 'string') {
        throw new ConfigError(`partition ${JSON.stringify(partition)} must have a string "table" or "query" key`);
      }
      if (offset === null) continue;
      for (const [k, v] of Object.entries(offset)) {
        if (!['incrementing', 'timestamp', 'timestamp_nanos'].includes(k) || (typeof v !== 'number' && typeof v !== 'string')) {
          throw new ConfigError(`offset key ${k} is not one of incrementing, timestamp, timestamp_nanos with a numeric value`);
        }
      }
    }
    return true;
  }

  async #listTables(): Promise<TableId[]> {
    const c = this.#config!;
    const dialect = new PostgresDialect();
    const all = await dialect.listTables(this.#pool!, c['table.types'], c['schema.pattern']);
    return filterTables(all, {
      whitelist: c['table.whitelist'], blacklist: c['table.blacklist'],
      include: c['table.include.list'], exclude: c['table.exclude.list'],
    });
  }

  async #refresh(): Promise<void> {
    if (this.#refreshing || this.#pool === null) return;
    this.#refreshing = true;
    try {
      const tables = await this.#listTables();
      const before = this.#tables.map(tableIdString).join('\n');
      if (tables.map(tableIdString).join('\n') !== before) {
        this.context.log.info({ tables: tables.map(tableIdString) }, 'table set changed; reconfiguring tasks');
        this.#tables = tables;
        this.context.requestTaskReconfiguration();
      }
    } catch (err) {
      this.context.log.warn({ err }, 'could not list tables; keeping the current set');
    } finally {
      this.#refreshing = false;
    }
  }
}
