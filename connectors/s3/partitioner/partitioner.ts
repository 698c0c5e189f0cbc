/** Maps a record to its encoded partition: the directory path between `<topic>/` and the file name. */
import type { SinkRecord } from '../../../src/api/index.js';

export interface Partitioner {
  /** True when the path depends on the record time (then `timestamp` must be given). */
  readonly needsTimestamp: boolean;
  encodePartition(record: SinkRecord, timestamp: number): string;
}
