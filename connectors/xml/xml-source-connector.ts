import { ConnectError, SourceConnector, type ConfigValue, type ConnectorProps, type ExactlyOnceSupport, type RawConfig } from '../../src/api/index.js';
import { TASK_COUNT_KEY, TASK_INDEX_KEY, XML_CONNECTOR_VERSION, xmlSourceConfigDef } from './xml-source-config.js';
import { XmlSourceTask } from './xml-source-task.js';

const NO_INPUT = 'XmlSource needs input.path (a directory of XML files) or http.url (or both)';

function hasInput(configs: RawConfig): boolean {
  const given = (k: string) => typeof configs[k] === 'string' && configs[k] !== '';
  return given('input.path') || given('http.url');
}

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
    if (!hasInput(props)) throw new ConnectError(NO_INPUT);
    this.#props = props;
  }

  /** The ConfigDef's checks plus one across keys: a directory or a URL must be given. */
  override validate(configs: RawConfig): ConfigValue[] {
    const values = xmlSourceConfigDef.validate(configs);
    if (!hasInput(configs)) values.find((v) => v.name === 'input.path')?.errors.push(NO_INPUT);
    return values;
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
