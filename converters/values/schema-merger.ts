import type { SchemaAndValue } from '../../src/api/converter.js';
import type { Schema, SchemaType } from '../../src/api/schema.js';
import { SchemaBuilder } from '../../src/api/schema-builder.js';

/** Numeric types in widening order: a mix of two of them becomes the later one. */
const NUMERIC_RANK: Partial<Record<SchemaType, number>> = { int8: 0, int16: 1, int32: 2, int64: 3, float32: 4, float64: 5 };

/**
 * Kafka's `Values.SchemaMerger`: the one schema that fits every element of a parsed array (or every key /
 * value of a map). Numbers widen (int8 + int16 → int16, int64 + float32 → float32); any other mix has no
 * common schema. Null elements don't vote, but make the result optional (see values-parser.ts).
 */
export class SchemaMerger {
  #common: Schema | null = null;
  #compatible = true;
  #sawNull = false;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null) {
      this.#sawNull = true;
      return;
    }
    if (!this.#compatible) return;
    if (this.#common === null) {
      this.#common = latest.schema;
      return;
    }
    this.#common = mergeSchemas(this.#common, latest.schema);
    this.#compatible = this.#common !== null;
  }

  /** The common schema, or null when there is none (all null, or incompatible). */
  schema(): Schema | null {
    const s = this.#compatible ? this.#common : null;
    if (s === null || !this.#sawNull || s.optional) return s;
    return SchemaBuilder.from(s).optional().build();
  }
}

function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_RANK[previous.type];
    const b = NUMERIC_RANK[next.type];
    if (a === undefined || b === undefined) return null;
    return b > a ? next : previous;
  }
  if (previous.optional === next.optional) return previous.optional ? previous : next;
  return null;
}
