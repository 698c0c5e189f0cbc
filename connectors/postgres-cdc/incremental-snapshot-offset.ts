/**
 * An in-progress incremental snapshot as source-offset fields, under Debezium's key names, so a restarted
 * task resumes the remaining chunks without the signal being sent again:
 *
 * - `incremental_snapshot_collections`: JSON list, Debezium's shape
 *   `[{"incremental_snapshot_collections_id": "public.orders", "incremental_snapshot_collections_additional_condition": null, ...}]`
 *   — the table being read first, then the ones still waiting;
 * - `incremental_snapshot_primary_key`: the last key already emitted for the first table (JSON array of the
 *   key columns' text values), or null when none of it has been emitted;
 * - `incremental_snapshot_maximum_key`: the first table's largest key when its reading began (same form);
 * - `incremental_snapshot_rows_done` (Tributary's addition): rows of the first table read so far, so the
 *   progress gauges continue where they were.
 *
 * Debezium writes the two keys as hex of Java object serialization; Tributary writes JSON (readable, and
 * Java-serialized keys cannot be produced faithfully here), so offsets are not portable between the two.
 * Pure functions: no I/O.
 */
import type { OffsetValue, SourceOffset } from '../../src/api/index.js';

export const COLLECTIONS_KEY = 'incremental_snapshot_collections';
export const PRIMARY_KEY_KEY = 'incremental_snapshot_primary_key';
export const MAXIMUM_KEY_KEY = 'incremental_snapshot_maximum_key';
export const ROWS_DONE_KEY = 'incremental_snapshot_rows_done';

export type KeyValues = readonly (string | null)[];

export interface IncrementalSnapshotState {
  /** `schema.table` names: the one being read first, then those waiting. Never empty. */
  readonly collections: readonly string[];
  /** Last key emitted for `collections[0]` (null = start of the table). */
  readonly lastKey: KeyValues | null;
  /** Largest key of `collections[0]` when its reading began (null = not opened yet). */
  readonly maxKey: KeyValues | null;
  /** Rows of `collections[0]` read so far. */
  readonly rowsDone: number;
}

export type SnapshotOffsetFields = Readonly<Record<string, OffsetValue>>;

export function encodeSnapshotState(state: IncrementalSnapshotState): SnapshotOffsetFields {
  return Object.freeze({
    [COLLECTIONS_KEY]: JSON.stringify(state.collections.map((id) => ({
      incremental_snapshot_collections_id: id,
      incremental_snapshot_collections_additional_condition: null,
      incremental_snapshot_collections_surrogate_key: null,
    }))),
    [PRIMARY_KEY_KEY]: state.lastKey === null ? null : JSON.stringify(state.lastKey),
    [MAXIMUM_KEY_KEY]: state.maxKey === null ? null : JSON.stringify(state.maxKey),
    [ROWS_DONE_KEY]: state.rowsDone,
  });
}

function keyValues(text: OffsetValue | undefined, name: string): KeyValues | null {
  if (text === undefined || text === null) return null;
  const v: unknown = JSON.parse(String(text));
  if (!Array.isArray(v) || !v.every((x) => x === null || typeof x === 'string')) {
    throw new Error(`${name} in the stored offset is not a JSON array of key values: ${String(text).slice(0, 200)}`);
  }
  return v as KeyValues;
}

/** The state stored in `offset`, or null when no incremental snapshot was in progress. */
export function decodeSnapshotState(offset: SourceOffset | null): IncrementalSnapshotState | null {
  const raw = offset?.[COLLECTIONS_KEY];
  if (raw === undefined || raw === null || raw === '') return null;
  const list: unknown = JSON.parse(String(raw));
  if (!Array.isArray(list)) throw new Error(`${COLLECTIONS_KEY} in the stored offset is not a JSON list: ${String(raw).slice(0, 200)}`);
  const collections = list.map((c: unknown) => {
    if (typeof c === 'string') return c;
    const id = (c as Record<string, unknown> | null)?.incremental_snapshot_collections_id;
    if (typeof id !== 'string') throw new Error(`${COLLECTIONS_KEY} entry without incremental_snapshot_collections_id: ${JSON.stringify(c)}`);
    return id;
  });
  if (collections.length === 0) return null;
  const rowsDone = offset?.[ROWS_DONE_KEY];
  return {
    collections,
    lastKey: keyValues(offset?.[PRIMARY_KEY_KEY], PRIMARY_KEY_KEY),
    maxKey: keyValues(offset?.[MAXIMUM_KEY_KEY], MAXIMUM_KEY_KEY),
    rowsDone: typeof rowsDone === 'number' && rowsDone >= 0 ? rowsDone : 0,
  };
}

/** `offset` with its snapshot fields replaced by `fields` (or removed when null). */
export function withSnapshotFields(offset: SourceOffset, fields: SnapshotOffsetFields | null): SourceOffset {
  const out: Record<string, OffsetValue> = {};
  for (const k in offset) {
    if (k !== COLLECTIONS_KEY && k !== PRIMARY_KEY_KEY && k !== MAXIMUM_KEY_KEY && k !== ROWS_DONE_KEY) out[k] = offset[k]!;
  }
  if (fields !== null) Object.assign(out, fields);
  return out;
}
