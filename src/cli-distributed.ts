/**
 * `tributary distributed worker.properties` — Kafka's connect-distributed: every process started with the
 * same `group.id` and internal topics on the same Kafka cluster joins one Connect cluster (docs/distributed.md).
 *
 * Without `bootstrap.servers` the embedded broker starts too, in this process (that is `npm start`, with
 * config/connect-distributed.properties), and the internal topics default to `connect-configs` /
 * `connect-offsets` / `connect-status` with replication factor 1. Only this command decides that: the worker
 * below talks to whatever bootstrap servers it is given.
 */
import { join } from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';
import type { RunningBroker } from './broker/start-broker.js';
import { startEmbeddedBrokerIfUnconfigured } from './embedded-broker-default.js';
import { buildInfo } from './cluster/build-info.js';
import { DistributedHerder } from './cluster/distributed/distributed-herder.js';
import { WorkerGroupMember } from './cluster/distributed/worker-group-member.js';
import { parseWorkerCommandLine } from './config/worker-command-line.js';
import { workerAdminProps } from './kafka/connector-client-props.js';
import { GroupMembership } from './kafka/group-membership.js';
import { KafkaAdmin } from './kafka/kafka-admin.js';
import { parseOverridePolicy } from './kafka/override-policy.js';
import { createWorkerMetrics } from './metrics/worker-metrics.js';
import { loadPlugins } from './plugins/load-plugins.js';
import { restClientTlsFromProps } from './rest/rest-security-keystore.js';
import type { RunningRestServer } from './rest/rest-server.js';
import { ConnectorOffsetsAdmin } from './runtime/connector-offsets-admin.js';
import { TaskMetricsPublisher } from './runtime/task-metrics-publisher.js';
import { Worker } from './runtime/worker.js';
import { ConfigStore } from './storage/config-store.js';
import { ensureInternalTopic } from './storage/internal-topics.js';
import { KafkaOffsetStore } from './storage/kafka-offset-store.js';
import { StatusStore } from './storage/status-store.js';
import { datagenCurl } from './cli-standalone.js';
import { startWorkerRest } from './cli-worker-rest.js';
import { ShutdownSteps } from './shutdown-steps.js';

export interface DistributedWorkerOptions {
  readonly workerProps: Record<string, string>;
  readonly restHost?: string;
  readonly restPort?: number;
  /** The embedded broker, used only when there is no bootstrap.servers. */
  readonly broker?: { readonly host: string; readonly port: number; readonly dataDir: string | null };
  readonly log: PinoLogger;
}

export interface RunningDistributedWorker {
  readonly restUrl: string;
  readonly workerId: string;
  /** Every REST listener with its real port; `adminListeners` only when `admin.listeners` names some. */
  readonly rest: Pick<RunningRestServer, 'listeners' | 'adminListeners'>;
  readonly herder: DistributedHerder;
  /** The local runtime (diagnostics, tests). */
  readonly worker: Worker;
  readonly broker: RunningBroker | undefined;
  /** Graceful: stops its work (others take it over), leaves the group, closes everything. Idempotent. */
  stop(): Promise<void>;
}

function intProp(props: Record<string, string>, key: string, dflt: number): number {
  const v = props[key];
  if (v === undefined || v.trim() === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a non-negative integer, got '${v}'`);
  return n;
}

export async function startDistributedWorker(options: DistributedWorkerOptions): Promise<RunningDistributedWorker> {
  const log = options.log;
  const props: Record<string, string> = { ...options.workerProps };
  const shutdown = new ShutdownSteps(log);
  try {
    const broker = await startEmbeddedBrokerIfUnconfigured(props, options.broker);
    if (broker) {
      shutdown.add(() => broker.close());
      props['group.id'] ||= 'connect-cluster';
      for (const [k, t] of [['config', 'connect-configs'], ['offset', 'connect-offsets'], ['status', 'connect-status']] as const) {
        props[`${k}.storage.topic`] ||= t;
        props[`${k}.storage.replication.factor`] ||= '1';
      }
    }
    const groupId = props['group.id'];
    if (!groupId) throw new Error('group.id is required in distributed mode (the Connect cluster id)');

    const { rest, workerId, advertisedUrl } = await startWorkerRest(props, { host: options.restHost, port: options.restPort }, log);
    shutdown.add(() => rest.close());
    const restUrl = `${advertisedUrl}/`;

    const admin = new KafkaAdmin(workerAdminProps(props), log);
    shutdown.add(() => admin.close());
    const configTopic = await ensureInternalTopic(admin, 'config', props);
    const offsetTopic = await ensureInternalTopic(admin, 'offset', props);
    const statusTopic = await ensureInternalTopic(admin, 'status', props);
    const clientProps = workerAdminProps(props);

    const configStore = new ConfigStore(configTopic, clientProps, log);
    const statusStore = new StatusStore(statusTopic, clientProps, log);
    const offsetStore = new KafkaOffsetStore(offsetTopic, clientProps, log);
    shutdown.add(() => statusStore.stop(), () => configStore.stop(), () => offsetStore.stop());
    // In parallel: each reader joins its own consumer group, and a new group waits
    // group.initial.rebalance.delay.ms (3 s by default on Kafka) before its first assignment.
    const [plugins] = await Promise.all([
      loadPlugins({ pluginPath: (props['plugin.path'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '') }),
      statusStore.start(),
      configStore.start(),
      offsetStore.start(),
    ]);
    let herder: DistributedHerder | undefined;
    const worker = new Worker({
      workerId, workerConfig: props, plugins, offsetStore, log, topicStatusStore: statusStore,
      onStatus: (change) => herder?.onWorkerStatus(change),
      onTaskReconfiguration: (connector: string) => void herder?.requestTaskReconfiguration(connector),
    });
    await worker.start();
    shutdown.add(() => worker.stop());
    const info = buildInfo();
    herder = new DistributedHerder({
      worker, plugins, workerId, restUrl, log, configStore, statusStore, workerProps: props,
      restClientTls: await restClientTlsFromProps(props),
      offsetsAdmin: new ConnectorOffsetsAdmin(props, plugins, offsetStore, log),
      overridePolicy: parseOverridePolicy(props['connector.client.config.override.policy']),
      scheduledRebalanceMaxDelayMs: intProp(props, 'scheduled.rebalance.max.delay.ms', 300_000),
      kafkaClusterId: () => admin.clusterId(),
      version: info.version,
      commit: info.commit,
    });
    const membership = new GroupMembership(
      { ...clientProps, 'client.id': `connect-${workerId}` },
      { groupId, protocolType: 'connect', sessionTimeoutMs: intProp(props, 'session.timeout.ms', 10_000), rebalanceTimeoutMs: intProp(props, 'rebalance.timeout.ms', 60_000) },
      log,
    );
    const member = new WorkerGroupMember(membership, herder.groupHooks(), intProp(props, 'heartbeat.interval.ms', 3000), log);
    herder.attach(member);
    const h = herder;
    shutdown.add(() => h.stop());
    // Task gauges (e.g. snapshot progress) reach the other workers' REST through the status topic.
    const publisher = new TaskMetricsPublisher({ worker, store: statusStore, workerId, log });
    publisher.start();
    shutdown.add(async () => publisher.stop());
    member.start();
    rest.setHerder(herder);
    rest.setPreview({ plugins, workerConfig: props });
    rest.setMetrics(createWorkerMetrics({ herder, worker }));
    let stopped: Promise<void> | undefined;
    return { restUrl: rest.url, workerId, rest: { listeners: rest.listeners, adminListeners: rest.adminListeners }, herder, worker, broker, stop: () => (stopped ??= shutdown.run()) };
  } catch (err) {
    await shutdown.run();
    throw err;
  }
}

export async function runDistributedCommand(argv: string[]): Promise<void> {
  const cmd = await parseWorkerCommandLine(argv);
  if (cmd.connectorFiles.length > 0) {
    throw new Error(`tributary distributed takes one worker.properties file (got also ${cmd.connectorFiles.join(' ')}); create connectors over REST (POST /connectors)`);
  }
  const log = pino({ level: cmd.logLevel, base: { pid: process.pid } }, pino.destination(2));
  const running = await startDistributedWorker({
    workerProps: cmd.workerProps,
    ...(cmd.restHost !== undefined ? { restHost: cmd.restHost } : {}),
    ...(cmd.restPort !== undefined ? { restPort: cmd.restPort } : {}),
    broker: { host: '127.0.0.1', port: cmd.brokerPort, dataDir: join(cmd.dataDir, 'broker') },
    log,
  });
  // One write, so scripts and tests that wait for the REST line see the rest too; the curl is ready to paste.
  let banner = running.broker ? `broker listening on ${running.broker.bootstrap} (data in ${join(cmd.dataDir, 'broker')})\n` : '';
  banner += `REST API listening on ${running.restUrl}\nworker ${running.workerId} joining the cluster\n`;
  if (running.broker) {
    banner += `\nKafka bootstrap servers: ${running.broker.bootstrap}\nCreate a demo connector (it is kept in the connect-configs topic across restarts):\n`
      + `  ${datagenCurl(running.restUrl)}\nThen: curl -s ${running.restUrl}/connectors?expand=status\n\n`;
  }
  process.stdout.write(banner);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'distributed worker shutting down');
      running.stop().then(done, (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        done();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  process.stdout.write('stopped\n');
  log.flush();
  process.exit(0);
}
