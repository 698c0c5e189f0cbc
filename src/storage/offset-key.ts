import type { SourceOffset, SourcePartition } from '../api/records.js';
import { ConnectError } from '../api/errors.js';

/**
 * Kafka Connect's offsets-topic key: `["<connector>",{<partition>}]` as compact JSON (no whitespace, fields
 * in the order the partition object has them — as Jackson writes a Java map in iteration order).
 */
export function offsetKey(connector: string, partition: SourcePartition): string {
  return JSON.stringify([connector, partition]);
}

/** The connector and partition of a key, or undefined when the text is not such a key. */
export function parseOffsetKey(key: string): { connector: string; partition: SourcePartition } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string') return undefined;
  const partition = parsed[1] as unknown;
  if (partition === null || typeof partition !== 'object' || Array.isArray(partition)) return undefined;
  return { connector: parsed[0], partition: partition as SourcePartition };
}

/** The stored form of an offset (null erases it). */
export function offsetValue(offset: SourceOffset | null): string | null {
  return offset === null ? null : JSON.stringify(offset);
}

/** Parses a stored offset; a value that is not a JSON object is an error naming the key. */
export function parseOffsetValue(key: string, value: string | null): SourceOffset | null {
  if (value === null) return null;
  const parsed = JSON.parse(value) as unknown;
  if (parsed === null) return null;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConnectError(`stored source offset for ${key} is not a JSON object: ${value}`, { code: 'TRIB_OFFSET_INVALID' });
  }
  return parsed as SourceOffset;
}

/**
 * Checks that a source partition/offset holds only string keys and primitive values (Kafka's
 * OffsetUtils.validateFormat), so it round-trips through JSON. Returns the problem or undefined.
 */
export function offsetFormatError(what: 'partition' | 'offset', value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return `source ${what} must be an object of primitives`;
  for (const [k, v] of Object.entries(value)) {
    const t = typeof v;
    if (v !== null && t !== 'string' && t !== 'number' && t !== 'boolean') {
      return `source ${what} field '${k}' has a ${Array.isArray(v) ? 'array' : t} value; only strings, numbers, booleans and null are allowed`;
    }
    if (t === 'number' && !Number.isFinite(v)) return `source ${what} field '${k}' is not a finite number`;
  }
  return undefined;
}
