/**
 * Where committed source offsets live: a key/value map of `["<connector>",{<source partition>}]` →
 * `{<source offset>}`, both JSON text exactly as Kafka Connect writes them to its offsets topic. Standalone
 * mode uses a file (`FileOffsetStore`); distributed mode fills the same interface with a store backed by the
 * `offset.storage.topic` (the distributed-mode issue). Tests use `MemoryOffsetStore`.
 *
 * Keys and values are kept as JSON *text*, not parsed objects, because Kafka looks offsets up by exact key
 * bytes: re-serializing a parsed key could reorder fields and miss offsets written by a Java worker.
 */
export interface OffsetBackingStore {
  /** Loads existing offsets (a missing file is an empty store). */
  start(): Promise<void>;
  /** Waits for pending writes; safe to call twice. */
  stop(): Promise<void>;
  /** The stored value of each key (null when absent). */
  get(keys: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Stores every entry (a null value deletes the key) durably before resolving. Writes are applied in call
   * order; a failed write rejects and leaves the previously stored data intact.
   */
  set(entries: ReadonlyMap<string, string | null>): Promise<void>;
  /** Every stored entry (for listing a connector's offsets over REST). */
  entries(): Promise<Map<string, string>>;
}
