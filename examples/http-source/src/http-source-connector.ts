import { SourceConnector, type ConnectorProps } from 'tributary';
import { HTTP_SOURCE_VERSION, httpSourceConfig } from './http-source-config.js';
import { HttpSourceTask } from './http-source-task.js';

/** One URL is one stream, so one task; the connector only checks and hands on the config. */
export class HttpSourceConnector extends SourceConnector {
  #props: ConnectorProps = {};

  version(): string {
    return HTTP_SOURCE_VERSION;
  }

  config() {
    return httpSourceConfig;
  }

  start(props: ConnectorProps): void {
    httpSourceConfig.parse(props); // fail fast with every bad key named
    this.#props = props;
  }

  taskClass() {
    return HttpSourceTask;
  }

  taskConfigs(_maxTasks: number): ConnectorProps[] {
    return [this.#props];
  }

  stop(): void {}
}
