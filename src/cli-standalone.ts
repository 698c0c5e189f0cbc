/**
 * `tributary standalone [worker.properties [connector.properties|connector.json …]]` — Kafka's
 * connect-standalone: one worker process runs every connector, offsets in `offset.storage.file.filename`,
 * the REST API on `listeners` (default :8083).
 *
 * With no `bootstrap.servers` (not in the properties, not `--bootstrap-server`, not TRIBUTARY_BOOTSTRAP_SERVERS)
 * the embedded broker starts too (127.0.0.1:9092, data under ./data/broker) — that is `npm start`.
 * SIGTERM/SIGINT stop tasks gracefully (committing offsets), then the worker, REST and broker.
 */
import { join, resolve } from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';
import type { RunningBroker } from './broker/start-broker.js';
import { startEmbeddedBrokerIfUnconfigured } from './embedded-broker-default.js';
import { buildInfo } from './cluster/build-info.js';
import { StandaloneHerder } from './cluster/standalone/standalone-herder.js';
import { loadConnectorFile, type ConnectorFile } from './config/connector-file.js';
import { parseWorkerCommandLine } from './config/worker-command-line.js';
import { startWorkerRest } from './cli-worker-rest.js';
import { workerAdminProps } from './kafka/connector-client-props.js';
import { KafkaAdmin } from './kafka/kafka-admin.js';
import { parseOverridePolicy } from './kafka/override-policy.js';
import { loadPlugins } from './plugins/load-plugins.js';
import { createWorkerMetrics } from './metrics/worker-metrics.js';
import type { RunningRestServer } from './rest/rest-server.js';
import { ConnectorOffsetsAdmin } from './runtime/connector-offsets-admin.js';
import { Worker } from './runtime/worker.js';
import { FileOffsetStore } from './storage/file-offset-store.js';
import { ShutdownSteps } from './shutdown-steps.js';

export interface StandaloneWorkerOptions {
  /** Worker properties; without `bootstrap.servers` an embedded broker is started (see `broker`). */
  readonly workerProps: Record<string, string>;
  readonly connectors?: readonly ConnectorFile[];
  /** Override the first listener's host / port (`listeners`). */
  readonly restHost?: string;
  readonly restPort?: number;
  /** The embedded broker's address and data dir, used only when there is no bootstrap.servers. */
  readonly broker?: { readonly host: string; readonly port: number; readonly dataDir: string | null };
  /** Used when the properties have no offset.storage.file.filename. */
  readonly defaultOffsetsFile: string;
  readonly log: PinoLogger;
}

export interface RunningStandaloneWorker {
  /** A local URL of the first REST listener (no trailing slash). */
  readonly restUrl: string;
  /** `host:port` of the advertised REST URL. */
  readonly workerId: string;
  /** Every REST listener with its real port; `adminListeners` only when `admin.listeners` names some. */
  readonly rest: Pick<RunningRestServer, 'listeners' | 'adminListeners'>;
  readonly bootstrap: string;
  /** Set when this process started the embedded broker. */
  readonly broker: RunningBroker | undefined;
  readonly herder: StandaloneHerder;
  /** Graceful: tasks commit and stop, then worker, REST, broker. Idempotent. */
  stop(): Promise<void>;
}

export async function startStandaloneWorker(options: StandaloneWorkerOptions): Promise<RunningStandaloneWorker> {
  const log = options.log;
  const props: Record<string, string> = { ...options.workerProps };
  const shutdown = new ShutdownSteps(log);
  try {
    const broker = await startEmbeddedBrokerIfUnconfigured(props, options.broker);
    if (broker) shutdown.add(() => broker.close());
    props['offset.storage.file.filename'] ||= options.defaultOffsetsFile;

    const { rest, workerId } = await startWorkerRest(props, { host: options.restHost, port: options.restPort }, log);
    shutdown.add(() => rest.close());

    const plugins = await loadPlugins({ pluginPath: splitList(props['plugin.path']) });
    let herder: StandaloneHerder | undefined;
    const offsetStore = new FileOffsetStore(resolve(props['offset.storage.file.filename']));
    const worker = new Worker({
      workerId,
      workerConfig: props,
      plugins,
      offsetStore,
      log,
      onTaskReconfiguration: (connector: string) => void herder?.requestTaskReconfiguration(connector),
    });
    await worker.start();
    shutdown.add(() => worker.stop());
    const admin = new KafkaAdmin(workerAdminProps(props), log);
    shutdown.add(() => admin.close());
    const info = buildInfo();
    herder = new StandaloneHerder({
      worker, plugins, workerId, log,
      offsetsAdmin: new ConnectorOffsetsAdmin(props, plugins, offsetStore, log),
      overridePolicy: parseOverridePolicy(props['connector.client.config.override.policy']),
      kafkaClusterId: () => admin.clusterId(),
      version: info.version,
      commit: info.commit,
    });
    const h = herder;
    shutdown.add(() => h.stop());
    rest.setHerder(herder);
    rest.setPreview({ plugins, workerConfig: props });
    rest.setMetrics(createWorkerMetrics({ herder, worker }));
    for (const c of options.connectors ?? []) {
      await herder.putConnectorConfig(c.name, c.config, { allowReplace: false, ...(c.initialState ? { initialState: c.initialState } : {}) });
      log.info({ connector: c.name }, 'connector created from file');
    }
    let stopped: Promise<void> | undefined;
    return { restUrl: rest.url, workerId, rest: { listeners: rest.listeners, adminListeners: rest.adminListeners }, bootstrap: props['bootstrap.servers'], broker, herder, stop: () => (stopped ??= shutdown.run()) };
  } catch (err) {
    await shutdown.run();
    throw err;
  }
}

function splitList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function datagenCurl(restUrl: string): string {
  const body = JSON.stringify({
    name: 'datagen-users',
    config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'users', quickstart: 'users', 'max.interval': '1000', iterations: '1000' },
  });
  return `curl -s -X POST -H 'Content-Type: application/json' ${restUrl}/connectors -d '${body}'`;
}

export async function runStandaloneCommand(argv: string[]): Promise<void> {
  const cmd = await parseWorkerCommandLine(argv);
  const { workerProps, dataDir } = cmd;
  const connectors: ConnectorFile[] = [];
  for (const f of cmd.connectorFiles) connectors.push(await loadConnectorFile(f));
  const log = pino({ level: cmd.logLevel, base: { pid: process.pid } }, pino.destination(2));

  const running = await startStandaloneWorker({
    workerProps,
    connectors,
    ...(cmd.restHost !== undefined ? { restHost: cmd.restHost } : {}),
    ...(cmd.restPort !== undefined ? { restPort: cmd.restPort } : {}),
    broker: { host: '127.0.0.1', port: cmd.brokerPort, dataDir: join(dataDir, 'broker') },
    defaultOffsetsFile: join(dataDir, 'standalone.offsets'),
    log,
  });
  // One write, so scripts and tests that wait for the REST line see the rest too; the curl is ready to paste.
  let banner = running.broker ? `broker listening on ${running.broker.bootstrap}\n` : '';
  banner += `REST API listening on ${running.restUrl}\n`;
  if (connectors.length === 0) {
    banner += `\nKafka bootstrap servers: ${running.bootstrap}\nCreate a demo connector:\n  ${datagenCurl(running.restUrl)}\nThen: curl -s ${running.restUrl}/connectors/datagen-users/status\n\n`;
  }
  process.stdout.write(banner);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      log.info({ signal }, 'standalone worker shutting down');
      running.stop().then(done, (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        done();
      });
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  process.stdout.write('stopped\n');
  log.flush();
  // kafkajs may keep retry timers alive; everything durable is closed by now.
  process.exit(0);
}


