import { describe, expect, it } from 'vitest';
import {
  decodeSnapshotState,
  encodeSnapshotState,
  withSnapshotFields,
} from '../../../../connectors/postgres-cdc/incremental-snapshot-offset.js';

describe('incremental snapshot state in source offsets', () => {
  it('round-trips through the offset fields (as JSON, the way offset stores keep them)', () => {
    const state = { collections: ['public.a', 'public.b'], lastKey: ['17', null], maxKey: ['900', 'z'], rowsDone: 34 };
    const fields = encodeSnapshotState(state);
    expect(Object.keys(fields)).toEqual([
      'incremental_snapshot_collections', 'incremental_snapshot_primary_key', 'incremental_snapshot_maximum_key', 'incremental_snapshot_rows_done',
    ]);
    expect(JSON.parse(fields.incremental_snapshot_collections as string)[0]).toEqual({
      incremental_snapshot_collections_id: 'public.a',
      incremental_snapshot_collections_additional_condition: null,
      incremental_snapshot_collections_surrogate_key: null,
    });
    const stored = JSON.parse(JSON.stringify({ lsn: 5, ...fields }));
    expect(decodeSnapshotState(stored)).toEqual(state);
  });

  it('reads "not started" keys as null and a missing or empty list as no snapshot', () => {
    const fields = encodeSnapshotState({ collections: ['public.a'], lastKey: null, maxKey: null, rowsDone: 0 });
    expect(fields.incremental_snapshot_primary_key).toBeNull();
    expect(decodeSnapshotState({ ...fields })).toEqual({ collections: ['public.a'], lastKey: null, maxKey: null, rowsDone: 0 });
    expect(decodeSnapshotState({ lsn: 1 })).toBeNull();
    expect(decodeSnapshotState(null)).toBeNull();
    expect(decodeSnapshotState({ incremental_snapshot_collections: '[]' })).toBeNull();
    // Written by Debezium (no rows_done): progress counts from zero.
    expect(decodeSnapshotState({ incremental_snapshot_collections: '["public.x"]' })).toEqual({ collections: ['public.x'], lastKey: null, maxKey: null, rowsDone: 0 });
  });

  it('rejects malformed keys with the key name', () => {
    expect(() => decodeSnapshotState({ incremental_snapshot_collections: '["public.x"]', incremental_snapshot_primary_key: '{"a":1}' }))
      .toThrow(/incremental_snapshot_primary_key/);
  });

  it('replaces or removes the fields of an offset', () => {
    const withState = { lsn: 1, ...encodeSnapshotState({ collections: ['public.a'], lastKey: ['1'], maxKey: ['9'], rowsDone: 1 }) };
    expect(withSnapshotFields(withState, null)).toEqual({ lsn: 1 });
    const next = encodeSnapshotState({ collections: ['public.b'], lastKey: null, maxKey: null, rowsDone: 0 });
    expect(withSnapshotFields(withState, next)).toEqual({ lsn: 1, ...next });
  });
});
