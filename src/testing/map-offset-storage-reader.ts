import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceOffset, SourcePartition } from '../api/records.js';

/** Partitions are compared by content, as the real offset store does; keys are order-independent. */
function partitionKey(partition: SourcePartition): string {
  return JSON.stringify(Object.keys(partition).sort().map((k) => [k, partition[k]]));
}

/**
 * An `OffsetStorageReader` over an in-memory map, for driving a SourceTask without a worker: seed it with
 * the offsets a "previous run" committed, and `commit` what a harness saw the task emit.
 */
export class MapOffsetStorageReader implements OffsetStorageReader {
  readonly #offsets = new Map<string, SourceOffset>();

  constructor(initial: Iterable<readonly [SourcePartition, SourceOffset]> = []) {
    for (const [p, o] of initial) this.commit(p, o);
  }

  /** Records `offset` as the committed offset of `partition` (null erases it). */
  commit(partition: SourcePartition, offset: SourceOffset | null): void {
    if (offset === null) this.#offsets.delete(partitionKey(partition));
    else this.#offsets.set(partitionKey(partition), offset);
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.#offsets.get(partitionKey(partition)) ?? null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const out = new Map<SourcePartition, SourceOffset | null>();
    for (const p of partitions) out.set(p, this.#offsets.get(partitionKey(p)) ?? null);
    return out;
  }

  /** Every committed offset, for assertions. */
  entries(): Array<{ partition: SourcePartition; offset: SourceOffset }> {
    return [...this.#offsets].map(([k, offset]) => ({
      partition: Object.fromEntries(JSON.parse(k) as Array<[string, unknown]>) as SourcePartition,
      offset,
    }));
  }
}
