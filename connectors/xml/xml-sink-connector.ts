import { SinkConnector, type ConnectorProps } from '../../src/api/index.js';
import { xmlSinkConfigDef } from './xml-sink-config.js';
import { XML_CONNECTOR_VERSION } from './xml-source-config.js';
import { XmlSinkTask } from './xml-sink-task.js';

/** Writes records as XML files; every task gets the same config (partitions are spread by the consumer group). */
export class XmlSinkConnector extends SinkConnector {
  #props: ConnectorProps = {};

  version(): string {
    return XML_CONNECTOR_VERSION;
  }

  config() {
    return xmlSinkConfigDef;
  }

  start(props: ConnectorProps): void {
    xmlSinkConfigDef.parse(props);
    this.#props = props;
  }

  taskClass() {
    return XmlSinkTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: Math.max(1, maxTasks) }, () => ({ ...this.#props }));
  }

  stop(): void {}
}
