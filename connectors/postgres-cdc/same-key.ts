/**
 * Whether an update changed the row's key: field by field, with JSON's notion of equality (what the stream
 * once decided with `JSON.stringify(oldKey) === JSON.stringify(newKey)`), but without building strings and
 * without JSON.stringify's failure on a bigint (an int8 key beyond 2^53 failed the stream).
 * Both keys come from the same table's key factory, so they have the same fields in the same order.
 */
export function sameKey(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  if (a === null || b === null) return a === b;
  for (const name in a) if (!sameValue(a[name], b[name])) return false;
  return true;
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== typeof y) return false;
  // JSON writes every non-finite number as null
  if (typeof x === 'number') return !Number.isFinite(x) && !Number.isFinite(y as number);
  if (typeof x !== 'object' || x === null || y === null) return false;
  if (x instanceof Uint8Array) return y instanceof Uint8Array && Buffer.compare(x, y) === 0;
  if (x instanceof Date) return y instanceof Date && (x.getTime() === y.getTime() || (Number.isNaN(x.getTime()) && Number.isNaN(y.getTime())));
  if (Array.isArray(x)) return Array.isArray(y) && x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  if (Array.isArray(y) || x instanceof Map || y instanceof Map) return false;
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const keys = Object.keys(xo);
  if (keys.length !== Object.keys(yo).length) return false;
  return keys.every((k) => Object.hasOwn(yo, k) && sameValue(xo[k], yo[k]));
}
