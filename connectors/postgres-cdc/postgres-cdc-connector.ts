/** Debezium-compatible PostgreSQL CDC connector: one task, as Debezium (tasks.max is ignored). */
import { SourceConnector, type ConnectorProps, type TaskClass, type SourceTask, type RawConfig, type ConfigValue } from '../../src/api/index.js';
import { parsePostgresCdcConfig, postgresCdcConfigDef, POSTGRES_CDC_VERSION } from './postgres-cdc-config.js';
import { PostgresCdcTask } from './postgres-cdc-task.js';
import { validateColumnMappers } from './column-mappers.js';
import { ConfigError } from '../../src/api/index.js';

export class PostgresCdcConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return POSTGRES_CDC_VERSION;
  }

  config() {
    return postgresCdcConfigDef;
  }

  override validate(configs: RawConfig): ConfigValue[] {
    const values = postgresCdcConfigDef.validate(configs);
    // Keys with parameters in their names (column.mask.with.<N>.chars, …): one entry each, with its own errors.
    const patternKeys = validateColumnMappers(configs);
    if (values.some((v) => v.errors.length > 0)) return [...values, ...patternKeys];
    try {
      parsePostgresCdcConfig(configs);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const v of values) v.errors.push(...(err.errors[v.name] ?? []));
    }
    return [...values, ...patternKeys];
  }

  start(props: ConnectorProps): void {
    parsePostgresCdcConfig(props);
    this.#props = props;
  }

  taskClass(): TaskClass<SourceTask> {
    return PostgresCdcTask;
  }

  taskConfigs(_maxTasks: number): ConnectorProps[] {
    return [this.#props];
  }

  stop(): void {}
}
