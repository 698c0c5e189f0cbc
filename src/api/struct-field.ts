import { DataError } from './errors.js';
import type { Field, Schema } from './schema.js';

/** Struct values are plain objects; these look fields up on the *schema*, cached per schema object. */
const byName = new WeakMap<Schema, ReadonlyMap<string, Field>>();

/** The struct field called `name`, or undefined (also for non-struct schemas). */
export function fieldOf(schema: Schema, name: string): Field | undefined {
  let index = byName.get(schema);
  if (index === undefined) {
    index = new Map((schema.fields ?? []).map((f) => [f.name, f]));
    byName.set(schema, index);
  }
  return index.get(name);
}

/** Like `fieldOf`, but a missing field is a DataError that lists the fields there are. */
export function requireField(schema: Schema, name: string): Field {
  const field = fieldOf(schema, name);
  if (field === undefined) {
    const what = schema.name === undefined ? schema.type : `${schema.type} '${schema.name}'`;
    const known = (schema.fields ?? []).map((f) => f.name).join(', ') || 'none';
    throw new DataError(`${what} has no field '${name}' (fields: ${known})`, { code: 'TRIB_FIELD_UNKNOWN' });
  }
  return field;
}

/** A struct value's field, falling back to the field's default when the value is null or missing. */
export function fieldValue(value: Readonly<Record<string, unknown>>, field: Field): unknown {
  const v = value[field.name];
  return v === null || v === undefined ? (field.schema.defaultValue ?? v ?? null) : v;
}
