/**
 * Replaces one top-level field of a struct (schema'd) or map (schemaless) value, building the new struct
 * schema once per (input schema, new field schema) pair.
 */
import { SchemaBuilder, type Schema } from '../../src/api/index.js';

export class FieldReplacer {
  readonly #schemas = new WeakMap<Schema, Map<Schema, Schema>>();

  constructor(readonly field: string) {}

  /** The struct schema with `field`'s schema swapped for `fieldSchema` (optional if the old one was). */
  schema(input: Schema, fieldSchema: Schema): Schema {
    let byField = this.#schemas.get(input);
    if (byField === undefined) {
      byField = new Map();
      this.#schemas.set(input, byField);
    }
    let out = byField.get(fieldSchema);
    if (out !== undefined) return out;
    let b = SchemaBuilder.struct();
    if (input.name !== undefined) b = b.name(input.name);
    if (input.version !== undefined) b = b.version(input.version);
    if (input.doc !== undefined) b = b.doc(input.doc);
    if (input.parameters !== undefined) b = b.parameters(input.parameters);
    if (input.optional) b = b.optional();
    for (const f of input.fields ?? []) {
      if (f.name !== this.field) {
        b = b.field(f.name, f.schema);
        continue;
      }
      b = b.field(f.name, f.schema.optional && !fieldSchema.optional ? SchemaBuilder.from(fieldSchema).optional().build() : fieldSchema);
    }
    out = b.build();
    byField.set(fieldSchema, out);
    return out;
  }

  /** A shallow copy of `value` with the field set to `fieldValue`. */
  value(value: Readonly<Record<string, unknown>>, fieldValue: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = value[k];
    out[this.field] = fieldValue;
    return out;
  }
}
