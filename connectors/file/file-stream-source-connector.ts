import {
  ConnectError,
  SourceConnector,
  type ConnectorProps,
  type ExactlyOnceSupport,
  type SourcePartitionOffset,
} from '../../src/api/index.js';
import { FILENAME_FIELD, FILE_CONNECTOR_VERSION, POSITION_FIELD, fileStreamSourceConfigDef } from './file-stream-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';

/** Streams lines of one file into a topic. One task, whatever `tasks.max` says (a file has one reader). */
export class FileStreamSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return FILE_CONNECTOR_VERSION;
  }

  config() {
    return fileStreamSourceConfigDef;
  }

  start(props: ConnectorProps): void {
    fileStreamSourceConfigDef.parse(props);
    this.#props = props;
  }

  taskClass() {
    return FileStreamSourceTask;
  }

  taskConfigs(_maxTasks: number): ConnectorProps[] {
    return [this.#props];
  }

  stop(): void {}

  override exactlyOnceSupport(props: ConnectorProps): ExactlyOnceSupport {
    const file = props['file'];
    return file !== undefined && file !== '' ? 'SUPPORTED' : 'UNSUPPORTED';
  }

  /** As Kafka's: any partition `{filename}` may be given an offset `{position: n ≥ 0}` or be reset. */
  override alterOffsets(_props: ConnectorProps, offsets: readonly SourcePartitionOffset[]): boolean {
    for (const { partition, offset } of offsets) {
      if (typeof partition[FILENAME_FIELD] !== 'string') {
        throw new ConnectError(`The partition ${JSON.stringify(partition)} must have a string "${FILENAME_FIELD}" key`);
      }
      if (offset === null) continue;
      const position = offset[POSITION_FIELD];
      if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
        throw new ConnectError(`The offset ${JSON.stringify(offset)} must have a non-negative integer "${POSITION_FIELD}" key`);
      }
    }
    return true;
  }
}
