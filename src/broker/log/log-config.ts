// Per-partition log settings. Field names are Kafka's topic config names, camel-cased
// (segment.bytes → segmentBytes); the topic manager maps DescribeConfigs/AlterConfigs onto them.

export type FlushPolicy = 'always' | 'interval';

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  /** -1 keeps data forever. */
  retentionMs: number;
  /** -1 means no size limit. */
  retentionBytes: number;
  cleanupPolicy: ReadonlyArray<'delete' | 'compact'>;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  /** 'always': callers await flush() (fsync) before acking. 'interval': fsync every flushMs / flushMessages. */
  flushPolicy: FlushPolicy;
  /** flush.ms for the 'interval' policy. */
  flushMs: number;
  /** flush.messages for the 'interval' policy (fsync once this many records are unflushed). */
  flushMessages: number;
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  maxMessageBytes: number;
  /** index.interval.bytes: one sparse index entry per this many log bytes. */
  indexIntervalBytes: number;
}

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 3600 * 1000,
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  cleanupPolicy: ['delete'] as const,
  deleteRetentionMs: 24 * 3600 * 1000,
  minCompactionLagMs: 0,
  flushPolicy: 'always' as const,
  flushMs: 1000,
  flushMessages: Number.MAX_SAFE_INTEGER,
  messageTimestampType: 'CreateTime' as const,
  maxMessageBytes: 1024 * 1024 + 12,
  indexIntervalBytes: 4096,
});

export function resolveLogConfig(partial: Partial<LogConfig> = {}): LogConfig {
  const out = { ...DEFAULT_LOG_CONFIG } as LogConfig;
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}
