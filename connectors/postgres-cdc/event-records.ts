/**
 * Builds Debezium change-event SourceRecords: the envelope value, the key, the tombstone, the source block.
 * Topic `<prefix>.<schema>.<table>`, source partition `{server: <prefix>}`.
 */
import { EMPTY_HEADERS, sourceRecord, type SourceOffset, type SourceRecord } from '../../src/api/index.js';
import { DEBEZIUM_COMPAT_VERSION } from './postgres-cdc-config.js';
import { TX_KEY_SCHEMA, TX_VALUE_SCHEMA, type SnapshotMarker } from './debezium-schemas.js';
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

/** Records that may share one wall-clock reading within a synchronous burst (bounds how stale ts_ms gets). */
const CLOCK_REUSE = 64;

export class EventRecords {
  readonly partition: Readonly<{ server: string }>;
  // Records of one transaction share a commit time and usually a wall-clock millisecond: derive once.
  #tsMicros = -1n;
  #tsMs = 0;
  #tsUs = 0;
  #tsNs = 0n;
  #nowMs = 0;
  #nowUs = 0;
  #nowNs = 0n;
  /** Date.now() as last read for ts_ms; -1 = read it again. */
  #clockMs = -1;
  #clockUses = 0;
  readonly #expireClock = (): void => {
    this.#clockMs = -1;
  };
  /** `source.sequence` starts with the last commit LSN, which changes once per transaction. */
  #seqCommit: number | bigint | null | undefined = undefined;
  #seqPrefix = '';

  constructor(
    readonly topicPrefix: string,
    readonly database: string,
    /** `<topic.prefix>.<topic.transaction>` */
    readonly transactionTopic = `${topicPrefix}.transaction`,
  ) {
    this.partition = Object.freeze({ server: topicPrefix });
  }

  /** Transaction metadata BEGIN event (key and value as Debezium's TransactionMetadata schemas). */
  txBegin(id: string, tsMicros: bigint, offset: SourceOffset): SourceRecord {
    return sourceRecord({
      topic: this.transactionTopic, keySchema: TX_KEY_SCHEMA, key: { id }, valueSchema: TX_VALUE_SCHEMA,
      value: { status: 'BEGIN', id, event_count: null, data_collections: null, ts_ms: Number(tsMicros / 1000n) },
      sourcePartition: this.partition, sourceOffset: offset,
    });
  }

  /** Transaction metadata END event with the per-table event counts. */
  txEnd(id: string, total: number, perTable: ReadonlyMap<string, number>, tsMicros: bigint, offset: SourceOffset): SourceRecord {
    const collections = [...perTable].map(([data_collection, event_count]) => ({ data_collection, event_count }));
    return sourceRecord({
      topic: this.transactionTopic, keySchema: TX_KEY_SCHEMA, key: { id }, valueSchema: TX_VALUE_SCHEMA,
      value: { status: 'END', id, event_count: total, data_collections: collections, ts_ms: Number(tsMicros / 1000n) },
      sourcePartition: this.partition, sourceOffset: offset,
    });
  }

  source(t: TableSchema | null, pos: SourcePosition): Record<string, unknown> {
    if (pos.tsMicros !== this.#tsMicros) {
      this.#tsMicros = pos.tsMicros;
      this.#tsMs = Number(pos.tsMicros / 1000n);
      this.#tsUs = Number(pos.tsMicros);
      this.#tsNs = pos.tsMicros * 1000n;
    }
    if (pos.lastCommitLsn !== this.#seqCommit) {
      this.#seqCommit = pos.lastCommitLsn;
      this.#seqPrefix = pos.lastCommitLsn === null ? '[null,' : `["${pos.lastCommitLsn}",`;
    }
    return {
      version: DEBEZIUM_COMPAT_VERSION,
      connector: 'postgresql',
      name: this.topicPrefix,
      ts_ms: this.#tsMs,
      snapshot: pos.snapshot,
      db: this.database,
      sequence: pos.lsn === null ? `${this.#seqPrefix}null]` : `${this.#seqPrefix}"${pos.lsn}"]`,
      ts_us: this.#tsUs,
      ts_ns: this.#tsNs,
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
    const nowMs = this.#now();
    if (nowMs !== this.#nowMs) {
      this.#nowMs = nowMs;
      this.#nowUs = nowMs * 1000;
      this.#nowNs = BigInt(nowMs) * 1_000_000n;
    }
    return {
      topic: t.topic,
      kafkaPartition: null,
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
        ts_us: this.#nowUs,
        ts_ns: this.#nowNs,
      },
      timestamp: null,
      headers: EMPTY_HEADERS,
      sourcePartition: this.partition,
      sourceOffset: offset,
    };
  }

  /**
   * The wall clock for ts_ms. Records built in one synchronous burst (the frames of one socket read) share
   * a reading, refreshed after 64 records and in the next microtask, so it lags by well under a millisecond.
   */
  #now(): number {
    if (this.#clockMs < 0 || ++this.#clockUses > CLOCK_REUSE) {
      if (this.#clockMs < 0) queueMicrotask(this.#expireClock);
      this.#clockMs = Date.now();
      this.#clockUses = 0;
    }
    return this.#clockMs;
  }

  tombstone(t: TableSchema, key: Record<string, unknown> | null, offset: SourceOffset): SourceRecord {
    return sourceRecord({ topic: t.topic, keySchema: t.keySchema, key, valueSchema: null, value: null, sourcePartition: this.partition, sourceOffset: offset });
  }
}
