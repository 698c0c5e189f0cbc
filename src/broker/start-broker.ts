import { GroupCoordinator } from './group/group-coordinator.js';
import { TransactionCoordinator } from './txn/transaction-coordinator.js';
import { supportedVersions } from './protocol/supported-versions.js';
import { buildControlBatch } from './protocol/record-batch.js';
import { TcpListener, type TlsOptions } from './net/tcp-listener.js';
import { AppendNotifier } from './server/append-notifier.js';
import { defaultBrokerLogger, type BrokerLogger } from './server/broker-logger.js';
import type { ApiVersionRange, BrokerContext } from './server/broker-context.js';
import { loadClusterId } from './server/cluster-identity.js';
import { lockDataDir } from './server/data-dir-lock.js';
import { createHandlerTable } from './server/handler-table.js';
import { LogBackedStore } from './server/log-backed-store.js';
import { createRequestDispatcher } from './server/request-dispatcher.js';
import { saslHandlers } from './security/sasl-handlers.js';
import type { SaslOptions } from './security/sasl-options.js';
import { RetentionScheduler } from './topics/retention-scheduler.js';
import type { FlushPolicy } from './topics/topic-config.js';
import { TopicManager } from './topics/topic-manager.js';

export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';
export const TRANSACTION_STATE_TOPIC = '__transaction_state';

export interface BrokerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** null (default) keeps everything in memory. */
  dataDir?: string | null;
  nodeId?: number;
  /** Host/port put in Metadata; default: the address each client connected to. */
  advertisedHost?: string;
  advertisedPort?: number;
  /** auto.create.topics.enable (true). */
  autoCreateTopics?: boolean;
  /** num.partitions for auto-created topics (1). */
  defaultPartitions?: number;
  /** group.initial.rebalance.delay.ms (Kafka: 3000; tests use 0). */
  groupInitialRebalanceDelayMs?: number;
  /** group.min.session.timeout.ms (6000). */
  minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms (1800000). */
  maxSessionTimeoutMs?: number;
  /** offsets.retention.ms (7 days). */
  offsetsRetentionMs?: number;
  /** transaction.max.timeout.ms (900000). */
  transactionMaxTimeoutMs?: number;
  /** 'always' (default): acks=-1 is answered after fsync. 'interval': fsync in the background. */
  flushPolicy?: FlushPolicy;
  /** socket.request.max.bytes (100 MiB). */
  maxRequestBytes?: number;
  /** log.retention.check.interval.ms (300000). */
  retentionCheckIntervalMs?: number;
  /**
   * Also advertise the flexible (KIP-482) versions the codec round-trips, for clients that speak only
   * those (@platformatic/kafka). Off by default: every non-flexible client is served without them.
   */
  flexibleVersions?: boolean;
  /** SASL on the main listener (host/port); off by default. */
  sasl?: SaslOptions;
  /** TLS on the main listener. */
  tls?: TlsOptions;
  /** More listeners, each with its own security (e.g. PLAINTEXT on one port, SASL_SSL on another). */
  listeners?: ListenerOptions[];
  logger?: BrokerLogger;
  clock?: () => number;
}

export interface ListenerOptions {
  /** Defaults to the security protocol name (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL). */
  name?: string;
  /** Defaults to the main listener's host. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  sasl?: SaslOptions;
  tls?: TlsOptions;
}

export interface ListenerAddress {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly bootstrap: string;
}

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  /** "host:port" for a client's bootstrap list. */
  readonly bootstrap: string;
  /** Every listener, the main one first. Metadata names the listener a client connected through. */
  readonly listeners: readonly ListenerAddress[];
  readonly nodeId: number;
  readonly clusterId: string;
  /** Runs retention and compaction over every partition now (the scheduler does it periodically). */
  runLogCleanup(): void;
  /** Stops listening, closes connections, coordinators and logs; safe to call twice. */
  close(): Promise<void>;
}

/** Starts the embedded Kafka-compatible broker and resolves once it listens. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? null;
  const nodeId = options.nodeId ?? 1;
  const logger = options.logger ?? defaultBrokerLogger();
  const clock = options.clock ?? Date.now;
  const flushPolicy = options.flushPolicy ?? 'always';
  const maxRequestBytes = options.maxRequestBytes ?? 100 * 1024 * 1024;
  const notifier = new AppendNotifier();
  const closers: Array<[string, () => Promise<void> | void]> = [];
  const close = async () => {
    for (const [name, fn] of closers.reverse()) {
      try {
        await fn();
      } catch (err) {
        logger.error({ component: name, err: String(err) }, 'broker component failed to close');
      }
    }
    closers.length = 0;
  };

  try {
    if (dataDir !== null) {
      const unlock = await lockDataDir(dataDir);
      closers.push(['data dir lock', unlock]);
    }
    const clusterId = await loadClusterId(dataDir);
    const topics = await TopicManager.open({ dataDir, flushPolicy, notifier, logger, clock });
    closers.push(['topics', () => topics.close()]);
    for (const name of [CONSUMER_OFFSETS_TOPIC, TRANSACTION_STATE_TOPIC]) {
      // Kafka's offsets.topic.segment.bytes / transaction.state.log.segment.bytes: 100 MiB, so compaction gets to run.
      if (!topics.get(name)) await topics.create(name, 1, { 'cleanup.policy': 'compact', 'segment.bytes': '104857600' }, true);
    }
    const groups = new GroupCoordinator({
      offsetStore: new LogBackedStore(topics.partition(CONSUMER_OFFSETS_TOPIC, 0)!, clock, flushPolicy === 'always'),
      clock,
      groupInitialRebalanceDelayMs: options.groupInitialRebalanceDelayMs,
      minSessionTimeoutMs: options.minSessionTimeoutMs,
      maxSessionTimeoutMs: options.maxSessionTimeoutMs,
      offsetsRetentionMs: options.offsetsRetentionMs,
      partitionExists: (topic, partition) => topics.partition(topic, partition) !== undefined,
    });
    await groups.load();
    closers.push(['groups', () => groups.close()]);
    const txns = new TransactionCoordinator({
      store: new LogBackedStore(topics.partition(TRANSACTION_STATE_TOPIC, 0)!, clock, flushPolicy === 'always'),
      clock,
      completeGroupTxnOffsets: (_groupIds, producerId, commit) => groups.completeTransaction(producerId, commit),
      partitionExists: (topic, partition) => topics.partition(topic, partition) !== undefined,
      onError: (err, what) => logger.error({ err: String(err) }, what),
      transactionMaxTimeoutMs: options.transactionMaxTimeoutMs,
      writeMarker: async (topic, partition, marker) => {
        const p = topics.partition(topic, partition);
        if (!p) return -1;
        const offset = p.writeMarker(buildControlBatch({ ...marker, timestamp: clock() }));
        if (flushPolicy === 'always') await p.log.flush();
        return offset;
      },
    });
    await txns.load();
    closers.push(['txns', () => txns.close()]);

    const listenerSpecs: ListenerOptions[] = [
      { name: undefined, host, port: options.port ?? 0, sasl: options.sasl, tls: options.tls },
      ...(options.listeners ?? []),
    ];
    const handlers = createHandlerTable(listenerSpecs.some((l) => l.sasl) ? saslHandlers() : new Map());
    const broker: BrokerContext = {
      nodeId, clusterId, advertisedHost: options.advertisedHost, advertisedPort: options.advertisedPort,
      autoCreateTopics: options.autoCreateTopics ?? true, defaultPartitions: options.defaultPartitions ?? 1,
      flushPolicy, topics, groups, txns, notifier, logger, clock,
      apiVersions: advertisedVersions(handlers, options.flexibleVersions ?? false),
      brokerConfigs: {
        'broker.id': String(nodeId),
        'auto.create.topics.enable': String(options.autoCreateTopics ?? true),
        'num.partitions': String(options.defaultPartitions ?? 1),
        'default.replication.factor': '1',
        'offsets.topic.replication.factor': '1',
        'transaction.state.log.replication.factor': '1',
        'socket.request.max.bytes': String(maxRequestBytes),
        'group.initial.rebalance.delay.ms': String(options.groupInitialRebalanceDelayMs ?? 3000),
        'log.dirs': dataDir ?? '',
        'log.flush.policy': flushPolicy,
      },
    };
    closers.push(['fetch waiters', () => notifier.close()]);

    const dispatch = createRequestDispatcher(broker, handlers);
    const bound: ListenerAddress[] = [];
    for (const spec of listenerSpecs) {
      const listener = new TcpListener({
        host: spec.host ?? host, port: spec.port ?? 0, maxRequestBytes, logger, tls: spec.tls, sasl: spec.sasl, handle: dispatch,
      });
      const addr = await listener.listen();
      closers.push(['listener', () => listener.close()]);
      const reachable = addr.host === '0.0.0.0' || addr.host === '::' ? '127.0.0.1' : addr.host;
      bound.push({ name: spec.name ?? securityProtocol(spec), host: reachable, port: addr.port, bootstrap: `${reachable}:${addr.port}` });
    }

    const cleaner = new RetentionScheduler(topics, clock, logger);
    cleaner.start(options.retentionCheckIntervalMs ?? 300_000);
    closers.push(['log cleaner', () => cleaner.stop()]);

    const primary = bound[0]!;
    logger.info({ listeners: bound.map((b) => `${b.name}://${b.bootstrap}`), dataDir, clusterId }, 'broker listening');
    let closing: Promise<void> | undefined;
    return {
      host: primary.host, port: primary.port, bootstrap: primary.bootstrap, listeners: bound, nodeId, clusterId,
      runLogCleanup: () => cleaner.runOnce(),
      close: () => (closing ??= close()),
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function securityProtocol(l: ListenerOptions): string {
  return `${l.sasl ? 'SASL_' : ''}${l.tls ? 'SSL' : 'PLAINTEXT'}`;
}

/** The versions both the codec and a handler serve, per API key, sorted by key. */
function advertisedVersions(handlers: ReadonlyMap<number, unknown>, flexible: boolean): ApiVersionRange[] {
  return supportedVersions({ flexible })
    .filter((v) => handlers.has(v.apiKey))
    .map((v) => ({ apiKey: v.apiKey, minVersion: v.minVersion, maxVersion: v.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
}
