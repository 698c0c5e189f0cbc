import type { Schema } from '../../src/api/schema.js';

/**
 * A bounded LRU from a schema's JSON text to its Schema object (Kafka's `schemas.cache.size`), so records
 * that carry the same schema text share one immutable Schema and downstream identity caches keep hitting.
 * A Map keeps insertion order, so re-inserting on a hit marks the entry most recently used.
 */
export class SchemaInternCache {
  readonly #max: number;
  readonly #map = new Map<string, Schema | null>();

  constructor(maxEntries: number) {
    this.#max = Math.max(0, maxEntries);
  }

  get size(): number {
    return this.#map.size;
  }

  get(text: string): Schema | null | undefined {
    const hit = this.#map.get(text);
    if (hit !== undefined && this.#map.size > 1) {
      this.#map.delete(text);
      this.#map.set(text, hit);
    }
    return hit;
  }

  set(text: string, schema: Schema | null): void {
    if (this.#max === 0) return;
    this.#map.delete(text);
    this.#map.set(text, schema);
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
}
