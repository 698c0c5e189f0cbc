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
  readonly headers: readonly RawHeader[];
  readonly timestamp: number | null;
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
