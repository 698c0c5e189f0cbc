/**
 * A producer that takes byte records and returns one ack per record, in input order, with its partition and
 * offset (what `SourceTask.commitRecord` needs).
 *
 * Two paths: without idempotence or transactions (the default), RecordBatchProducer encodes the batches
 * itself — compressed too, with native lz4 — and sends them through kafkajs's connections (several times
 * less CPU per record); otherwise kafkajs's producer. kafkajs only reports a base offset per partition, so there the partitioner
 * is wrapped to note where each message went; a record's offset is the base offset plus its index among the
 * messages sent to that partition in the same request.
 */
import { CompressionTypes, Kafka, Partitioners, type Message, type Producer, type ProducerBatch } from 'kafkajs';
import type { Logger } from '../api/logger.js';
import { kafkaJsConfig, type ClientProps } from './kafka-client-config.js';
import { acksOf, compressionOf, producerOptions } from './kafkajs-options.js';
import { kafkaJsLevel, kafkaJsLogCreator } from './kafkajs-logger.js';
import { wholeValue, type OutgoingRecord, type RecordAck } from './kafka-record.js';
import { registerCompressionCodecs } from './compression-codecs.js';
import { canCompress } from '../broker/protocol/compression/codec.js';
import { RecordBatchProducer, asConnectError } from './record-batch-producer.js';

export class KafkaProducer {
  readonly clientId: string;
  readonly #producer: Producer | undefined;
  readonly #fast: RecordBatchProducer | undefined;
  readonly #acks: number;
  readonly #compression: CompressionTypes;
  /** The partition the partitioner picked, per message object (set during send). */
  readonly #chosen = new WeakMap<object, number>();
  #connected = false;
  #closed?: Promise<void>;

  constructor(props: ClientProps, log: Logger) {
    registerCompressionCodecs();
    const config = kafkaJsConfig(props, props['client.id'] ?? 'tributary-producer');
    this.clientId = config.clientId ?? 'tributary-producer';
    this.#acks = acksOf(props);
    this.#compression = compressionOf(props);
    const options = producerOptions(props);
    if (canCompress(this.#compression) && !options.idempotent && options.transactionalId === undefined) {
      const timeout = Number(props['request.timeout.ms'] ?? '30000');
      this.#fast = new RecordBatchProducer(props, this.clientId, {
        acks: this.#acks,
        timeoutMs: Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 2_147_483_647) : 30_000,
        maxInFlightRequests: options.maxInFlightRequests ?? 1,
        retries: Math.min(options.retry?.retries ?? 5, 10),
        retry: { ...options.retry },
        compression: this.#compression,
        maxRequestSize: positiveInt(props['max.request.size'], 1024 * 1024),
      }, log);
      return;
    }
    const kafka = new Kafka({ ...config, logLevel: kafkaJsLevel(log), logCreator: kafkaJsLogCreator(log) });
    const partitioner = Partitioners.DefaultPartitioner();
    this.#producer = kafka.producer({
      ...options,
      createPartitioner: () => (args) => {
        const p = partitioner(args);
        this.#chosen.set(args.message, p);
        return p;
      },
    });
  }

  async connect(): Promise<void> {
    await (this.#fast ?? this.#producer!).connect();
    this.#connected = true;
  }

  /** Sends the records (any topics) as one batch; resolves with one ack per record, in order. */
  async send(records: readonly OutgoingRecord[]): Promise<RecordAck[]> {
    if (this.#fast !== undefined) return this.#fast.send(records);
    const byTopic = new Map<string, Message[]>();
    const messages: Message[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const m: Message = { key: toBuffer(r.key), value: toBuffer(wholeValue(r)) };
      if (r.partition !== null) m.partition = r.partition;
      if (r.timestamp !== null) m.timestamp = String(r.timestamp);
      if (r.headers.length > 0) m.headers = toKafkaJsHeaders(r);
      messages[i] = m;
      let list = byTopic.get(r.topic);
      if (list === undefined) byTopic.set(r.topic, (list = []));
      list.push(m);
    }
    const batch: ProducerBatch = { acks: this.#acks, compression: this.#compression, topicMessages: [] };
    for (const [topic, msgs] of byTopic) batch.topicMessages!.push({ topic, messages: msgs });
    let metadata: Awaited<ReturnType<Producer['sendBatch']>>;
    try {
      metadata = await this.#producer!.sendBatch(batch);
    } catch (err) {
      throw asConnectError(err);
    }

    const base = new Map<string, { offset: number; timestamp: number | null }>();
    for (const m of metadata) {
      const offset = Number(m.baseOffset ?? m.offset ?? -1);
      const ts = m.logAppendTime !== undefined && m.logAppendTime !== '-1' ? Number(m.logAppendTime) : null;
      base.set(`${m.topicName}\0${m.partition}`, { offset, timestamp: ts });
    }
    const nextIndex = new Map<string, number>();
    const acks: RecordAck[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const m = messages[i]!;
      const partition = r.partition ?? this.#chosen.get(m) ?? -1;
      const key = `${r.topic}\0${partition}`;
      const idx = nextIndex.get(key) ?? 0;
      nextIndex.set(key, idx + 1);
      const b = base.get(key);
      acks[i] = {
        topic: r.topic,
        partition,
        offset: b === undefined || b.offset < 0 || this.#acks === 0 ? -1 : b.offset + idx,
        timestamp: b?.timestamp ?? r.timestamp,
      };
    }
    return acks;
  }

  /** Compressed / uncompressed bytes of the last compressed send (1 when nothing is compressed). */
  compressionRatio(): number {
    return this.#fast?.compressionRatio() ?? 1;
  }

  /** Idempotent. */
  close(): Promise<void> {
    return (this.#closed ??= this.#connected ? (this.#fast ?? this.#producer!).disconnect() : Promise.resolve());
  }
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v?.trim() || fallback);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 2_147_483_647) : fallback;
}

function toBuffer(b: Uint8Array | null): Buffer | null {
  if (b === null) return null;
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** kafkajs wants an object; repeated keys become arrays (order within a key is kept). */
function toKafkaJsHeaders(r: OutgoingRecord): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of r.headers) {
    // kafkajs cannot send a null header value; Kafka Connect would, so we send an empty value instead.
    const v = toBuffer(h.value) ?? Buffer.alloc(0);
    const prev = out[h.key];
    if (prev === undefined) out[h.key] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[h.key] = [prev, v];
  }
  return out;
}
