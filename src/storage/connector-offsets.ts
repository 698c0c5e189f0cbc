import type { SourcePartitionOffset } from '../api/offset-storage-reader.js';
import type { OffsetBackingStore } from './offset-backing-store.js';
import { parseOffsetKey, parseOffsetValue } from './offset-key.js';

/** Every committed source offset of one connector (REST `GET /connectors/{name}/offsets`). */
export async function connectorOffsets(store: OffsetBackingStore, connector: string): Promise<SourcePartitionOffset[]> {
  const out: SourcePartitionOffset[] = [];
  for (const [key, value] of await store.entries()) {
    const k = parseOffsetKey(key);
    if (k === undefined || k.connector !== connector) continue;
    out.push({ partition: k.partition, offset: parseOffsetValue(key, value) });
  }
  return out;
}
