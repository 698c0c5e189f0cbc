import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceOffset, SourcePartition } from '../api/records.js';
import type { OffsetBackingStore } from './offset-backing-store.js';
import { offsetKey, parseOffsetValue } from './offset-key.js';

/** The `OffsetStorageReader` a source task or connector gets: one connector's view of the store. */
export class StoreOffsetReader implements OffsetStorageReader {
  constructor(
    private readonly store: OffsetBackingStore,
    private readonly connector: string,
  ) {}

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return (await this.offsets([partition])).get(partition) ?? null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const keys = partitions.map((p) => offsetKey(this.connector, p));
    const found = await this.store.get(keys);
    const out = new Map<SourcePartition, SourceOffset | null>();
    for (let i = 0; i < partitions.length; i++) {
      const key = keys[i]!;
      out.set(partitions[i]!, parseOffsetValue(key, found.get(key) ?? null));
    }
    return out;
  }
}
