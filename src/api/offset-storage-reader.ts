import type { SourceOffset, SourcePartition } from './records.js';

/** One source partition's committed offset (null when none was ever committed, or to erase it). */
export interface SourcePartitionOffset {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset | null;
}

/**
 * Reads the source offsets committed so far (from the offsets topic, or a file in standalone mode), so
 * a source task can resume where it left off. Partitions are compared by content, not identity.
 */
export interface OffsetStorageReader {
  /** The last committed offset of `partition`, or null. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** Offsets of several partitions; the map's keys are the very objects passed in. */
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}
