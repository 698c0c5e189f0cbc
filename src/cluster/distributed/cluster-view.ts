/**
 * The read side of the distributed herder: every worker answers for the whole cluster from its own view of
 * the config and status topics (and the offsets topic / sink consumer groups for offsets). The reads Kafka
 * Connect checks against a pending rebalance (info, config, task configs) answer 409 then.
 */
import { toConfigKeyInfo, type ConfigInfos, type ConfigKeyInfo } from '../../api/config/config-infos.js';
import { ConfigDef } from '../../api/config/define-config.js';
import type { OverridePolicy } from '../../kafka/override-policy.js';
import type { PluginRegistry } from '../../plugins/plugin-registry.js';
import type { State } from '../../runtime/status.js';
import type { ConfigStore } from '../../storage/config-store.js';
import type { StatusStore } from '../../storage/status-store.js';
import { connectorConfigDefFor, connectorKind, validateConnectorConfig } from '../connector-validator.js';
import type { ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId, PluginInfo, ServerInfo, TaskInfo, TaskState } from '../herder.js';
import { BadRequestError, NotFoundError } from '../herder-errors.js';
import { sinkOffsetsJson } from '../offsets-request.js';
import type { HerderOffsetsAdmin, HerderWorker } from '../standalone/herder-worker.js';
import type { RebalanceState } from './rebalance-state.js';

export interface ClusterViewOptions {
  readonly worker: Pick<HerderWorker, 'activeTopics' | 'sourceOffsets'>;
  readonly offsetsAdmin: HerderOffsetsAdmin;
  readonly configStore: ConfigStore;
  readonly statusStore: StatusStore;
  readonly plugins: PluginRegistry;
  readonly overridePolicy: OverridePolicy;
  readonly kafkaClusterId: () => Promise<string>;
  readonly version: string;
  readonly commit: string;
}

export class ClusterView {
  protected readonly o: ClusterViewOptions;
  protected readonly rebalance: RebalanceState;
  #clusterId?: Promise<string>;

  constructor(options: ClusterViewOptions, rebalance: RebalanceState) {
    this.o = options;
    this.rebalance = rebalance;
  }

  async serverInfo(): Promise<ServerInfo> {
    this.#clusterId ??= this.o.kafkaClusterId().catch((err: unknown) => {
      this.#clusterId = undefined;
      throw err;
    });
    return { version: this.o.version, commit: this.o.commit, kafka_cluster_id: await this.#clusterId };
  }

  async connectors(): Promise<string[]> {
    await this.o.configStore.readToEnd();
    return [...this.o.configStore.snapshot().connectors.keys()];
  }

  protected config(name: string, message = `Connector ${name} not found`): Record<string, string> {
    const c = this.o.configStore.snapshot().connectors.get(name);
    if (c === undefined) throw new NotFoundError(message);
    return { ...c };
  }

  protected type(config: Readonly<Record<string, string>>): 'source' | 'sink' | 'unknown' {
    const d = this.o.plugins.find(config['connector.class'] ?? '');
    return d === undefined ? 'unknown' : connectorKind(d);
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    this.rebalance.check();
    return this.connectorInfoUnchecked(name);
  }

  /** Info from the current view without the rebalance check: what Kafka's `GET /connectors?expand=info` lists. */
  connectorInfoUnchecked(name: string): ConnectorInfo {
    const config = this.config(name);
    const tasks = this.o.configStore.snapshot().tasks.get(name) ?? [];
    return { name, config, tasks: tasks.map((_, task) => ({ connector: name, task })), type: this.type(config) };
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    this.rebalance.check();
    return this.config(name);
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const config = this.config(name, `No status found for connector ${name}`);
    const st = this.o.statusStore;
    const c = st.get({ connector: name });
    const known = st.tasks(name);
    const count = this.o.configStore.snapshot().tasks.get(name)?.length ?? 0;
    const tasks: TaskState[] = [];
    for (let id = 0; id < count; id++) {
      const t = known.get(id);
      tasks.push(t === undefined ? { id, state: 'UNASSIGNED', worker_id: '' } : { id, ...stateJson(t.state, t.workerId, t.trace), ...(t.metrics?.length ? { metrics: t.metrics } : {}) });
    }
    return { name, connector: c === undefined ? { state: 'UNASSIGNED', worker_id: '' } : stateJson(c.state, c.workerId, c.trace), tasks, type: this.type(config) };
  }

  async taskStatus(id: ConnectorTaskId): Promise<TaskState> {
    const status = await this.connectorStatus(id.connector).catch(() => undefined);
    const task = status?.tasks.find((t) => t.id === id.task);
    if (task === undefined) throw new NotFoundError(`No status found for task ${id.connector}-${id.task}`);
    return task;
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    this.rebalance.check();
    this.config(name);
    return (this.o.configStore.snapshot().tasks.get(name) ?? []).map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  async validateConnectorConfig(config: Readonly<Record<string, string>>): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.o.plugins, config, this.o.overridePolicy)).infos;
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return this.o.plugins.list(connectorsOnly ? ['source', 'sink'] : undefined).map((d) => ({
      class: d.className,
      type: d.kind,
      ...(d.version && d.version !== 'undefined' ? { version: d.version } : {}),
    }));
  }

  pluginConfig(plugin: string): ConfigKeyInfo[] {
    const d = this.o.plugins.find(plugin);
    if (d === undefined) throw new NotFoundError(`Unknown plugin ${plugin}.`);
    if (d.kind === 'source' || d.kind === 'sink') return connectorConfigDefFor(d).keys.map((k) => toConfigKeyInfo(k));
    return d.configDef instanceof ConfigDef ? (d.configDef as ConfigDef<object>).keys.map((k) => toConfigKeyInfo(k)) : [];
  }

  async connectorActiveTopics(name: string): Promise<string[]> {
    this.config(name);
    return [...new Set(this.o.worker.activeTopics?.(name) ?? [])].sort();
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.config(name);
    await this.o.statusStore.deleteTopics(name);
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const config = this.config(name);
    if (this.type(config) === 'sink') return sinkOffsetsJson(await this.o.offsetsAdmin.sinkOffsets(name, config));
    return { offsets: await this.o.worker.sourceOffsets(name) };
  }

  protected stoppedForOffsets(name: string): Record<string, string> {
    const config = this.config(name);
    const snap = this.o.configStore.snapshot();
    if (snap.targetStates.get(name) !== 'STOPPED' || (snap.tasks.get(name)?.length ?? 0) > 0) {
      throw new BadRequestError(
        'Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the ' +
          `specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
    return config;
  }

}

function stateJson(state: State, workerId: string, trace: string | null | undefined) {
  return { state, worker_id: workerId, ...(trace ? { trace } : {}) };
}
