/**
 * Builds Debezium change-event SourceRecords: the envelope value, the key, the tombstone, the source block.
 * Topic `<prefix>.<schema>.<table>`, source partition `{server: <prefix>}`.
 */
import { sourceRecord, type SourceOffset, type SourceRecord } from '../../src/api/index.js';
import { DEBEZIUM_COMPAT_VERSION } from './postgres-cdc-config.js';
import type { SnapshotMarker } from './debezium-schemas.js';
import type { TableSchema } from './table-schema.js';

export type Op = 'c' | 'u' | 'd' | 'r' | 't';

export interface SourcePosition {
  /** Commit time of the transaction (or snapshot time), Unix-epoch microseconds. */
  readonly tsMicros: bigint;
  readonly snapshot: SnapshotMarker;
  readonly txId: number | null;
  readonly lsn: number | bigint | null;
  /** The last committed transaction's LSN, for `source.sequence`. */
  readonly lastCommitLsn: number | bigint | null;
}

export interface TransactionBlock {
  readonly id: string;
  readonly total_order: number;
  readonly data_collection_order: number;
}

export class EventRecords {
  readonly partition: Readonly<{ server: string }>;

  constructor(
    readonly topicPrefix: string,
    readonly database: string,
  ) {
    this.partition = Object.freeze({ server: topicPrefix });
  }

  source(t: TableSchema | null, pos: SourcePosition): Record<string, unknown> {
    const tsMs = Number(pos.tsMicros / 1000n);
    return {
      version: DEBEZIUM_COMPAT_VERSION,
      connector: 'postgresql',
      name: this.topicPrefix,
      ts_ms: tsMs,
      snapshot: pos.snapshot,
      db: this.database,
      sequence: JSON.stringify([pos.lastCommitLsn === null ? null : String(pos.lastCommitLsn), pos.lsn === null ? null : String(pos.lsn)]),
      ts_us: Number(pos.tsMicros),
      ts_ns: pos.tsMicros * 1000n,
      schema: t?.schema ?? '',
      table: t?.table ?? '',
      txId: pos.txId,
      lsn: pos.lsn,
      xmin: null,
    };
  }

  change(
    t: TableSchema,
    op: Op,
    key: Record<string, unknown> | null,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    pos: SourcePosition,
    offset: SourceOffset,
    transaction: TransactionBlock | null = null,
  ): SourceRecord {
    const nowMs = Date.now();
    return sourceRecord({
      topic: t.topic,
      keySchema: key === null ? null : t.keySchema,
      key,
      valueSchema: t.envelopeSchema,
      value: {
        before,
        after,
        source: this.source(t, pos),
        transaction,
        op,
        ts_ms: nowMs,
        ts_us: nowMs * 1000,
        ts_ns: BigInt(nowMs) * 1_000_000n,
      },
      sourcePartition: this.partition,
      sourceOffset: offset,
    });
  }

  tombstone(t: TableSchema, key: Record<string, unknown> | null, offset: SourceOffset): SourceRecord {
    return sourceRecord({ topic: t.topic, keySchema: t.keySchema, key, valueSchema: null, value: null, sourcePartition: this.partition, sourceOffset: offset });
  }
}
