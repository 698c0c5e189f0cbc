/** Confluent's DefaultPartitioner: `partition=<kafkaPartition>`. */
import type { SinkRecord } from '../../../src/api/index.js';
import type { Partitioner } from './partitioner.js';

export class DefaultPartitioner implements Partitioner {
  readonly needsTimestamp = false;
  readonly #names: string[] = [];

  encodePartition(record: SinkRecord): string {
    const p = record.kafkaPartition;
    // A task sees few partitions; keep their strings instead of building one per record.
    return (this.#names[p] ??= `partition=${p}`);
  }
}
