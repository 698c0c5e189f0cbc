/**
 * Source partitions and offsets in the exact shapes Confluent's JDBC source commits, so offsets carry over:
 *
 *   partition  {"table": "schema.table", "protocol": "1"}   (v0, still read: {"table": "table"})
 *              {"query": "query"}                             (query mode)
 *   offset     {"incrementing": 42}
 *              {"timestamp": <epoch ms>, "timestamp_nanos": <nanos within the second>}
 *              both, for timestamp+incrementing
 */
import type { SourceOffset, SourcePartition } from '../../../src/api/index.js';
import type { PreciseInstant } from '../dialect/pg-text-values.js';

export const INCREMENTING_FIELD = 'incrementing';
export const TIMESTAMP_FIELD = 'timestamp';
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos';

export function tablePartition(fullName: string): SourcePartition {
  return Object.freeze({ table: fullName, protocol: '1' });
}

export function legacyTablePartition(table: string): SourcePartition {
  return Object.freeze({ table });
}

export function queryPartition(): SourcePartition {
  return Object.freeze({ query: 'query' });
}

/** Where a table's reading stands: the last incrementing value and/or timestamp delivered. */
export interface QueryPosition {
  readonly incrementing: number | bigint | null;
  readonly timestamp: PreciseInstant | null;
}

export const START_POSITION: QueryPosition = Object.freeze({ incrementing: null, timestamp: null });

export function positionFromOffset(offset: SourceOffset | null): QueryPosition {
  if (offset === null) return START_POSITION;
  const inc = offset[INCREMENTING_FIELD];
  const ts = offset[TIMESTAMP_FIELD];
  const nanos = offset[TIMESTAMP_NANOS_FIELD];
  let incrementing: number | bigint | null = null;
  if (typeof inc === 'number') incrementing = inc;
  else if (typeof inc === 'string' && /^-?\d+$/.test(inc)) incrementing = BigInt(inc);
  let timestamp: PreciseInstant | null = null;
  if (typeof ts === 'number') {
    // Confluent's nanos hold the whole sub-second part; without them, the millis are all we know.
    const subMs = ((ts % 1000) + 1000) % 1000;
    timestamp = { epochMs: ts, nanos: typeof nanos === 'number' ? nanos : subMs * 1_000_000 };
  }
  return { incrementing, timestamp };
}

export function offsetFromPosition(p: QueryPosition): SourceOffset {
  const out: Record<string, number | string> = {};
  if (p.timestamp !== null) {
    out[TIMESTAMP_FIELD] = p.timestamp.epochMs;
    out[TIMESTAMP_NANOS_FIELD] = p.timestamp.nanos;
  }
  if (p.incrementing !== null) {
    const inc = p.incrementing;
    out[INCREMENTING_FIELD] = typeof inc === 'bigint' ? (Number.isSafeInteger(Number(inc)) ? Number(inc) : inc.toString()) : inc;
  }
  return out;
}

/** The instant as a timestamptz literal with microseconds (PostgreSQL's precision), e.g. `2024-05-01T10:00:00.123456Z`. */
export function instantLiteral(t: PreciseInstant): string {
  const seconds = Math.floor(t.epochMs / 1000) * 1000;
  const iso = new Date(seconds).toISOString(); // yyyy-mm-ddThh:mm:ss.000Z
  const micros = String(Math.floor(t.nanos / 1000)).padStart(6, '0');
  const year = new Date(seconds).getUTCFullYear();
  const body = `${iso.slice(0, 19)}.${micros}Z`;
  // toISOString writes years outside 0..9999 as ±YYYYYY; PostgreSQL wants BC for years ≤ 0.
  if (year <= 0) return `${String(1 - year).padStart(4, '0')}${body.slice(body.indexOf('-', 1))} BC`;
  return body;
}

export function compareInstants(a: PreciseInstant, b: PreciseInstant): number {
  const sa = Math.floor(a.epochMs / 1000);
  const sb = Math.floor(b.epochMs / 1000);
  return sa !== sb ? sa - sb : a.nanos - b.nanos;
}
