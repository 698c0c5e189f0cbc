// Topic-level configs the broker understands: Kafka's names, defaults and value rules, and the mapping
// from a topic's string overrides to the typed config a PartitionLog takes.
import { resolveLogConfig, type FlushPolicy, type LogConfig } from '../log/log-config.js';

export type { FlushPolicy };

export type ConfigType = 'long' | 'int' | 'double' | 'string' | 'list' | 'boolean';

interface ConfigDef {
  readonly type: ConfigType;
  readonly default: string;
  /** Returns an error message for a bad value, or null. */
  readonly validate?: (value: string) => string | null;
}

const isInteger = (v: string): boolean => /^-?\d+$/.test(v.trim());
const atLeast = (min: number) => (v: string) =>
  isInteger(v) && Number(v) >= min ? null : `must be an integer >= ${min}`;
const oneOf = (...allowed: string[]) => (v: string) =>
  allowed.includes(v.trim()) ? null : `must be one of ${allowed.join(', ')}`;
const listOf = (...allowed: string[]) => (v: string) => {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 && items.every((i) => allowed.includes(i)) ? null : `must be a list of ${allowed.join(', ')}`;
};

export const TOPIC_CONFIG_DEFS: Readonly<Record<string, ConfigDef>> = {
  'cleanup.policy': { type: 'list', default: 'delete', validate: listOf('delete', 'compact') },
  'compression.type': {
    type: 'string', default: 'producer',
    validate: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'),
  },
  'delete.retention.ms': { type: 'long', default: '86400000', validate: atLeast(0) },
  'file.delete.delay.ms': { type: 'long', default: '60000', validate: atLeast(0) },
  'flush.messages': { type: 'long', default: '9223372036854775807', validate: atLeast(1) },
  'flush.ms': { type: 'long', default: '9223372036854775807', validate: atLeast(0) },
  'max.compaction.lag.ms': { type: 'long', default: '9223372036854775807', validate: atLeast(1) },
  'max.message.bytes': { type: 'int', default: '1048588', validate: atLeast(0) },
  'message.timestamp.type': { type: 'string', default: 'CreateTime', validate: oneOf('CreateTime', 'LogAppendTime') },
  'min.cleanable.dirty.ratio': {
    type: 'double', default: '0.5',
    validate: (v) => (/^\d*\.?\d+$/.test(v.trim()) && Number(v) <= 1 ? null : 'must be a number between 0 and 1'),
  },
  'min.compaction.lag.ms': { type: 'long', default: '0', validate: atLeast(0) },
  'min.insync.replicas': { type: 'int', default: '1', validate: atLeast(1) },
  'retention.bytes': { type: 'long', default: '-1', validate: atLeast(-1) },
  'retention.ms': { type: 'long', default: '604800000', validate: atLeast(-1) },
  'segment.bytes': { type: 'int', default: '1073741824', validate: atLeast(14) },
  'segment.index.bytes': { type: 'int', default: '10485760', validate: atLeast(4) },
  'segment.ms': { type: 'long', default: '604800000', validate: atLeast(1) },
  'unclean.leader.election.enable': { type: 'boolean', default: 'false', validate: oneOf('true', 'false') },
  // Accepted and reported like Kafka, but without effect on a single node without tiered storage.
  'follower.replication.throttled.replicas': { type: 'list', default: '' },
  'index.interval.bytes': { type: 'int', default: '4096', validate: atLeast(0) },
  'leader.replication.throttled.replicas': { type: 'list', default: '' },
  'local.retention.bytes': { type: 'long', default: '-2', validate: atLeast(-2) },
  'local.retention.ms': { type: 'long', default: '-2', validate: atLeast(-2) },
  'message.downconversion.enable': { type: 'boolean', default: 'true', validate: oneOf('true', 'false') },
  'message.format.version': { type: 'string', default: '3.0-IV1' },
  'message.timestamp.after.max.ms': { type: 'long', default: '9223372036854775807', validate: atLeast(0) },
  'message.timestamp.before.max.ms': { type: 'long', default: '9223372036854775807', validate: atLeast(0) },
  'message.timestamp.difference.max.ms': { type: 'long', default: '9223372036854775807', validate: atLeast(0) },
  'preallocate': { type: 'boolean', default: 'false', validate: oneOf('true', 'false') },
  'remote.storage.enable': { type: 'boolean', default: 'false', validate: oneOf('false') },
  'segment.jitter.ms': { type: 'long', default: '0', validate: atLeast(0) },
};

/** Kafka's DescribeConfigs ConfigType numbers. */
export const CONFIG_TYPE_CODE: Readonly<Record<ConfigType, number>> = {
  boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7,
};

export function isKnownTopicConfig(name: string): boolean {
  return Object.hasOwn(TOPIC_CONFIG_DEFS, name);
}

/** Checks overrides; returns the first problem as a message (for INVALID_CONFIG), or null. */
export function validateTopicConfigs(configs: Readonly<Record<string, string | null>>): string | null {
  for (const [name, value] of Object.entries(configs)) {
    const def = TOPIC_CONFIG_DEFS[name];
    if (def === undefined) return `Unknown topic config name: ${name}`;
    if (value === null) continue; // null = back to the default
    const problem = def.validate?.(value);
    if (problem) return `Invalid value ${value} for configuration ${name}: ${problem}`;
  }
  return null;
}

/** Effective value of a topic config: the override, else the default. */
export function effectiveTopicConfig(overrides: Readonly<Record<string, string>>, name: string): string {
  return overrides[name] ?? TOPIC_CONFIG_DEFS[name]!.default;
}

/** Maps a topic's overrides onto the config its PartitionLogs are opened with. */
export function logConfigFor(overrides: Readonly<Record<string, string>>, flushPolicy: FlushPolicy): LogConfig {
  const get = (name: string) => effectiveTopicConfig(overrides, name);
  const policy = get('cleanup.policy').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return resolveLogConfig({
    segmentBytes: num(get('segment.bytes')),
    segmentMs: num(get('segment.ms')),
    retentionMs: num(get('retention.ms')),
    retentionBytes: num(get('retention.bytes')),
    cleanupPolicy: policy as Array<'delete' | 'compact'>,
    deleteRetentionMs: num(get('delete.retention.ms')),
    minCompactionLagMs: num(get('min.compaction.lag.ms')),
    flushPolicy,
    // Kafka's flush.ms default is "never"; the 'interval' policy fsyncs every second unless a topic says otherwise.
    flushMs: overrides['flush.ms'] !== undefined ? num(overrides['flush.ms']) : 1000,
    flushMessages: num(get('flush.messages')),
    messageTimestampType: get('message.timestamp.type') as 'CreateTime' | 'LogAppendTime',
    maxMessageBytes: num(get('max.message.bytes')),
    indexIntervalBytes: num(get('index.interval.bytes')),
  });
}

function num(v: string): number {
  const n = Number(v);
  return Number.isFinite(n) && n <= Number.MAX_SAFE_INTEGER ? n : Number.MAX_SAFE_INTEGER;
}
