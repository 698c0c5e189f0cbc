/** The S3 sink connector: validates the config and hands every task the same props (partitions are spread by the consumer group). */
import { ConfigError, SinkConnector, type ConfigDef, type ConfigValue, type ConnectorProps, type RawConfig, type TaskClass } from '../../../src/api/index.js';
import { createPartitioner } from '../partitioner/create-partitioner.js';
import { S3_CONNECTOR_VERSION } from '../s3-common-config.js';
import { s3SinkConfigDef } from './s3-sink-config.js';
import { S3SinkTask } from './s3-sink-task.js';

export class S3SinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return S3_CONNECTOR_VERSION;
  }

  config(): ConfigDef<object> {
    return s3SinkConfigDef;
  }

  /** The ConfigDef's checks plus the partitioner's (e.g. FieldPartitioner needs partition.field.name). */
  override validate(configs: RawConfig): ConfigValue[] {
    const values = s3SinkConfigDef.validate(configs);
    if (values.some((v) => v.errors.length > 0)) return values;
    try {
      createPartitioner(s3SinkConfigDef.parse(configs));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const [key, messages] of Object.entries(err.errors)) values.find((v) => v.name === key)?.errors.push(...messages);
    }
    return values;
  }

  start(props: ConnectorProps): void {
    // Fail at start, with the key to fix, rather than in every task.
    createPartitioner(s3SinkConfigDef.parse(props));
    this.#props = props;
  }

  taskClass(): TaskClass<S3SinkTask> {
    return S3SinkTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}
}
