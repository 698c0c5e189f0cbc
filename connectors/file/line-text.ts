/**
 * How FileStreamSink writes a record value as one line. Strings are written as they are; Kafka's sink
 * calls Java's `toString()` on anything else (`Struct{a=1}`), which no tool can read back — Tributary
 * writes JSON instead (bytes as base64, int64 beyond 2^53 as exact digits, dates as ISO-8601).
 */
export function lineText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return JSON.stringify(value, jsonReplacer);
}

function jsonReplacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof Map) return Object.fromEntries(v);
  if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
    // Buffer.toJSON ran before this replacer saw the Buffer
    return Buffer.from((v as { data: number[] }).data).toString('base64');
  }
  return v;
}
