/**
 * Whether an update changed the row's key: field by field with the Connect value equality of src/api
 * (bytes by content, dates by time, bigints by value) — no strings built per update, and no failure on a
 * bigint, which `JSON.stringify(oldKey) === JSON.stringify(newKey)` threw on (an int8 key beyond 2^53).
 * Both keys come from the same table's key factory, so they have the same fields in the same order.
 */
import { valuesEqual } from '../../src/api/index.js';

export function sameKey(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  if (a === null || b === null) return a === b;
  for (const name in a) if (!valuesEqual(a[name], b[name])) return false;
  return true;
}
