/**
 * Builds a runnable task from its connector and task configs: plugin instance, converters, SMT chain, error
 * policy and reporters (log, DLQ), Kafka clients. Everything acquired is registered for cleanup, so a failure
 * half-way closes what was already built.
 */
import { ConfigError, ConnectError } from '../api/errors.js';
import type { Logger } from '../api/logger.js';
import type { Connector } from '../api/connector.js';
import type { SinkTask } from '../api/sink-task.js';
import type { SourceTask } from '../api/source-task.js';
import { sinkConnectorConfigDef, sinkTopicsError, sourceConnectorConfigDef } from '../config/connector-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { KafkaAdmin } from '../kafka/kafka-admin.js';
import { KafkaConsumer } from '../kafka/kafka-consumer.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import { connectorAdminProps, dlqProducerProps, sinkConsumerProps, sourceProducerProps } from '../kafka/connector-client-props.js';
import { checkOverridePolicy, parseOverridePolicy } from '../kafka/override-policy.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { StoreOffsetReader } from '../storage/store-offset-reader.js';
import type { Clock } from './clock.js';
import { DlqReporter } from './errors/dlq-reporter.js';
import type { ErrorReporter } from './errors/error-reporter.js';
import { LogReporter } from './errors/log-reporter.js';
import type { ErrorPolicyConfig } from './errors/retry-with-tolerance.js';
import { closeAll } from './service.js';
import { WorkerSinkTask } from './sink/worker-sink-task.js';
import { TopicCreation } from './source/topic-creation.js';
import { WorkerSourceTask } from './source/worker-source-task.js';
import type { State, TargetState, TaskId } from './status.js';
import { TaskConverters } from './task-converters.js';
import { TransformChain } from './transform-chain.js';
import type { WorkerConfig } from './worker-config.js';
import type { WorkerTask } from './worker-task.js';

type Props = Readonly<Record<string, string>>;

export interface TaskBuildContext {
  readonly id: TaskId;
  readonly connectorConfig: Props;
  readonly taskConfig: Props;
  readonly workerProps: Props;
  readonly worker: WorkerConfig;
  readonly plugins: PluginRegistry;
  readonly offsetStore: OffsetBackingStore;
  readonly log: Logger;
  readonly initialTarget: TargetState;
  readonly onStatus: (state: State, trace?: string) => void;
  readonly clock?: Clock;
  /** Tributary extra: cap on a source task's unacknowledged records. */
  readonly maxInFlight: number;
  /** A topic the task produced to or consumed from (topic tracking). */
  readonly onTopic?: (topic: string) => void;
}

/** The Java-style `topics.regex` as a full-match JS RegExp. */
export function topicsRegex(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

export function connectorInstance(plugins: PluginRegistry, className: string): { connector: Connector; className: string } {
  const d = plugins.resolve(className, ['source', 'sink'], 'connector.class');
  return { connector: d.create() as Connector, className: d.className };
}

export async function buildTask(b: TaskBuildContext): Promise<WorkerTask> {
  const cleanups: Array<() => unknown> = [];
  try {
    return await build(b, cleanups);
  } catch (err) {
    await closeAll(cleanups.reverse());
    throw err;
  }
}

async function build(b: TaskBuildContext, cleanups: Array<() => unknown>): Promise<WorkerTask> {
  const cc = b.connectorConfig;
  const { connector, className } = connectorInstance(b.plugins, cc['connector.class'] ?? '');
  const kind = connector.kind;
  const parsed = (kind === 'sink' ? sinkConnectorConfigDef : sourceConnectorConfigDef).parse(cc);
  checkOverridePolicy(parseOverridePolicy(b.worker['connector.client.config.override.policy']), cc);
  const TaskClass = connector.taskClass();
  const task = new TaskClass();
  if (task.kind !== kind) throw new ConnectError(`${className}.taskClass() returned a ${task.kind} task for a ${kind} connector`, { code: 'TRIB_TASK_KIND' });
  const taskClassName = cc['task.class'] ?? b.taskConfig['task.class'] ?? TaskClass.name;

  const converters = TaskConverters.build(cc, b.workerProps, b.plugins);
  cleanups.push(() => converters.close());
  const chain = TransformChain.build(cc, b.plugins);
  cleanups.push(() => chain.close());

  const errorPolicy: ErrorPolicyConfig = {
    retryTimeoutMs: parsed['errors.retry.timeout'],
    retryDelayMaxMs: parsed['errors.retry.delay.max.ms'],
    tolerance: parsed['errors.tolerance'],
  };
  const reporters: ErrorReporter[] = [];
  if (parsed['errors.log.enable']) reporters.push(new LogReporter(b.log, parsed['errors.log.include.messages']));
  // Sinks: Kafka's DLQ. Sources: Tributary's extension, same keys (see dlq-reporter.ts).
  const dlqTopic = (cc['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlqTopic !== '') {
    if (kind === 'sink') {
      const topics = (cc['topics'] ?? '').split(',').map((t) => t.trim());
      const regex = (cc['topics.regex'] ?? '').trim();
      if (topics.includes(dlqTopic) || (regex !== '' && topicsRegex(regex).test(dlqTopic))) {
        throw new ConfigError(`The DLQ topic '${dlqTopic}' cannot also be a topic the connector consumes`, {
          'errors.deadletterqueue.topic.name': ['must not be one of topics or match topics.regex'],
        });
      }
    }
    const rf = Number(cc['errors.deadletterqueue.topic.replication.factor'] ?? '3');
    const admin = new KafkaAdmin(connectorAdminProps(b.workerProps, cc, `connector-dlq-adminclient-${b.id.connector}`), b.log);
    try {
      await admin.createTopicIfMissing({ topic: dlqTopic, partitions: 1, replicationFactor: rf });
    } catch (err) {
      // A single-broker cluster (standalone, the embedded broker) cannot host the default 3 replicas.
      b.log.warn({ err, topic: dlqTopic, replicationFactor: rf }, 'could not create the DLQ topic with this replication factor; trying the broker default');
      await admin.createTopicIfMissing({ topic: dlqTopic, partitions: 1, replicationFactor: -1 });
    } finally {
      await admin.close();
    }
    const producer = new KafkaProducer(dlqProducerProps(b.workerProps, cc, b.id.connector, b.id.task), b.log);
    cleanups.push(() => producer.close());
    await producer.connect();
    reporters.push(
      new DlqReporter(producer, {
        topic: dlqTopic,
        connector: b.id.connector,
        task: b.id.task,
        contextHeaders: (cc['errors.deadletterqueue.context.headers.enable'] ?? 'false').trim().toLowerCase() === 'true',
      }),
    );
  }
  cleanups.push(() => Promise.all(reporters.map((r) => r.close())));

  const flushIntervalMs = b.worker['offset.flush.interval.ms'];
  if (kind === 'source') {
    const producerProps = sourceProducerProps(b.workerProps, cc, b.id.connector, b.id.task);
    const producer = new KafkaProducer(producerProps, b.log);
    cleanups.push(() => producer.close());
    await producer.connect();
    const inFlight = Number(producerProps['max.in.flight.requests.per.connection'] ?? '1');
    const deliveryTimeout = Number(producerProps['delivery.timeout.ms'] ?? 'NaN');
    const topicCreation = TopicCreation.fromConfig(cc, b.worker['topic.creation.enable']);
    const admin = topicCreation ? new KafkaAdmin(connectorAdminProps(b.workerProps, cc, `connector-adminclient-${b.id.connector}`), b.log) : null;
    if (admin) cleanups.push(() => admin.close());
    return new WorkerSourceTask({
      id: b.id,
      task: task as SourceTask,
      taskClass: taskClassName,
      taskConfig: b.taskConfig,
      converters,
      chain,
      errorPolicy,
      reporters,
      producer,
      admin,
      topicCreation,
      offsetStore: b.offsetStore,
      offsetReader: new StoreOffsetReader(b.offsetStore, b.id.connector),
      log: b.log,
      flushIntervalMs,
      flushTimeoutMs: b.worker['offset.flush.timeout.ms'],
      maxInFlight: b.maxInFlight,
      maxConcurrentSends: Number.isInteger(inFlight) && inFlight > 0 ? Math.min(inFlight, 5) : 1,
      ...(Number.isFinite(deliveryTimeout) && deliveryTimeout > 0 && deliveryTimeout < 2_147_483_647 ? { deliveryTimeoutMs: deliveryTimeout } : {}),
      initialTarget: b.initialTarget,
      onStatus: b.onStatus,
      ...(b.clock ? { clock: b.clock } : {}),
      ...(b.onTopic ? { onTopic: b.onTopic } : {}),
    });
  }
  const topicsErr = sinkTopicsError(cc);
  if (topicsErr) throw new ConfigError(topicsErr, { topics: [topicsErr], 'topics.regex': [topicsErr] });
  const sinkParsed = sinkConnectorConfigDef.parse(cc);
  const regex = sinkParsed['topics.regex'];
  const topics = regex ? topicsRegex(regex) : sinkParsed.topics.map((t) => t.trim()).filter((t) => t !== '');
  const consumer = new KafkaConsumer(sinkConsumerProps(b.workerProps, cc, b.id.connector, b.id.task), b.log);
  cleanups.push(() => consumer.close());
  return new WorkerSinkTask({
    id: b.id,
    task: task as SinkTask,
    taskClass: taskClassName,
    taskConfig: b.taskConfig,
    topics,
    converters,
    chain,
    errorPolicy,
    reporters,
    consumer,
    log: b.log,
    flushIntervalMs,
    initialTarget: b.initialTarget,
    onStatus: b.onStatus,
    ...(b.clock ? { clock: b.clock } : {}),
    ...(b.onTopic ? { onTopic: b.onTopic } : {}),
  });
}
