/** Records as the runtime hands them to / gets them from Kafka: bytes only, no kafkajs types. */

/** One header; repeated keys are allowed and kept in order per key. */
export interface RawHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

export interface OutgoingRecord {
  readonly topic: string;
  /** null = the default partitioner chooses (murmur2 of the key, or round robin). */
  readonly partition: number | null;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /**
   * Bytes that come before `value` in the record's value (Kafka sees `valuePrefix ++ value`): a part many
   * records share, such as JsonConverter's schema, written by the producer without a copy per record.
   * Absent (or ignored) when value is null.
   */
  readonly valuePrefix?: Uint8Array | undefined;
  readonly headers: readonly RawHeader[];
  readonly timestamp: number | null;
}

/** The record's whole value (`valuePrefix ++ value`) as one buffer; a copy only when there is a prefix. */
export function wholeValue(r: OutgoingRecord): Uint8Array | null {
  if (r.value === null || r.valuePrefix === undefined) return r.value;
  const out = Buffer.allocUnsafe(r.valuePrefix.byteLength + r.value.byteLength);
  out.set(r.valuePrefix, 0);
  out.set(r.value, r.valuePrefix.byteLength);
  return out;
}

/** Where Kafka stored a record. */
export interface RecordAck {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}

export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RawHeader[];
  readonly timestamp: number;
  readonly timestampType: 'CreateTime' | 'LogAppendTime';
}
