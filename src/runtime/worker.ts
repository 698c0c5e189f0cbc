/**
 * The Worker runs connector instances and tasks in this process for a herder (src/cluster). It decides
 * nothing about placement; it starts, stops and re-targets what it is told to and reports every state change
 * through `onStatus`. See README.md in this folder for the API contract.
 */
import pino from 'pino';
import { ConnectError } from '../api/errors.js';
import type { ConfigDef } from '../api/config/define-config.js';
import type { Logger } from '../api/logger.js';
import type { SourcePartitionOffset } from '../api/offset-storage-reader.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from '../config/connector-config.js';
import type { ConfigProvider } from '../config/providers/config-provider.js';
import { loadConfigProviders } from '../config/providers/load-config-providers.js';
import { hasReferences, resolveConfig } from '../config/providers/resolve-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { connectorOffsets } from '../storage/connector-offsets.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { StoreOffsetReader } from '../storage/store-offset-reader.js';
import type { Clock } from './clock.js';
import { fullTrace } from './errors/error-reporter.js';
import { taskKey, type State, type Status, type StatusChange, type StatusListener, type TargetState, type TaskId } from './status.js';
import { buildTask, connectorInstance } from './task-builder.js';
import type { TaskGaugeValue } from './task-gauges.js';
import { workerConfigDef, type WorkerConfig } from './worker-config.js';
import { WorkerConnector } from './worker-connector.js';
import { ConnectorOffsetsAdmin } from './connector-offsets-admin.js';
import { MemoryTopicStatusStore, TopicTracker, type TopicStatusStore } from './topic-tracker.js';
import type { WorkerTask } from './worker-task.js';

export interface WorkerOptions {
  /** Shown in status as worker_id (host:port of the REST listener). */
  readonly workerId: string;
  /** Raw worker properties (strings). */
  readonly workerConfig: Readonly<Record<string, string>>;
  readonly plugins: PluginRegistry;
  readonly offsetStore: OffsetBackingStore;
  /** Root logger (pino); connectors and tasks get `{ connector, task }` children. */
  readonly log?: Logger;
  readonly onStatus?: StatusListener;
  /** A connector called requestTaskReconfiguration(): the herder should recompute its task configs. */
  readonly onTaskReconfiguration?: (connector: string) => void;
  /** Defaults to the providers named by `config.providers` in the worker config. */
  readonly configProviders?: ReadonlyMap<string, ConfigProvider>;
  readonly clock?: Clock;
  /**
   * Where active topics (KIP-558) are recorded: the status store in distributed mode (StatusStore fits), so
   * every worker sees them. Default: in memory.
   */
  readonly topicStatusStore?: TopicStatusStore;
}

export type TaskStatus = Status & { readonly id: number };

export class Worker {
  readonly workerId: string;
  readonly config: WorkerConfig;
  readonly log: Logger;
  /** Read/alter/reset connector offsets (REST /connectors/{name}/offsets); the connector should be STOPPED. */
  readonly offsets: ConnectorOffsetsAdmin;
  readonly #o: WorkerOptions;
  readonly #providers: ReadonlyMap<string, ConfigProvider>;
  readonly #connectors = new Map<string, WorkerConnector>();
  readonly #connectorListeners = new Map<string, StatusListener>();
  readonly #tasks = new Map<string, WorkerTask>();
  readonly #status = new Map<string, StatusChange>();
  readonly #topics: TopicTracker;
  #started = false;
  #stopped?: Promise<void>;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.workerId = options.workerId;
    this.config = workerConfigDef.parse(options.workerConfig);
    this.log = options.log ?? pino({ name: 'tributary' });
    this.#providers = options.configProviders ?? loadConfigProviders(options.workerConfig);
    this.offsets = new ConnectorOffsetsAdmin(options.workerConfig, options.plugins, options.offsetStore, this.log);
    this.#topics = new TopicTracker(options.topicStatusStore ?? new MemoryTopicStatusStore(), this.config['topic.tracking.enable'], this.log);
  }

  async start(): Promise<void> {
    if (this.#stopped) throw new ConnectError('worker was stopped; create a new one', { code: 'TRIB_LIFECYCLE' });
    if (this.#started) return;
    await this.#o.offsetStore.start();
    this.#started = true;
    this.log.info({ workerId: this.workerId }, 'Worker started');
  }

  /** Stops every task (gracefully, within task.shutdown.graceful.timeout.ms in total), then connectors, then the store. */
  stop(): Promise<void> {
    return (this.#stopped ??= (async () => {
      const ids = this.taskIds();
      await this.stopTasks(ids);
      for (const name of [...this.#connectors.keys()]) await this.stopConnector(name);
      await this.#o.offsetStore.stop();
      for (const p of this.#providers.values()) await p.close?.();
      this.log.info('Worker stopped');
    })());
  }

  // ---- connectors ----------------------------------------------------------------------------------

  async startConnector(
    name: string,
    rawConfig: Readonly<Record<string, string>>,
    targetState: TargetState,
    onStateChange?: StatusListener,
  ): Promise<State> {
    if (this.#connectors.has(name)) throw new ConnectError(`Connector ${name} is already running on this worker`, { code: 'TRIB_CONNECTOR_EXISTS' });
    if (onStateChange) this.#connectorListeners.set(name, onStateChange);
    const log = this.log.child({ connector: name });
    const report = (state: State, trace?: string) => this.#report({ connector: name, state, workerId: this.workerId, ...(trace ? { trace } : {}) });
    let wc: WorkerConnector;
    try {
      const config = await this.#resolve(rawConfig);
      this.#rawConfigs.set(config, rawConfig);
      const { connector, className } = connectorInstance(this.#o.plugins, config['connector.class'] ?? '');
      const def = (connector.kind === 'sink' ? sinkConnectorConfigDef : sourceConnectorConfigDef).merge(connector.config());
      def.parse(config); // throws a ConfigError listing every bad key
      wc = new WorkerConnector({
        name,
        connector,
        className,
        config,
        log,
        offsetReader: new StoreOffsetReader(this.#o.offsetStore, name),
        onStatus: report,
        onReconfigure: () => this.#o.onTaskReconfiguration?.(name),
      });
    } catch (err) {
      log.error({ err }, 'Failed to start connector');
      report('FAILED', fullTrace(err));
      return 'FAILED';
    }
    this.#connectors.set(name, wc);
    return wc.transitionTo(targetState);
  }

  /** The connector's task configs (≤ maxTasks), each with `task.class`; for sinks also `topics`/`topics.regex`. */
  async connectorTaskConfigs(name: string, maxTasks: number): Promise<Record<string, string>[]> {
    const wc = this.#requireConnector(name);
    // Kafka's herder skips the task update of a connector that is not running; throwing (rather than returning
    // no configs) keeps a herder from mistaking "paused" for "wants zero tasks".
    if (!wc.isRunning) {
      throw new ConnectError(`Connector ${name} is not running (${wc.state}); its task configs cannot be computed now`, { code: 'TRIB_CONNECTOR_NOT_RUNNING' });
    }
    let configs = await wc.taskConfigs(maxTasks);
    if (configs.length > maxTasks) {
      if ((wc.config['tasks.max.enforce'] ?? 'true').trim().toLowerCase() !== 'false') {
        throw new ConnectError(`Connector ${name} returned ${configs.length} task configs but tasks.max is ${maxTasks}`, { code: 'TRIB_TOO_MANY_TASKS' });
      }
      wc.log.warn({ returned: configs.length, maxTasks }, 'connector returned more task configs than tasks.max; ignoring the rest');
      configs = configs.slice(0, maxTasks);
    }
    const taskClass = wc.connector.taskClass().name;
    return configs.map((c) => {
      const out: Record<string, string> = { ...c, 'task.class': taskClass };
      if (wc.kind === 'sink') {
        if (wc.config['topics'] !== undefined) out['topics'] = wc.config['topics'];
        if (wc.config['topics.regex'] !== undefined) out['topics.regex'] = wc.config['topics.regex'];
      }
      return this.#unresolve(out, wc.config);
    });
  }

  async stopConnector(name: string): Promise<void> {
    const wc = this.#connectors.get(name);
    if (!wc) return;
    await wc.shutdown();
    this.#connectors.delete(name);
    this.#connectorListeners.delete(name);
  }

  /** True when the connector is started (target RUNNING and not failed). */
  isConnectorRunning(name: string): boolean {
    return this.#connectors.get(name)?.isRunning ?? false;
  }

  /** RUNNING / PAUSED / STOPPED for the connector and (RUNNING/PAUSED) its tasks on this worker. */
  async setTargetState(name: string, state: TargetState): Promise<void> {
    const wc = this.#connectors.get(name);
    if (wc) await wc.transitionTo(state);
    if (state !== 'STOPPED') for (const t of this.#tasksOf(name)) t.transitionTo(state);
  }

  pauseConnector(name: string): Promise<void> {
    return this.setTargetState(name, 'PAUSED');
  }

  resumeConnector(name: string): Promise<void> {
    return this.setTargetState(name, 'RUNNING');
  }

  // ---- tasks ---------------------------------------------------------------------------------------

  /** Builds and starts a task; false (and FAILED reported) when it could not start. */
  async startTask(id: TaskId, connectorConfig: Readonly<Record<string, string>>, taskConfig: Readonly<Record<string, string>>, targetState: TargetState): Promise<boolean> {
    const key = taskKey(id);
    if (this.#tasks.has(key)) throw new ConnectError(`Task ${key} is already running on this worker`, { code: 'TRIB_TASK_EXISTS' });
    const log = this.log.child({ connector: id.connector, task: id.task });
    const report = (state: State, trace?: string) =>
      this.#report({ connector: id.connector, task: id.task, state, workerId: this.workerId, ...(trace ? { trace } : {}) });
    let task: WorkerTask;
    try {
      const [cc, tc] = await Promise.all([this.#resolve(connectorConfig), this.#resolve(taskConfig)]);
      task = await buildTask({
        id,
        connectorConfig: cc,
        taskConfig: tc,
        workerProps: this.#o.workerConfig,
        worker: this.config,
        plugins: this.#o.plugins,
        offsetStore: this.#o.offsetStore,
        log,
        initialTarget: targetState === 'STOPPED' ? 'PAUSED' : targetState,
        onStatus: report,
        maxInFlight: this.config['source.max.in.flight.records'],
        onTopic: (topic) => this.#topics.record(id.connector, topic, id.task),
        ...(this.#o.clock ? { clock: this.#o.clock } : {}),
      });
    } catch (err) {
      log.error({ err }, 'Failed to start task');
      report('FAILED', fullTrace(err));
      return false;
    }
    this.#tasks.set(key, task);
    void task.run().finally(() => {
      if (this.#tasks.get(key) === task) this.#tasks.delete(key);
    });
    await task.whenStarted;
    return task.state === 'RUNNING' || task.state === 'PAUSED';
  }

  stopTask(id: TaskId): Promise<void> {
    return this.stopTasks([id]);
  }

  /**
   * Signals every task, then waits for them; the total wait is bounded by task.shutdown.graceful.timeout.ms,
   * after which the rest are cancelled (abandoned without a final commit).
   */
  async stopTasks(ids: readonly TaskId[]): Promise<void> {
    const tasks = ids.map((id) => this.#tasks.get(taskKey(id))).filter((t): t is WorkerTask => t !== undefined);
    for (const t of tasks) t.stop();
    const deadline = Date.now() + this.config['task.shutdown.graceful.timeout.ms'];
    for (const t of tasks) {
      if (!(await t.awaitStop(deadline - Date.now()))) {
        this.log.warn({ connector: t.id.connector, task: t.id.task }, 'Graceful stop of task failed within task.shutdown.graceful.timeout.ms; cancelling it');
        t.cancel(); // abandoned: its resources close when its pending plugin call returns
      }
      if (this.#tasks.get(taskKey(t.id)) === t) this.#tasks.delete(taskKey(t.id));
    }
  }

  markRestarting(name: string, tasks?: readonly number[]): void {
    const wc = this.#connectors.get(name);
    if (tasks === undefined) {
      if (wc) wc.markRestarting();
      else this.#report({ connector: name, state: 'RESTARTING', workerId: this.workerId });
      return;
    }
    for (const task of tasks) this.#report({ connector: name, task, state: 'RESTARTING', workerId: this.workerId });
  }

  // ---- queries ---------------------------------------------------------------------------------------

  connectorState(name: string): Status | undefined {
    return this.#status.get(name);
  }

  taskState(id: TaskId): Status | undefined {
    return this.#status.get(`${id.connector}\0${id.task}`);
  }

  taskStates(name: string): TaskStatus[] {
    const out: TaskStatus[] = [];
    for (const s of this.#status.values()) {
      if (s.connector === name && s.task !== undefined) out.push({ id: s.task, state: s.state, workerId: s.workerId, ...(s.trace ? { trace: s.trace } : {}) });
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** The running task object (diagnostics and tests: WorkerSourceTask/WorkerSinkTask expose `stats`). */
  task(id: TaskId): WorkerTask | undefined {
    return this.#tasks.get(taskKey(id));
  }

  /** The gauges a running task set through `context.metrics` (empty once it stopped). */
  taskMetrics(id: TaskId): TaskGaugeValue[] {
    return this.#tasks.get(taskKey(id))?.metrics.values() ?? [];
  }

  connectorNames(): string[] {
    return [...this.#connectors.keys()];
  }

  taskIds(connector?: string): TaskId[] {
    return [...this.#tasks.values()].map((t) => t.id).filter((id) => connector === undefined || id.connector === connector);
  }

  isSinkConnector(name: string): boolean {
    return this.#requireConnector(name).kind === 'sink';
  }

  /** The framework keys plus the plugin's own (for REST validate and docs). */
  connectorConfigDef(connectorClass: string): ConfigDef<object> {
    const { connector } = connectorInstance(this.#o.plugins, connectorClass);
    return (connector.kind === 'sink' ? sinkConnectorConfigDef : sourceConnectorConfigDef).merge(connector.config()) as ConfigDef<object>;
  }

  sourceOffsets(connector: string): Promise<SourcePartitionOffset[]> {
    return connectorOffsets(this.#o.offsetStore, connector);
  }

  /** Topics the connector's tasks produced to or consumed from since creation or the last reset (KIP-558), sorted. */
  activeTopics(connector: string): string[] {
    return this.#topics.activeTopics(connector);
  }

  /** Forgets the connector's active topics (tombstones in the status topic when it has one). */
  resetActiveTopics(connector: string): Promise<void> {
    return this.#topics.reset(connector);
  }

  /** Forgets the last reported status of a deleted connector and its tasks. */
  forgetStatus(name: string): void {
    for (const [k, s] of this.#status) if (s.connector === name) this.#status.delete(k);
  }

  // ---- internals -------------------------------------------------------------------------------------

  #report(change: StatusChange): void {
    this.#status.set(change.task === undefined ? change.connector : `${change.connector}\0${change.task}`, change);
    try {
      this.#o.onStatus?.(change);
      this.#connectorListeners.get(change.connector)?.(change);
    } catch (err) {
      this.log.warn({ err }, 'status listener threw');
    }
  }

  #tasksOf(connector: string): WorkerTask[] {
    return [...this.#tasks.values()].filter((t) => t.id.connector === connector);
  }

  #requireConnector(name: string): WorkerConnector {
    const wc = this.#connectors.get(name);
    if (!wc) throw new ConnectError(`Connector ${name} is not running on this worker`, { code: 'TRIB_CONNECTOR_NOT_FOUND' });
    return wc;
  }

  async #resolve(raw: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    if (!Object.values(raw).some((v) => typeof v === 'string' && hasReferences(v))) return { ...raw };
    return resolveConfig(raw, this.#providers);
  }

  /**
   * Kafka's reverseTransform: a task config value that equals a resolved connector value whose raw form held
   * `${…}` references goes back to the reference, so secrets never reach stored task configs.
   */
  #unresolve(taskConfig: Record<string, string>, resolved: Readonly<Record<string, string>>): Record<string, string> {
    const raw = this.#rawConfigs.get(resolved);
    if (!raw) return taskConfig;
    for (const [k, v] of Object.entries(taskConfig)) {
      const r = raw[k];
      if (r !== undefined && r !== v && hasReferences(r) && resolved[k] === v) taskConfig[k] = r;
    }
    return taskConfig;
  }
  readonly #rawConfigs = new WeakMap<object, Readonly<Record<string, string>>>();
}
