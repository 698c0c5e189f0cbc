/**
 * Confluent's TimeBasedPartitioner (and the Daily/Hourly shortcuts): the record time, shifted into
 * `timezone`, is floored to `partition.duration.ms` and formatted with `path.format`.
 */
import type { SinkRecord } from '../../../src/api/index.js';
import { JodaPathFormat } from './joda-path-format.js';
import type { Partitioner } from './partitioner.js';
import type { ZoneOffsets } from './zone-offsets.js';

export class TimeBasedPartitioner implements Partitioner {
  readonly needsTimestamp = true;
  readonly #format: JodaPathFormat;
  // Consecutive records nearly always share a bucket: remember the last one's path.
  #lastBucket = Number.NaN;
  #lastPath = '';

  constructor(pathFormat: string, private readonly durationMs: number, locale: string, private readonly zone: ZoneOffsets) {
    this.#format = new JodaPathFormat(pathFormat, locale);
  }

  encodePartition(_record: SinkRecord, timestamp: number): string {
    const local = timestamp + this.zone.offsetAt(timestamp);
    const bucket = Math.floor(local / this.durationMs) * this.durationMs;
    if (bucket !== this.#lastBucket) {
      this.#lastBucket = bucket;
      this.#lastPath = this.#format.format(bucket);
    }
    return this.#lastPath;
  }
}
