// Broker settings of the group coordinator (Kafka's names in the comments) and their defaults.
import type { OffsetStore } from './offset-store.js';
import { systemClock, systemSetTimer, type Clock, type SetTimer } from './timers.js';

export interface GroupCoordinatorOptions {
  offsetStore: OffsetStore;
  clock?: Clock;
  setTimer?: SetTimer;
  /** group.initial.rebalance.delay.ms — Kafka's default is 3000; tests usually pass 0. */
  groupInitialRebalanceDelayMs?: number;
  /** group.min.session.timeout.ms (6000). */
  minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms (1800000). */
  maxSessionTimeoutMs?: number;
  /** offsets.retention.ms (7 days). */
  offsetsRetentionMs?: number;
  /** offsets.retention.check.interval.ms (600000). */
  offsetsRetentionCheckIntervalMs?: number;
  /** offset.metadata.max.bytes (4096). */
  offsetMetadataMaxBytes?: number;
  /** Answers UNKNOWN_TOPIC_OR_PARTITION for commits to partitions that do not exist (server hook). */
  partitionExists?: (topic: string, partition: number) => boolean;
}

export type ResolvedOptions = Required<Omit<GroupCoordinatorOptions, 'partitionExists'>> &
  Pick<GroupCoordinatorOptions, 'partitionExists'>;

export function resolveOptions(o: GroupCoordinatorOptions): ResolvedOptions {
  return {
    offsetStore: o.offsetStore,
    clock: o.clock ?? systemClock,
    setTimer: o.setTimer ?? systemSetTimer,
    groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs ?? 3000,
    minSessionTimeoutMs: o.minSessionTimeoutMs ?? 6000,
    maxSessionTimeoutMs: o.maxSessionTimeoutMs ?? 1_800_000,
    offsetsRetentionMs: o.offsetsRetentionMs ?? 7 * 24 * 3600 * 1000,
    offsetsRetentionCheckIntervalMs: o.offsetsRetentionCheckIntervalMs ?? 600_000,
    offsetMetadataMaxBytes: o.offsetMetadataMaxBytes ?? 4096,
    partitionExists: o.partitionExists,
  };
}
