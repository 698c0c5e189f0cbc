import { SourceConnector, type ConnectorProps, type ExactlyOnceSupport } from '../../src/api/index.js';
import { TASK_COUNT_KEY, TASK_INDEX_KEY, XML_CONNECTOR_VERSION, xmlSourceConfigDef } from './xml-source-config.js';
import { XmlSourceTask } from './xml-source-task.js';

/** Splits XML documents into records; files are spread over tasks by a hash of their name. */
export class XmlSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return XML_CONNECTOR_VERSION;
  }

  config() {
    return xmlSourceConfigDef;
  }

  start(props: ConnectorProps): void {
    xmlSourceConfigDef.parse(props);
    this.#props = props;
  }

  taskClass() {
    return XmlSourceTask;
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    const n = Math.max(1, maxTasks);
    return Array.from({ length: n }, (_, i) => ({ ...this.#props, [TASK_INDEX_KEY]: String(i), [TASK_COUNT_KEY]: String(n) }));
  }

  stop(): void {}

  /** Offsets name exact positions in immutable files, so a restart neither skips nor repeats records. */
  override exactlyOnceSupport(props: ConnectorProps): ExactlyOnceSupport {
    const url = props['http.url'];
    return url === undefined || url === '' ? 'SUPPORTED' : 'UNSUPPORTED';
  }
}
