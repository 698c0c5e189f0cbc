import { SinkConnector, type ConnectorProps } from '../../src/api/index.js';
import { FILE_CONNECTOR_VERSION, fileStreamSinkConfigDef } from './file-stream-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';

/** Appends record values to a file, one line each. Like Kafka's, every task gets the same config. */
export class FileStreamSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return FILE_CONNECTOR_VERSION;
  }

  config() {
    return fileStreamSinkConfigDef;
  }

  start(props: ConnectorProps): void {
    fileStreamSinkConfigDef.parse(props);
    this.#props = props;
  }

  taskClass() {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, () => this.#props);
  }

  stop(): void {}

  /** Sink offsets live in Kafka only; the file needs no change. */
  override alterOffsets(): boolean {
    return true;
  }
}
