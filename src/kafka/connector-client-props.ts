/**
 * The Kafka client properties the worker builds for a connector's clients, layered as Kafka Connect does
 * (Worker.baseProducerConfigs / baseConsumerConfigs): the framework defaults, then the worker's
 * `producer.*` / `consumer.*` / `admin.*`, then the connector's `*.override.*` (already checked against the
 * override policy). Worker-level connection settings (`bootstrap.servers`, `security.protocol`, `sasl.*`,
 * `ssl.*`) are inherited too — unlike Kafka, where they must be repeated under each prefix — but worker
 * identity keys (`group.id`, `client.id`, `transactional.id`) never leak into connector clients.
 */
import { clientProps, type ClientProps } from './kafka-client-config.js';

const NOT_INHERITED = new Set(['group.id', 'client.id', 'transactional.id']);

function workerBase(worker: ClientProps): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(worker)) if (!NOT_INHERITED.has(k)) out[k] = v;
  return out;
}

function layered(
  defaults: Record<string, string>,
  worker: ClientProps,
  prefix: 'producer.' | 'consumer.' | 'admin.',
  connectorConfig: ClientProps,
): Record<string, string> {
  // worker base, then the worker prefix, then connector overrides; identity keys only via prefix/override
  return { ...defaults, ...clientProps(workerBase(worker), prefix, connectorConfig) };
}

/** A source task's producer: acks=all, one request in flight (keeps order on retry), client id per task. */
export function sourceProducerProps(worker: ClientProps, connectorConfig: ClientProps, connector: string, task: number): Record<string, string> {
  return layered(
    {
      acks: 'all',
      'max.in.flight.requests.per.connection': '1',
      'enable.idempotence': 'false',
      'client.id': `connector-producer-${connector}-${task}`,
    },
    worker,
    'producer.',
    connectorConfig,
  );
}

/** A sink task's consumer: group connect-<connector>, no auto commit, earliest. */
export function sinkConsumerProps(worker: ClientProps, connectorConfig: ClientProps, connector: string, task: number): Record<string, string> {
  return layered(
    {
      'group.id': `connect-${connector}`,
      'enable.auto.commit': 'false',
      'auto.offset.reset': 'earliest',
      'client.id': `connector-consumer-${connector}-${task}`,
    },
    worker,
    'consumer.',
    connectorConfig,
  );
}

/** The dead-letter-queue producer of a sink task (Kafka: producer.* + producer.override.*). */
export function dlqProducerProps(worker: ClientProps, connectorConfig: ClientProps, connector: string, task: number): Record<string, string> {
  return layered(
    { acks: 'all', 'max.in.flight.requests.per.connection': '1', 'client.id': `connector-dlq-producer-${connector}-${task}` },
    worker,
    'producer.',
    connectorConfig,
  );
}

/** An admin client acting for a connector (topic creation, DLQ topic). */
export function connectorAdminProps(
  worker: ClientProps,
  connectorConfig: ClientProps,
  clientId: string,
): Record<string, string> {
  return layered({ 'client.id': clientId }, worker, 'admin.', connectorConfig);
}

/** The worker's own admin client (cluster id, internal topics). */
export function workerAdminProps(worker: ClientProps, clientId = 'connect-worker-adminclient'): Record<string, string> {
  return layered({ 'client.id': clientId }, worker, 'admin.', {});
}
