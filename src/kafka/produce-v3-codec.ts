/**
 * Produce request/response, version 3 (the first with RecordBatch v2; every broker since Kafka 0.11 takes it):
 * the request body (after the request header) from pre-encoded record batches, and the response body (after
 * the correlation id). Pure functions of bytes.
 *
 *   request:  transactional_id NULLABLE_STRING, acks INT16, timeout_ms INT32,
 *             [topic STRING, [partition INT32, records BYTES]]
 *   response: [topic STRING, [partition INT32, error_code INT16, base_offset INT64, log_append_time INT64]],
 *             throttle_time_ms INT32
 */

/** A record batch of known size that writes itself into the body (a Buffer, or a RecordBatchPlan). */
export interface BatchBytes {
  readonly size: number;
  writeTo(buf: Buffer, at: number): void;
}

export interface PartitionBatch {
  readonly partition: number;
  readonly batch: BatchBytes;
}

/** Wraps ready-made batch bytes. */
export function batchBytes(b: Buffer): BatchBytes {
  return { size: b.length, writeTo: (buf, at) => void b.copy(buf, at) };
}

export interface TopicBatches {
  readonly topic: string;
  readonly partitions: readonly PartitionBatch[];
}

export interface PartitionResult {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  /** -1 unless the topic uses LogAppendTime. */
  readonly logAppendTime: number;
}

export function encodeProduceV3Request(acks: number, timeoutMs: number, topics: readonly TopicBatches[]): Buffer {
  const names = topics.map((t) => Buffer.from(t.topic, 'utf8'));
  let size = 2 + 2 + 4 + 4;
  for (let t = 0; t < topics.length; t++) {
    size += 2 + names[t]!.length + 4;
    for (const p of topics[t]!.partitions) size += 4 + 4 + p.batch.size;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = buf.writeInt16BE(-1, 0); // no transactional id
  at = buf.writeInt16BE(acks, at);
  at = buf.writeInt32BE(timeoutMs, at);
  at = buf.writeInt32BE(topics.length, at);
  for (let t = 0; t < topics.length; t++) {
    const name = names[t]!;
    at = buf.writeInt16BE(name.length, at);
    at += name.copy(buf, at);
    const parts = topics[t]!.partitions;
    at = buf.writeInt32BE(parts.length, at);
    for (const p of parts) {
      at = buf.writeInt32BE(p.partition, at);
      at = buf.writeInt32BE(p.batch.size, at);
      p.batch.writeTo(buf, at);
      at += p.batch.size;
    }
  }
  return buf;
}

export function decodeProduceV3Response(buf: Buffer): PartitionResult[] {
  const out: PartitionResult[] = [];
  let at = 0;
  const topics = buf.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    const len = buf.readInt16BE(at);
    at += 2;
    const topic = buf.toString('utf8', at, at + len);
    at += len;
    const parts = buf.readInt32BE(at);
    at += 4;
    for (let p = 0; p < parts; p++) {
      out.push({
        topic,
        partition: buf.readInt32BE(at),
        errorCode: buf.readInt16BE(at + 4),
        baseOffset: Number(buf.readBigInt64BE(at + 6)),
        logAppendTime: Number(buf.readBigInt64BE(at + 14)),
      });
      at += 22;
    }
  }
  return out;
}
