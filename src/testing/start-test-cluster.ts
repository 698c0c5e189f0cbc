/**
 * An in-process Connect cluster for plugin tests: the embedded broker on a free port (in memory) and one
 * standalone worker — the real Worker and StandaloneHerder, as `tributary standalone` runs them — with the
 * plugins under test registered beside the built-ins. Optional REST listener on a free port.
 *
 * Every cluster is one standalone worker; a `workers: N` option starting distributed workers
 * (src/cli-distributed.ts) is the natural next step.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Logger } from '../api/logger.js';
import type { PluginDescriptor } from '../api/plugin-descriptor.js';
import { defaultBrokerLogger, startBroker, type RunningBroker } from '../broker/index.js';
import type { ConnectorStateInfo, TaskState } from '../cluster/herder.js';
import { StandaloneHerder } from '../cluster/standalone/standalone-herder.js';
import { createWorkerMetrics } from '../metrics/worker-metrics.js';
import { loadPlugins } from '../plugins/load-plugins.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { startRestServer, type RunningRestServer } from '../rest/rest-server.js';
import type { RecordAck } from '../kafka/kafka-record.js';
import { ConnectorOffsetsAdmin } from '../runtime/connector-offsets-admin.js';
import { Worker } from '../runtime/worker.js';
import { MemoryOffsetStore } from '../storage/memory-offset-store.js';
import { consumeRecords, produceRecords, type ConsumedRecord, type TestRecord } from './record-io.js';
import { resolveConverter, type ConverterSpec } from './resolve-converter.js';
import { waitUntil } from './wait-until.js';

export interface TestClusterOptions {
  /** Plugin descriptors to register beside the built-ins (what your package's `descriptors` exports). */
  readonly plugins?: readonly PluginDescriptor[];
  /** `plugin.path` entries: package directories, or directories of packages, loaded as a worker loads them. */
  readonly pluginPath?: readonly string[];
  /** Extra worker properties (e.g. `offset.flush.interval.ms`); `bootstrap.servers` is set for you. */
  readonly workerProps?: Readonly<Record<string, string>>;
  /** Start the Kafka Connect REST API (with `GET /metrics`) on a free port (`restUrl`). Default false. */
  readonly rest?: boolean;
  /** Default: a silent pino logger. */
  readonly log?: Logger;
}

export interface ProduceOptions {
  readonly converter?: ConverterSpec;
  readonly keyConverter?: ConverterSpec;
}

export interface ConsumeOptions {
  /** Waits for exactly this many records. */
  readonly count: number;
  readonly converter?: ConverterSpec;
  readonly keyConverter?: ConverterSpec;
  /** Default 20 s. */
  readonly timeoutMs?: number;
}

export interface TestCluster {
  /** `host:port` of the embedded broker. */
  readonly bootstrap: string;
  readonly broker: RunningBroker;
  /** The current worker and herder (new objects after `restartWorker`). */
  readonly worker: Worker;
  readonly herder: StandaloneHerder;
  readonly plugins: PluginRegistry;
  /**
   * Stops the worker gracefully (tasks commit their offsets) and starts a fresh one on the same broker and
   * offsets, re-creating every connector from its config: how a test shows a source resumes after a restart.
   */
  restartWorker(): Promise<void>;
  /** Set when started with `rest: true`. */
  readonly restUrl: string | undefined;
  /** Creates a connector (as POST /connectors); `name` is added to the config. Rejects on invalid config. */
  createConnector(name: string, config: Readonly<Record<string, string>>): Promise<void>;
  /** Replaces a connector's config (as PUT /connectors/{name}/config). */
  updateConnector(name: string, config: Readonly<Record<string, string>>): Promise<void>;
  deleteConnector(name: string): Promise<void>;
  status(name: string): Promise<ConnectorStateInfo>;
  /** Waits until the connector is in `state` (RUNNING, PAUSED, STOPPED, FAILED, …); returns its status. */
  waitForConnectorState(name: string, state: string, timeoutMs?: number): Promise<ConnectorStateInfo>;
  /** Waits until task `task` of the connector is in `state`; returns that task's status (with `trace` if FAILED). */
  waitForTaskState(name: string, task: number, state: string, timeoutMs?: number): Promise<TaskState>;
  /** Produces records (strings/bytes as is, or Connect data through `converter`); returns where they landed. */
  produce(topic: string, records: readonly (TestRecord | string)[], options?: ProduceOptions): Promise<RecordAck[]>;
  /** Reads `topic` from the beginning (fresh consumer group) until `count` records arrived. */
  consume(topic: string, options: ConsumeOptions): Promise<ConsumedRecord[]>;
  /** Reads `count` dead-letter records (raw bytes; `headers` carry the `__connect.errors.*` context). */
  readDlq(topic: string, options: { count: number; timeoutMs?: number }): Promise<ConsumedRecord[]>;
  /** Stops connectors and tasks (committing offsets), the worker, REST and the broker. Idempotent. */
  close(): Promise<void>;
}

interface RunningWorker {
  readonly worker: Worker;
  readonly herder: StandaloneHerder;
  stop(): Promise<void>;
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const log: Logger = options.log ?? pino({ level: 'silent' });
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    let first: unknown;
    for (const close of closers.reverse()) {
      await close().catch((err: unknown) => {
        first ??= err;
      });
    }
    if (first !== undefined) throw first;
  };
  try {
    const broker = await startBroker({
      host: '127.0.0.1', port: 0, dataDir: null, groupInitialRebalanceDelayMs: 0, minSessionTimeoutMs: 1000,
      logger: defaultBrokerLogger('error'),
    });
    closers.push(() => broker.close());

    const plugins = await loadPlugins({ pluginPath: options.pluginPath ?? [] });
    for (const d of options.plugins ?? []) plugins.register(d, 'startTestCluster({ plugins })');

    // Short intervals keep tests quick; workerProps can override any of them.
    const props: Record<string, string> = {
      'offset.flush.interval.ms': '200',
      ...options.workerProps,
      'bootstrap.servers': broker.bootstrap,
    };
    const rest: RunningRestServer | undefined = options.rest ? await startRestServer({ log, host: '127.0.0.1', port: 0 }) : undefined;
    if (rest) closers.push(() => rest.close());
    const workerId = rest ? `127.0.0.1:${rest.port}` : `test-worker-${randomUUID().slice(0, 8)}`;

    // Offsets outlive a worker restart (same process), as the offsets file or topic would.
    const offsetStore = new MemoryOffsetStore();
    const startWorker = async (): Promise<RunningWorker> => {
      let herder: StandaloneHerder | undefined;
      const worker = new Worker({
        workerId, workerConfig: props, plugins, offsetStore, log,
        onTaskReconfiguration: (connector) => void herder?.requestTaskReconfiguration(connector),
      });
      await worker.start();
      herder = new StandaloneHerder({
        worker, plugins, workerId, log,
        offsetsAdmin: new ConnectorOffsetsAdmin(props, plugins, offsetStore, log),
        overridePolicy: 'All',
        kafkaClusterId: async () => broker.clusterId,
        version: 'test',
        commit: 'test',
      });
      rest?.setHerder(herder);
      // GET /metrics as a worker serves it (without the process metrics), so tests can scrape it.
      rest?.setMetrics(createWorkerMetrics({ herder, worker, defaultMetrics: false }));
      const h = herder;
      return { worker, herder: h, stop: async () => { try { await h.stop(); } finally { await worker.stop(); } } };
    };
    let current = await startWorker();
    closers.push(() => current.stop());

    const converter = (spec: ConverterSpec | undefined, isKey: boolean) =>
      spec === undefined ? undefined : resolveConverter(plugins, spec, isKey);
    let closed: Promise<void> | undefined;

    const cluster: TestCluster = {
      bootstrap: broker.bootstrap, broker, plugins, restUrl: rest?.url,
      get worker() { return current.worker; },
      get herder() { return current.herder; },
      async restartWorker() {
        const h = current.herder;
        const saved: Array<[string, Record<string, string>]> = [];
        for (const name of await h.connectors()) saved.push([name, await h.connectorConfig(name)]);
        await current.stop();
        current = await startWorker();
        for (const [name, config] of saved) await current.herder.putConnectorConfig(name, config, { allowReplace: false });
      },
      async createConnector(name, config) {
        await current.herder.putConnectorConfig(name, { ...config, name }, { allowReplace: false });
      },
      async updateConnector(name, config) {
        await current.herder.putConnectorConfig(name, { ...config, name }, { allowReplace: true });
      },
      deleteConnector: (name) => current.herder.deleteConnector(name),
      status: (name) => current.herder.connectorStatus(name),
      async waitForConnectorState(name, state, timeoutMs = 20_000) {
        let last: ConnectorStateInfo | undefined;
        await waitUntil(async () => {
          last = await current.herder.connectorStatus(name).catch(() => undefined);
          return last?.connector.state === state;
        }, () => `connector ${name} to be ${state} (last: ${JSON.stringify(last?.connector ?? 'no status')})`, timeoutMs);
        return last!;
      },
      async waitForTaskState(name, task, state, timeoutMs = 20_000) {
        let last: TaskState | undefined;
        await waitUntil(async () => {
          last = (await current.herder.connectorStatus(name).catch(() => undefined))?.tasks.find((t) => t.id === task);
          return last?.state === state;
        }, () => `task ${name}-${task} to be ${state} (last: ${JSON.stringify(last ?? 'no status')})`, timeoutMs);
        return last!;
      },
      produce: (topic, records, o = {}) =>
        produceRecords(broker.bootstrap, log, topic, records, { key: converter(o.keyConverter, true), value: converter(o.converter, false) }),
      consume: (topic, o) =>
        consumeRecords(broker.bootstrap, log, topic, {
          count: o.count, converter: converter(o.converter, false), keyConverter: converter(o.keyConverter, true),
          ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
        }),
      readDlq: (topic, o) => consumeRecords(broker.bootstrap, log, topic, o),
      close: () => (closed ??= closeAll()),
    };
    return cluster;
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}

