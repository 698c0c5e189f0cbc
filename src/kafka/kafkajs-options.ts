/**
 * Kafka producer/consumer property names → kafkajs options. Only what kafkajs can express is mapped; the
 * rest (linger.ms, batch.size, buffer.memory, …) has no kafkajs equivalent and is ignored.
 */
import { CompressionTypes, type ConsumerConfig, type ProducerConfig } from 'kafkajs';
import { ConfigError } from '../api/errors.js';
import type { ClientProps } from './kafka-client-config.js';

function int(props: ClientProps, key: string): number | undefined {
  const v = props[key];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ConfigError(`${key} must be a number`, { [key]: [`invalid value '${v}'`] });
  return Math.min(n, 2_147_483_647);
}

function bool(props: ClientProps, key: string): boolean | undefined {
  const v = props[key]?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (v !== 'true' && v !== 'false') throw new ConfigError(`${key} must be true or false`, { [key]: [`invalid value '${v}'`] });
  return v === 'true';
}

/** `acks`: all/-1 → -1, 1, 0. */
export function acksOf(props: ClientProps): number {
  const v = (props['acks'] ?? 'all').trim().toLowerCase();
  if (v === 'all' || v === '-1') return -1;
  if (v === '0' || v === '1') return Number(v);
  throw new ConfigError(`acks must be all, -1, 0 or 1`, { acks: [`invalid value '${v}'`] });
}

/** `compression.type` → kafkajs codec id. snappy/lz4/zstd need registerCompressionCodecs(). */
export function compressionOf(props: ClientProps): CompressionTypes {
  const v = (props['compression.type'] ?? 'none').trim().toLowerCase();
  switch (v) {
    case 'none': return CompressionTypes.None;
    case 'gzip': return CompressionTypes.GZIP;
    case 'snappy': return CompressionTypes.Snappy;
    case 'lz4': return CompressionTypes.LZ4;
    case 'zstd': return CompressionTypes.ZSTD;
    default:
      throw new ConfigError(`Unknown compression.type '${v}'`, { 'compression.type': ['use none, gzip, snappy, lz4 or zstd'] });
  }
}

export function producerOptions(props: ClientProps): ProducerConfig {
  const out: ProducerConfig = {
    idempotent: bool(props, 'enable.idempotence') ?? false,
    maxInFlightRequests: int(props, 'max.in.flight.requests.per.connection') ?? 1,
    allowAutoTopicCreation: true,
  };
  const txn = props['transactional.id'];
  if (txn) out.transactionalId = txn;
  const txnTimeout = int(props, 'transaction.timeout.ms');
  if (txnTimeout !== undefined) out.transactionTimeout = txnTimeout;
  const metadataMaxAge = int(props, 'metadata.max.age.ms');
  if (metadataMaxAge !== undefined) out.metadataMaxAge = metadataMaxAge;
  const retries = int(props, 'retries');
  // Kafka Connect's producers retry "forever" (delivery.timeout.ms=MAX); kafkajs needs a finite count.
  out.retry = { retries: retries === undefined ? 10 : Math.min(retries, 1000), maxRetryTime: 10_000 };
  return out;
}

export function consumerOptions(props: ClientProps, groupId: string): ConsumerConfig {
  // Java consumers default allow.auto.create.topics=true (the broker decides whether it really creates).
  const out: ConsumerConfig = { groupId, allowAutoTopicCreation: bool(props, 'allow.auto.create.topics') ?? true };
  const session = int(props, 'session.timeout.ms');
  if (session !== undefined) out.sessionTimeout = session;
  const heartbeat = int(props, 'heartbeat.interval.ms');
  if (heartbeat !== undefined) out.heartbeatInterval = heartbeat;
  const rebalance = int(props, 'max.poll.interval.ms');
  if (rebalance !== undefined) out.rebalanceTimeout = rebalance;
  const maxBytes = int(props, 'fetch.max.bytes');
  if (maxBytes !== undefined) out.maxBytes = maxBytes;
  const perPartition = int(props, 'max.partition.fetch.bytes');
  if (perPartition !== undefined) out.maxBytesPerPartition = perPartition;
  const minBytes = int(props, 'fetch.min.bytes');
  if (minBytes !== undefined) out.minBytes = minBytes;
  const maxWait = int(props, 'fetch.max.wait.ms');
  out.maxWaitTimeInMs = maxWait ?? 500;
  const metadataMaxAge = int(props, 'metadata.max.age.ms');
  if (metadataMaxAge !== undefined) out.metadataMaxAge = metadataMaxAge;
  // Kafka's default is read_uncommitted; kafkajs's is read_committed.
  out.readUncommitted = props['isolation.level']?.trim().toLowerCase() !== 'read_committed';
  return out;
}

/** `auto.offset.reset`: earliest (true) / latest (false); kafkajs has no "none". */
export function fromBeginning(props: ClientProps): boolean {
  const v = (props['auto.offset.reset'] ?? 'earliest').trim().toLowerCase();
  if (v === 'earliest') return true;
  if (v === 'latest') return false;
  throw new ConfigError(`auto.offset.reset '${v}' is not supported (use earliest or latest)`, { 'auto.offset.reset': [`unsupported '${v}'`] });
}
