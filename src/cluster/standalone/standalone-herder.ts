/**
 * Standalone mode's herder (Kafka's StandaloneHerder): every connector and task runs on this one worker.
 * Connector configs live in memory — as in Kafka, a standalone worker gets them again from its command line
 * or over REST after a restart; only source offsets persist (offset.storage.file.filename).
 *
 * Every change runs through one queue (`#serial`), so a create, a pause and a task reconfiguration never
 * interleave; reads answer from the current snapshot without waiting.
 */
import { toConfigKeyInfo, type ConfigInfos, type ConfigKeyInfo } from '../../api/config/config-infos.js';
import { ConfigDef } from '../../api/config/define-config.js';
import type { Logger } from '../../api/logger.js';
import type { OverridePolicy } from '../../kafka/override-policy.js';
import type { PluginRegistry } from '../../plugins/plugin-registry.js';
import type { TaskId } from '../../runtime/status.js';
import { connectorConfigDefFor, connectorKind, invalidConfigError, validateConnectorConfig } from '../connector-validator.js';
import type {
  ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId, Herder, PluginInfo, PutConnectorOptions,
  PutConnectorResult, RestartOptions, ServerInfo, TargetState, TaskInfo, TaskState,
} from '../herder.js';
import { AlreadyExistsError, BadRequestError, NotFoundError } from '../herder-errors.js';
import { sinkOffsetChanges, sinkOffsetsJson } from '../offsets-request.js';
import type { HerderOffsetsAdmin, HerderWorker } from './herder-worker.js';

export interface StandaloneHerderOptions {
  readonly worker: HerderWorker;
  /** Offsets over REST; without it GET offsets answers source offsets only and PATCH/DELETE are refused. */
  readonly offsetsAdmin?: HerderOffsetsAdmin;
  readonly plugins: PluginRegistry;
  /** `host:port` shown as worker_id in statuses. */
  readonly workerId: string;
  readonly overridePolicy: OverridePolicy;
  /** Asked once, on the first GET /. */
  readonly kafkaClusterId: () => Promise<string>;
  readonly version: string;
  readonly commit: string;
  readonly log: Logger;
}

interface ConnectorEntry {
  config: Record<string, string>;
  targetState: TargetState;
  taskConfigs: Record<string, string>[];
  readonly type: 'source' | 'sink';
}

export class StandaloneHerder implements Herder {
  readonly #o: StandaloneHerderOptions;
  readonly #entries = new Map<string, ConnectorEntry>();
  #queue: Promise<unknown> = Promise.resolve();
  #clusterId: Promise<string> | undefined;
  #stopping = false;

  constructor(options: StandaloneHerderOptions) {
    this.#o = options;
  }

  /** Runs `fn` after every change queued before it. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #entry(name: string, message = `Connector ${name} not found`): ConnectorEntry {
    const e = this.#entries.get(name);
    if (e === undefined) throw new NotFoundError(message);
    return e;
  }

  async serverInfo(): Promise<ServerInfo> {
    this.#clusterId ??= this.#o.kafkaClusterId().catch((err: unknown) => {
      this.#clusterId = undefined; // ask again next time
      throw err;
    });
    return { version: this.#o.version, commit: this.#o.commit, kafka_cluster_id: await this.#clusterId };
  }

  async connectors(): Promise<string[]> {
    return [...this.#entries.keys()];
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    const e = this.#entry(name);
    return { name, config: { ...e.config }, tasks: e.taskConfigs.map((_, task) => ({ connector: name, task })), type: e.type };
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.#entry(name).config };
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const e = this.#entry(name, `No status found for connector ${name}`);
    const workerId = this.#o.workerId;
    const c = this.#o.worker.connectorState(name);
    const known = new Map(this.#o.worker.taskStates(name).map((t) => [t.id, t]));
    const tasks: TaskState[] = e.taskConfigs.map((_, id) => {
      const t = known.get(id);
      if (t === undefined) return { id, state: 'UNASSIGNED', worker_id: workerId };
      const metrics = this.#o.worker.taskMetrics?.({ connector: name, task: id }) ?? [];
      return metrics.length === 0 ? { id, ...stateJson(t) } : { id, ...stateJson(t), metrics };
    });
    return {
      name,
      connector: c === undefined ? { state: 'UNASSIGNED', worker_id: workerId } : stateJson(c),
      tasks,
      type: e.type,
    };
  }

  async taskStatus(id: ConnectorTaskId): Promise<TaskState> {
    const status = await this.connectorStatus(id.connector).catch(() => undefined);
    const task = status?.tasks.find((t) => t.id === id.task);
    if (task === undefined) throw new NotFoundError(`No status found for task ${id.connector}-${id.task}`);
    return task;
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    return this.#entry(name).taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  async validateConnectorConfig(config: Readonly<Record<string, string>>): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.#o.plugins, config, this.#o.overridePolicy)).infos;
  }

  putConnectorConfig(name: string, config: Readonly<Record<string, string>>, options: PutConnectorOptions): Promise<PutConnectorResult> {
    return this.#serial(() => this.#put(name, config, options));
  }

  patchConnectorConfig(name: string, patch: Readonly<Record<string, string | null>>): Promise<ConnectorInfo> {
    this.#entry(name);
    return this.#serial(async () => {
      const merged: Record<string, string> = { ...this.#entry(name).config };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      return (await this.#put(name, merged, { allowReplace: true })).info;
    });
  }

  async connectorActiveTopics(name: string): Promise<string[]> {
    this.#entry(name);
    return [...new Set(this.#o.worker.activeTopics?.(name) ?? [])].sort();
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.#entry(name);
    await this.#o.worker.resetActiveTopics?.(name);
  }

  async #put(name: string, config: Readonly<Record<string, string>>, options: PutConnectorOptions): Promise<PutConnectorResult> {
    const existing = this.#entries.get(name);
    if (existing !== undefined && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
    const result = await validateConnectorConfig(this.#o.plugins, config, this.#o.overridePolicy);
    if (Object.keys(result.errors).length > 0) throw invalidConfigError(result);
    if (existing !== undefined) await this.#stopConnectorAndTasks(name, existing);
    const entry: ConnectorEntry = {
      config: { ...config },
      targetState: existing?.targetState ?? options.initialState ?? 'RUNNING',
      taskConfigs: [],
      type: connectorKind(result.descriptor),
    };
    this.#entries.set(name, entry);
    this.#o.log.info({ connector: name, targetState: entry.targetState }, existing ? 'connector reconfigured' : 'connector created');
    await this.#startConnector(name, entry);
    return { created: existing === undefined, info: await this.connectorInfo(name) };
  }

  async deleteConnector(name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entry(name);
      await this.#stopConnectorAndTasks(name, e);
      this.#entries.delete(name);
      this.#o.worker.forgetStatus(name);
      // As Kafka: a deleted connector's active topics go too (a new one by that name starts afresh).
      await this.#o.worker.resetActiveTopics?.(name);
      this.#o.log.info({ connector: name }, 'connector deleted');
    });
  }

  async pauseConnector(name: string): Promise<void> {
    return this.#setTargetState(name, 'PAUSED');
  }

  async resumeConnector(name: string): Promise<void> {
    return this.#setTargetState(name, 'RUNNING');
  }

  async stopConnector(name: string): Promise<void> {
    return this.#setTargetState(name, 'STOPPED');
  }

  #setTargetState(name: string, target: TargetState): Promise<void> {
    this.#entry(name);
    return this.#serial(async () => {
      const e = this.#entry(name);
      const previous = e.targetState;
      if (previous === target) return;
      e.targetState = target;
      this.#o.log.info({ connector: name, from: previous, to: target }, 'connector target state changed');
      if (target === 'STOPPED') {
        // As Kafka's PUT /stop: no task configs while stopped; resume regenerates them.
        await this.#o.worker.stopTasks(this.#taskIds(name, e));
        e.taskConfigs = [];
        await this.#o.worker.setTargetState(name, 'STOPPED');
        return;
      }
      await this.#o.worker.setTargetState(name, target);
      // A connector that was stopped, or created paused (never started, so no task configs yet), gets its
      // tasks now — as Kafka only generates task configs for a started connector.
      if (e.taskConfigs.length === 0) await this.#updateTasks(name, e);
    });
  }

  async restartConnector(name: string, options: RestartOptions): Promise<ConnectorStateInfo | undefined> {
    const e = this.#entry(name, `Unknown connector: ${name}`);
    if (!options.includeTasks && !options.onlyFailed) {
      await this.#serial(async () => {
        const current = this.#entry(name, `Unknown connector: ${name}`);
        await this.#o.worker.stopConnector(name);
        await this.#startConnector(name, current);
      });
      return undefined;
    }
    const status = await this.connectorStatus(name);
    const restartConnector = !options.onlyFailed || status.connector.state === 'FAILED';
    const tasks = options.includeTasks
      ? status.tasks.filter((t) => !options.onlyFailed || t.state === 'FAILED').map((t) => t.id)
      : [];
    const planned: ConnectorStateInfo = {
      ...status,
      connector: restartConnector ? { state: 'RESTARTING', worker_id: status.connector.worker_id } : status.connector,
      tasks: status.tasks.map((t) => (tasks.includes(t.id) ? { id: t.id, state: 'RESTARTING', worker_id: t.worker_id } : t)),
    };
    // Kafka answers 202 with the plan and restarts in the background.
    void this.#serial(async () => {
      const current = this.#entries.get(name);
      if (current !== e) return; // deleted or replaced meanwhile
      const ids = tasks.filter((t) => t < current.taskConfigs.length).map((task) => ({ connector: name, task }));
      await this.#o.worker.stopTasks(ids);
      if (restartConnector) {
        await this.#o.worker.stopConnector(name);
        await this.#o.worker.startConnector(name, current.config, current.targetState);
      }
      for (const id of ids) await this.#startTask(id, current);
    }).catch((err: unknown) => this.#o.log.error({ connector: name, err }, 'restart failed'));
    return planned;
  }

  async restartTask(id: ConnectorTaskId): Promise<void> {
    const unknown = `Unknown task: ${id.connector}-${id.task}`;
    const e = this.#entry(id.connector, unknown);
    if (!(id.task >= 0 && id.task < e.taskConfigs.length)) throw new NotFoundError(unknown);
    return this.#serial(async () => {
      const current = this.#entry(id.connector, unknown);
      if (id.task >= current.taskConfigs.length) throw new NotFoundError(unknown);
      await this.#o.worker.stopTasks([id]);
      await this.#startTask(id, current);
    });
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const e = this.#entry(name);
    if (e.type === 'sink') {
      if (this.#o.offsetsAdmin === undefined) throw new BadRequestError('Reading sink connector offsets is not available on this worker');
      return sinkOffsetsJson(await this.#o.offsetsAdmin.sinkOffsets(name, e.config));
    }
    return { offsets: await this.#o.worker.sourceOffsets(name) };
  }

  alterConnectorOffsets(name: string, offsets: ConnectorOffsets['offsets']): Promise<string> {
    return this.#serial(async () => {
      const { e, admin } = this.#stoppedForOffsets(name);
      if (e.type === 'sink') await admin.alterSinkOffsets(name, e.config, sinkOffsetChanges(offsets));
      else await admin.alterSourceOffsets(name, e.config, offsets);
      return 'The offsets for this connector have been altered successfully';
    });
  }

  resetConnectorOffsets(name: string): Promise<string> {
    return this.#serial(async () => {
      const { e, admin } = this.#stoppedForOffsets(name);
      if (e.type === 'sink') await admin.resetSinkOffsets(name, e.config);
      else await admin.resetSourceOffsets(name, e.config);
      return 'The offsets for this connector have been reset successfully';
    });
  }

  /** Kafka's precondition for changing offsets: the connector exists and is STOPPED (no tasks running). */
  #stoppedForOffsets(name: string): { e: ConnectorEntry; admin: HerderOffsetsAdmin } {
    const e = this.#entry(name);
    if (e.targetState !== 'STOPPED' || this.#o.worker.taskIds(name).length > 0) {
      throw new BadRequestError(
        'Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the ' +
          `specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
    if (this.#o.offsetsAdmin === undefined) throw new BadRequestError('Changing connector offsets is not available on this worker');
    return { e, admin: this.#o.offsetsAdmin };
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#o.plugins.list(connectorsOnly ? ['source', 'sink'] : undefined).map((d) => ({
      class: d.className,
      type: d.kind,
      ...(d.version && d.version !== 'undefined' ? { version: d.version } : {}),
    }));
  }

  pluginConfig(plugin: string): ConfigKeyInfo[] {
    const d = this.#o.plugins.find(plugin);
    if (d === undefined) throw new NotFoundError(`Unknown plugin ${plugin}.`);
    if (d.kind === 'source' || d.kind === 'sink') return connectorConfigDefFor(d).keys.map((k) => toConfigKeyInfo(k));
    return d.configDef instanceof ConfigDef ? (d.configDef as ConfigDef<object>).keys.map((k) => toConfigKeyInfo(k)) : [];
  }

  /** A connector asked for new task configs (`requestTaskReconfiguration`): restart its tasks if they changed. */
  requestTaskReconfiguration(name: string): Promise<void> {
    return this.#serial(async () => {
      const e = this.#entries.get(name);
      if (e === undefined || e.targetState === 'STOPPED' || this.#stopping) return;
      await this.#updateTasks(name, e);
    }).catch((err: unknown) => this.#o.log.error({ connector: name, err }, 'task reconfiguration failed'));
  }

  /** Stops every task and connector (the worker's graceful timeout applies); later requests find nothing. */
  stop(): Promise<void> {
    this.#stopping = true;
    return this.#serial(async () => {
      const ids = [...this.#entries].flatMap(([name, e]) => this.#taskIds(name, e));
      await this.#o.worker.stopTasks(ids);
      for (const name of this.#entries.keys()) await this.#o.worker.stopConnector(name);
      this.#entries.clear();
    });
  }

  async #startConnector(name: string, e: ConnectorEntry): Promise<void> {
    const state = await this.#o.worker.startConnector(name, e.config, e.targetState);
    if (state === 'FAILED' || e.targetState === 'STOPPED') return;
    await this.#updateTasks(name, e);
  }

  /** Kafka's updateConnectorTasks: ask the connector for task configs; if they differ, replace the tasks. */
  async #updateTasks(name: string, e: ConnectorEntry): Promise<void> {
    const maxTasks = Number(e.config['tasks.max'] ?? '1');
    let next: Record<string, string>[];
    try {
      next = await this.#o.worker.connectorTaskConfigs(name, Number.isInteger(maxTasks) && maxTasks > 0 ? maxTasks : 1);
    } catch (err) {
      this.#o.log.error({ connector: name, err }, 'could not compute task configs');
      return;
    }
    if (sameConfigs(next, e.taskConfigs) && this.#o.worker.taskIds(name).length === next.length) return;
    await this.#o.worker.stopTasks(this.#taskIds(name, e));
    e.taskConfigs = next;
    // As Kafka's worker, starting tasks does not hold up the request that caused it (a task whose start() keeps
    // retrying a database would otherwise time out POST /connectors). The start is queued after the current
    // change; anything queued meanwhile that replaced the connector or its task configs wins.
    void this.#serial(async () => {
      if (this.#stopping || this.#entries.get(name) !== e || e.taskConfigs !== next) return;
      const running = new Set(this.#o.worker.taskIds(name).map((t) => t.task));
      for (let task = 0; task < next.length; task++) {
        if (e.taskConfigs !== next) return;
        if (!running.has(task)) await this.#startTask({ connector: name, task }, e);
      }
    }).catch((err: unknown) => this.#o.log.error({ connector: name, err }, 'starting tasks failed'));
  }

  async #startTask(id: TaskId, e: ConnectorEntry): Promise<void> {
    const taskConfig = e.taskConfigs[id.task];
    if (taskConfig === undefined) return;
    await this.#o.worker.startTask(id, e.config, taskConfig, e.targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING');
  }

  async #stopConnectorAndTasks(name: string, e: ConnectorEntry): Promise<void> {
    await this.#o.worker.stopTasks(this.#taskIds(name, e));
    await this.#o.worker.stopConnector(name);
  }

  #taskIds(name: string, e: ConnectorEntry): TaskId[] {
    return e.taskConfigs.map((_, task) => ({ connector: name, task }));
  }
}

function stateJson(s: { state: string; workerId: string; trace?: string }): { state: string; worker_id: string; trace?: string } {
  return s.trace ? { state: s.state, worker_id: s.workerId, trace: s.trace } : { state: s.state, worker_id: s.workerId };
}

function sameConfigs(a: readonly Record<string, string>[], b: readonly Record<string, string>[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length || keys.some((k) => x[k] !== y[k])) return false;
  }
  return true;
}
