/** The S3 source connector: one task config per task, each owning a hash share of the source partitions. */
import { SourceConnector, type ConfigDef, type ConnectorProps, type TaskClass } from '../../../src/api/index.js';
import { S3_CONNECTOR_VERSION } from '../s3-common-config.js';
import { s3SourceConfigDef } from './s3-source-config.js';
import { S3SourceTask } from './s3-source-task.js';

export class S3SourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return S3_CONNECTOR_VERSION;
  }

  config(): ConfigDef<object> {
    return s3SourceConfigDef;
  }

  start(props: ConnectorProps): void {
    s3SourceConfigDef.parse(props);
    this.#props = props;
  }

  taskClass(): TaskClass<S3SourceTask> {
    return S3SourceTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.#props, 'task.index': String(i), 'task.count': String(maxTasks) }));
  }

  stop(): void {}
}
