/**
 * Whether an update changed the row's key, decided as `JSON.stringify(oldKey) === JSON.stringify(newKey)`
 * (the rule the stream has always used) but without building two strings per update when every field is
 * a string, boolean or finite number — the usual keys — where `===` gives the same answer. Any other field
 * (bigint, Buffer, Date, NaN, struct, …) falls back to the JSON comparison itself.
 * Both keys come from the same table's key factory, so they have the same fields in the same order.
 */
export function sameKey(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  if (a === null || b === null) return JSON.stringify(a) === JSON.stringify(b);
  let same = true;
  for (const name in a) {
    const x = a[name];
    const y = b[name];
    const type = typeof x;
    // Checked for every field before answering: JSON.stringify throws on a bigint anywhere in the key.
    if (typeof y !== type || !(type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(x) && Number.isFinite(y)))) {
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if (x !== y) same = false;
  }
  return same;
}
