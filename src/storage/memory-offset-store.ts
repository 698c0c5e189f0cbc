import type { OffsetBackingStore } from './offset-backing-store.js';

/** Offsets kept in memory only (tests, and workers that need no resume). */
export class MemoryOffsetStore implements OffsetBackingStore {
  protected readonly data = new Map<string, string>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const k of keys) out.set(k, this.data.get(k) ?? null);
    return out;
  }

  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    for (const [k, v] of entries) {
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
    }
  }

  async entries(): Promise<Map<string, string>> {
    return new Map(this.data);
  }
}
