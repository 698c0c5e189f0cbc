/**
 * JdbcSinkConnector: checks the config and hands every task the same config (the runtime spreads topic
 * partitions over the tasks).
 */
import {
  ConfigError, SinkConnector, type ConfigValue, type ConnectorProps, type RawConfig,
} from '../../../src/api/index.js';
import { JDBC_CONNECTOR_VERSION } from '../jdbc-common-config.js';
import { parseConnectionUrl } from '../connection-url.js';
import { jdbcSinkConfigDef } from './jdbc-sink-config.js';
import { JdbcSinkTask, sinkConfigProblems } from './jdbc-sink-task.js';

export class JdbcSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return JDBC_CONNECTOR_VERSION;
  }

  config() {
    return jdbcSinkConfigDef;
  }

  override validate(configs: RawConfig): ConfigValue[] {
    const values = jdbcSinkConfigDef.validate(configs);
    if (values.some((v) => v.errors.length > 0)) return values;
    const parsed = jdbcSinkConfigDef.parse(configs);
    const problems = sinkConfigProblems(parsed);
    const blame = (name: string, message: string) => values.find((v) => v.name === name)?.errors.push(message);
    for (const p of problems) blame(p.startsWith('delete') ? 'delete.enabled' : 'insert.mode', p);
    try {
      parseConnectionUrl(parsed['connection.url'], null, null);
    } catch (err) {
      blame('connection.url', (err as Error).message);
    }
    return values;
  }

  start(props: ConnectorProps): void {
    const config = jdbcSinkConfigDef.parse(props);
    const problems = sinkConfigProblems(config);
    if (problems.length > 0) throw new ConfigError(`JDBC sink config is invalid: ${problems.join('; ')}`);
    parseConnectionUrl(config['connection.url'], null, null);
    this.#props = props;
  }

  taskClass() {
    return JdbcSinkTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: Math.max(1, maxTasks) }, () => ({ ...this.#props }));
  }

  stop(): void {}
}
