import { EMPTY_HEADERS, Headers, type HeaderInit, type ReadonlyHeaders } from './headers.js';
import type { Schema } from './schema.js';

/**
 * Records are plain, read-only objects. Transforms must not mutate their input (the types say so):
 * they return `newRecord(r, { value, valueSchema })` — a copy with changes — or `null` to drop.
 * A schema of `null` means schemaless (as a converter's `SchemaAndValue` says).
 */
export interface ConnectRecord {
  readonly topic: string;
  /** null = let the producer's partitioner choose (source side) */
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  /** Epoch millis, or null when the record has none. */
  readonly timestamp: number | null;
  readonly headers: ReadonlyHeaders;
}

/** A source offset/partition value: JSON primitives only, as Kafka Connect's offset store requires. */
export type OffsetValue = string | number | boolean | null;
/** Identifies a source stream (e.g. `{ table: 'orders' }`). */
export type SourcePartition = Readonly<Record<string, OffsetValue>>;
/** A position within a source partition (e.g. `{ lsn: '0/16B3748' }` — strings for values beyond 2^53). */
export type SourceOffset = Readonly<Record<string, OffsetValue>>;

export interface SourceRecord extends ConnectRecord {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;
}

export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

export interface SinkRecord extends ConnectRecord {
  readonly kafkaPartition: number;
  /** The offset this record had in Kafka (after SMTs it still names the consumed record). */
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  /** Where the record was consumed from, before any SMT renamed its topic or changed its partition. */
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;
}

/** The fields a transform may change with `newRecord`. */
export type RecordChanges = Partial<ConnectRecord>;

/**
 * A copy of `record` with `changes` applied; fields of the subtype (sourceOffset, kafkaOffset,
 * original*…) carry over. Keys set to `undefined` in `changes` are ignored. The input is not touched.
 */
export function newRecord<R extends ConnectRecord>(record: R, changes: RecordChanges): R {
  const out: Record<string, unknown> = { ...(record as ConnectRecord) };
  for (const k in changes) {
    const v = changes[k as keyof RecordChanges];
    if (v !== undefined) out[k] = v;
  }
  return out as R;
}

type HeadersInput = ReadonlyHeaders | Iterable<HeaderInit>;

export interface ConnectRecordInit {
  readonly topic: string;
  readonly kafkaPartition?: number | null;
  readonly keySchema?: Schema | null;
  readonly key?: unknown;
  readonly valueSchema?: Schema | null;
  readonly value?: unknown;
  readonly timestamp?: number | null;
  /** A Headers object (kept as is) or header entries (copied into new Headers). */
  readonly headers?: HeadersInput;
}

export interface SourceRecordInit extends ConnectRecordInit {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;
}

export interface SinkRecordInit extends ConnectRecordInit {
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  /** Defaults to CreateTime when a timestamp is given, else NoTimestampType. */
  readonly timestampType?: TimestampType;
  readonly originalTopic?: string;
  readonly originalKafkaPartition?: number;
  readonly originalKafkaOffset?: number;
}

function toHeaders(h: HeadersInput | undefined): ReadonlyHeaders {
  if (h === undefined) return EMPTY_HEADERS;
  if (h instanceof Headers || isReadonlyHeaders(h)) return h;
  return new Headers(h);
}

function isReadonlyHeaders(h: HeadersInput): h is ReadonlyHeaders {
  return typeof (h as Partial<ReadonlyHeaders>).lastWithName === 'function' && typeof (h as Partial<ReadonlyHeaders>).duplicate === 'function';
}

/** A ConnectRecord with every field present (missing ones null), e.g. for tests and simple plugins. */
export function connectRecord(init: ConnectRecordInit): ConnectRecord {
  return {
    topic: init.topic,
    kafkaPartition: init.kafkaPartition ?? null,
    keySchema: init.keySchema ?? null,
    key: init.key ?? null,
    valueSchema: init.valueSchema ?? null,
    value: init.value ?? null,
    timestamp: init.timestamp ?? null,
    headers: toHeaders(init.headers),
  };
}

/** A SourceRecord with every field present: what `SourceTask.poll()` returns. */
export function sourceRecord(init: SourceRecordInit): SourceRecord {
  return {
    ...connectRecord(init),
    sourcePartition: init.sourcePartition,
    sourceOffset: init.sourceOffset,
  };
}

/** A SinkRecord with every field present; the original coordinates default to the current ones. */
export function sinkRecord(init: SinkRecordInit): SinkRecord {
  const timestamp = init.timestamp ?? null;
  return {
    ...connectRecord(init),
    kafkaPartition: init.kafkaPartition,
    kafkaOffset: init.kafkaOffset,
    timestampType: init.timestampType ?? (timestamp === null ? 'NoTimestampType' : 'CreateTime'),
    originalTopic: init.originalTopic ?? init.topic,
    originalKafkaPartition: init.originalKafkaPartition ?? init.kafkaPartition,
    originalKafkaOffset: init.originalKafkaOffset ?? init.kafkaOffset,
  };
}
