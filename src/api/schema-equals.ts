import type { Schema } from './schema.js';

/**
 * Structural equality of two schemas: type, optional, name, version, doc, parameters, default value,
 * fields (names, order, schemas), key and value schemas — what Kafka's `ConnectSchema.equals` compares.
 * Identical objects short-circuit, so interned schemas compare in O(1).
 */
export function schemaEquals(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null; // null and undefined both mean "no schema"
  if (
    a.type !== b.type ||
    a.optional !== b.optional ||
    a.name !== b.name ||
    a.version !== b.version ||
    a.doc !== b.doc ||
    !parametersEqual(a.parameters, b.parameters) ||
    !valuesEqual(a.defaultValue, b.defaultValue) ||
    !schemaEquals(a.keySchema, b.keySchema) ||
    !schemaEquals(a.valueSchema, b.valueSchema)
  ) {
    return false;
  }
  const fa = a.fields ?? [];
  const fb = b.fields ?? [];
  if (fa.length !== fb.length) return false;
  for (let i = 0; i < fa.length; i++) {
    const x = fa[i] as (typeof fa)[number];
    const y = fb[i] as (typeof fb)[number];
    if (x.name !== y.name || x.index !== y.index || !schemaEquals(x.schema, y.schema)) return false;
  }
  return true;
}

/** Missing parameters and an empty parameter map are the same thing. */
function parametersEqual(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ka = a === undefined ? [] : Object.keys(a);
  const kb = b === undefined ? [] : Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (b?.[k] !== a?.[k]) return false;
  return true;
}

/**
 * Deep equality of Connect values: bytes by content, Dates by time, int64 `1` equals `1n`,
 * maps (plain object or Map) by entries, structs by keys.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === typeof b) return Number.isNaN(a) && Number.isNaN(b);
    return Number.isInteger(typeof a === 'number' ? a : b) && BigInt(a as number) === BigInt(b as number);
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  const ea = entries(a);
  const eb = new Map(entries(b));
  if (ea.length !== eb.size) return false;
  for (const [k, v] of ea) {
    if (!eb.has(k) || !valuesEqual(v, eb.get(k))) return false;
  }
  return true;
}

function entries(o: object): Array<[unknown, unknown]> {
  return o instanceof Map ? [...o.entries()] : Object.entries(o);
}
