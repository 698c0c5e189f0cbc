/**
 * The source producer's fast path: records are partitioned (Kafka's murmur2 default partitioner), encoded
 * as RecordBatch v2 by our own encoder (uncompressed, or compressed with the broker's gzip/snappy/lz4 codecs), and sent as Produce v3 requests through kafkajs's own
 * Cluster/Broker objects — so bootstrap, metadata, SASL, TLS, connection pooling and in-flight limits stay
 * kafkajs's, while the per-record work (kafkajs's Long arithmetic, byte-at-a-time CRC, growing encoders,
 * per-message partition grouping) is gone. Used by KafkaProducer unless idempotence or transactions are
 * asked for (or a codec this process cannot write); those stay on kafkajs's producer.
 *
 * Failures: a partition answered with a retriable error (leader moved, not enough replicas, …) or a broken
 * connection refreshes metadata and resends only the partitions that failed, with backoff, a few times;
 * after that a RetriableError reaches the runtime, which retries the whole send as Kafka Connect's producer
 * would. Internal paths of kafkajs 2.2.4 (pinned), as in group-membership.ts.
 */
import { createRequire } from 'node:module';
import { RetriableError } from '../api/errors.js';
import type { Logger } from '../api/logger.js';
import { kafkaJsConfig, type ClientProps } from './kafka-client-config.js';
import { kafkaJsLevel, kafkaJsLogCreator } from './kafkajs-logger.js';
import type { OutgoingRecord, RecordAck } from './kafka-record.js';
import { keyPartition } from './murmur2.js';
import { decodeProduceV3Response, encodeProduceV3Request, type PartitionResult, type TopicBatches } from './produce-v3-codec.js';
import { planRecordBatch } from './record-batch-encoder.js';
import type { BatchBytes } from './produce-v3-codec.js';

const require = createRequire(import.meta.url);
const { KafkaJSError } = require('kafkajs/src/errors.js') as { KafkaJSError: new (message: string, meta: { retriable: boolean }) => Error };
const PRODUCE_API_KEY = 0;
const PRODUCE_VERSION = 3;

interface KjsPartitionMetadata {
  readonly partitionId: number;
  readonly leader: number;
}

interface KjsBroker {
  readonly nodeId: number;
  readonly versions?: Record<number, { minVersion: number; maxVersion: number }>;
  readonly connectionPool: { send(req: object): Promise<unknown> };
}

interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): KjsPartitionMetadata[];
  findBroker(q: { nodeId: number }): Promise<KjsBroker>;
  removeBroker(q: { host: string; port: number }): void;
}

type ErrorFromCode = (code: number) => Error & { type: string; retriable: boolean };

/** One partition's share of a send: the record indices, in order, and the encoded batch. */
interface PartitionSend {
  readonly topic: string;
  readonly partition: number;
  readonly indices: number[];
  batch?: BatchBytes;
  result?: PartitionResult;
  error?: Error & { retriable?: boolean };
}

export interface RecordBatchProducerOptions {
  readonly acks: number;
  /** request.timeout.ms for the broker's side of acks=-1 */
  readonly timeoutMs?: number;
  /** Resend rounds for retriable failures before a RetriableError goes up (producer `retries`; default 5). */
  readonly retries?: number;
  /** Also the retry settings of kafkajs's cluster (metadata, connects): kafkajs RetryOptions. */
  readonly retry?: Readonly<Record<string, unknown>>;
  readonly maxInFlightRequests?: number;
  /** RecordBatch compression codec: 0 none (default), 1 gzip, 2 snappy, 3 lz4, 4 zstd (where it can be written). */
  readonly compression?: number;
  /**
   * max.request.size: a send whose encoded batches pass it is split in two and sent as two requests, one
   * after the other (records of a send may compress worse than their sender guessed). Default 1 MiB.
   */
  readonly maxRequestSize?: number;
}

export class RecordBatchProducer {
  readonly #cluster: KjsCluster;
  readonly #errorFromCode: ErrorFromCode;
  readonly #o: RecordBatchProducerOptions;
  /** Round-robin position per topic for records with neither key nor partition. */
  readonly #counters = new Map<string, number>();
  readonly #log: Logger;
  readonly #backoffMs: number;
  /** Settles when the latest send has handed its first round of requests to kafkajs (see send). */
  #dispatchTail: Promise<void> = Promise.resolve();
  /** Compressed bytes / record bytes of the last compressed send (1 before any, or without compression). */
  #ratio = 1;

  constructor(props: ClientProps, clientId: string, opts: RecordBatchProducerOptions, log: Logger) {
    this.#o = opts;
    this.#log = log;
    const config = kafkaJsConfig(props, clientId);
    this.#backoffMs = config.retry?.initialRetryTime ?? 100;
    const Cluster = require('kafkajs/src/cluster/index.js') as new (o: object) => KjsCluster;
    const { createLogger } = require('kafkajs/src/loggers/index.js') as { createLogger(o: object): unknown };
    const socketFactory = require('kafkajs/src/network/socketFactory.js') as () => unknown;
    this.#errorFromCode = (require('kafkajs/src/protocol/error.js') as { createErrorFromCode: ErrorFromCode }).createErrorFromCode;
    this.#cluster = new Cluster({
      ...config,
      connectionTimeout: config.connectionTimeout ?? 1000,
      socketFactory: socketFactory(),
      logger: createLogger({ level: kafkaJsLevel(log), logCreator: kafkaJsLogCreator(log) }),
      allowAutoTopicCreation: true,
      retry: { ...config.retry, ...opts.retry },
      maxInFlightRequests: opts.maxInFlightRequests ?? null,
      offsets: new Map(),
    });
  }

  connect(): Promise<void> {
    return this.#cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.#cluster.disconnect();
  }

  /** Sends the records (any topics); resolves with one ack per record, in input order. */
  async send(records: readonly OutgoingRecord[]): Promise<RecordAck[]> {
    if (records.length === 0) return [];
    // Concurrent sends reach the broker connections in call order, as a Java producer keeps a partition's
    // batches in order: each waits until the one before it has handed its requests to kafkajs (a retry
    // round, as in Java without idempotence, may still overtake).
    let handOver!: () => void;
    const previous = this.#dispatchTail;
    this.#dispatchTail = new Promise<void>((resolve) => (handOver = resolve));
    try {
      await previous;
      return await this.#send(records, handOver);
    } finally {
      handOver();
    }
  }

  /**
   * How much compression shrinks records, from the last compressed send (compressed / uncompressed bytes;
   * 1 without compression): lets a sender size requests by what will go on the wire.
   */
  compressionRatio(): number {
    return this.#ratio;
  }

  async #send(records: readonly OutgoingRecord[], handOver: () => void): Promise<RecordAck[]> {
    const topics = [...new Set(records.map((r) => r.topic))];
    const sends = await this.#withRetriableMapping(() => this.#partition(records, topics));
    const nowMs = Date.now();
    const codec = this.#o.compression ?? 0;
    let encoded = 0;
    if (codec === 0) {
      for (const s of sends) encoded += (s.batch = planRecordBatch(records, s.indices, nowMs)).size;
    } else {
      let raw = 0;
      await Promise.all(sends.map(async (s) => {
        const plan = planRecordBatch(records, s.indices, nowMs);
        raw += plan.size;
        const batch = await plan.compressed(codec);
        s.batch = batch;
        encoded += batch.size; // after the await: `encoded += await …` would read encoded before it
      }));
      this.#ratio = encoded / raw;
    }
    if (encoded > (this.#o.maxRequestSize ?? 1024 * 1024) && records.length > 1) {
      // As the Java producer splits a batch the broker found too large: two sends, in order (a partition
      // must not appear twice in one request). The dispatch lock is released only by the last piece, so a
      // later concurrent send cannot land between the halves.
      const half = records.length >>> 1;
      const first = await this.#send(records.slice(0, half), () => {});
      return first.concat(await this.#send(records.slice(half), handOver));
    }

    const retries = this.#o.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const pending = sends.filter((s) => s.result === undefined);
      if (pending.length === 0) break;
      let failure: (Error & { retriable?: boolean }) | undefined;
      try {
        await this.#sendRound(pending, handOver);
      } catch (err) {
        failure = err as Error;
      }
      handOver();
      for (const s of pending) {
        if (s.error !== undefined && s.error.retriable !== true) throw s.error;
        if (s.error !== undefined) failure ??= s.error;
      }
      if (failure === undefined) continue;
      if (!isRetriable(failure) || attempt >= retries) throw asConnectError(failure);
      this.#log.warn({ err: failure, attempt }, 'produce failed; refreshing metadata and resending the failed partitions');
      await this.#recover(failure);
      await new Promise((r) => setTimeout(r, Math.min(1000, this.#backoffMs * 2 ** attempt)));
    }

    const acks: RecordAck[] = new Array(records.length);
    for (const s of sends) {
      const res = s.result!;
      for (let i = 0; i < s.indices.length; i++) {
        const idx = s.indices[i]!;
        const r = records[idx]!;
        acks[idx] = {
          topic: r.topic,
          partition: s.partition,
          offset: this.#o.acks === 0 || res.baseOffset < 0 ? -1 : res.baseOffset + i,
          timestamp: res.logAppendTime !== -1 ? res.logAppendTime : r.timestamp,
        };
      }
    }
    return acks;
  }

  async #partition(records: readonly OutgoingRecord[], topics: string[]): Promise<PartitionSend[]> {
    await this.#cluster.addMultipleTargetTopics(topics);
    await this.#cluster.refreshMetadataIfNecessary();
    const meta = new Map<string, KjsPartitionMetadata[]>();
    for (const t of topics) {
      const m = this.#cluster.findTopicPartitionMetadata(t);
      if (m.length === 0) throw new KafkaJSError(`no metadata for topic ${t} yet`, { retriable: true });
      meta.set(t, m);
    }
    for (let refreshed = false, i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.partition === null || (r.partition >= 0 && r.partition < meta.get(r.topic)!.length)) continue;
      if (!refreshed) {
        // partitions may have been added since the metadata was read: look again once
        refreshed = true;
        await this.#cluster.refreshMetadata();
        for (const t of topics) meta.set(t, this.#cluster.findTopicPartitionMetadata(t));
        i--;
        continue;
      }
      // as the Java producer: a record for a partition the topic does not have is not retried
      throw new KafkaJSError(`Invalid partition given with record: ${r.partition} is not in the range [0...${meta.get(r.topic)!.length}] of topic ${r.topic}`, { retriable: false });
    }
    // per topic, the sends by partition number (no string key per record)
    const byTopic = new Map<string, PartitionSend[]>();
    const out: PartitionSend[] = [];
    let lastTopic: string | undefined;
    let lastMeta: KjsPartitionMetadata[] = [];
    let lastSends: PartitionSend[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.topic !== lastTopic) {
        lastTopic = r.topic;
        lastMeta = meta.get(r.topic)!;
        let sends = byTopic.get(r.topic);
        if (sends === undefined) byTopic.set(r.topic, (sends = []));
        lastSends = sends;
      }
      const p = r.partition ?? (r.key !== null ? keyPartition(r.key, lastMeta.length) : this.#roundRobin(r.topic, lastMeta));
      let s = lastSends[p];
      if (s === undefined) {
        s = { topic: r.topic, partition: p, indices: [] };
        lastSends[p] = s;
        out.push(s);
      }
      s.indices.push(i);
    }
    return out;
  }

  /** As kafkajs's default partitioner: round robin over partitions that have a leader. */
  #roundRobin(topic: string, m: KjsPartitionMetadata[]): number {
    let c = this.#counters.get(topic);
    if (c === undefined) c = Math.floor(Math.random() * 0x7fffffff);
    c = (c + 1) & 0x7fffffff;
    this.#counters.set(topic, c);
    let available = 0;
    for (const p of m) if (p.leader >= 0) available++;
    if (available === 0) return c % m.length;
    let want = c % available;
    for (const p of m) if (p.leader >= 0 && want-- === 0) return p.partitionId;
    return c % m.length;
  }

  /** One Produce request per leader, in parallel; fills each partition's result or error. */
  /** `handedOver` is called once every request of the round has been given to its connection. */
  async #sendRound(pending: PartitionSend[], handedOver: () => void): Promise<void> {
    const byLeader = new Map<number, PartitionSend[]>();
    for (const s of pending) {
      s.error = undefined;
      const leader = this.#cluster.findTopicPartitionMetadata(s.topic).find((p) => p.partitionId === s.partition)?.leader;
      if (leader === undefined || leader < 0) {
        s.error = this.#errorFromCode(leader === undefined ? 3 : 5); // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE
        continue;
      }
      let list = byLeader.get(leader);
      if (list === undefined) byLeader.set(leader, (list = []));
      list.push(s);
    }
    // allSettled: every request of the round is over before the failed partitions are looked at (no resend
    // of a partition whose answer is still on its way)
    let toHand = byLeader.size;
    if (toHand === 0) handedOver();
    const encoded = () => {
      if (--toHand === 0) handedOver();
    };
    const settled = await Promise.allSettled([...byLeader].map(async ([nodeId, list]) => {
      const broker = await this.#cluster.findBroker({ nodeId });
      const range = broker.versions?.[PRODUCE_API_KEY];
      if (range !== undefined && (range.minVersion > PRODUCE_VERSION || range.maxVersion < PRODUCE_VERSION)) {
        throw new KafkaJSError(`broker ${nodeId} does not accept Produce v${PRODUCE_VERSION}`, { retriable: false });
      }
      const results = await this.#produce(broker, list, encoded);
      for (const s of list) {
        const res = results?.find((x) => x.topic === s.topic && x.partition === s.partition);
        if (results === undefined) s.result = { topic: s.topic, partition: s.partition, errorCode: 0, baseOffset: -1, logAppendTime: -1 };
        else if (res === undefined) s.error = new KafkaJSError(`no produce response for ${s.topic}-${s.partition}`, { retriable: true });
        else if (res.errorCode !== 0) s.error = this.#errorFromCode(res.errorCode);
        else s.result = res;
      }
    }));
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
  }

  /** One Produce v3 request to `broker`; undefined when acks=0 (no response). */
  async #produce(broker: KjsBroker, list: PartitionSend[], encoded: () => void): Promise<PartitionResult[] | undefined> {
    const topics: TopicBatches[] = [];
    const byTopic = new Map<string, { topic: string; partitions: { partition: number; batch: BatchBytes }[] }>();
    for (const s of list) {
      let t = byTopic.get(s.topic);
      if (t === undefined) {
        byTopic.set(s.topic, (t = { topic: s.topic, partitions: [] }));
        topics.push(t);
      }
      t.partitions.push({ partition: s.partition, batch: s.batch! });
    }
    const acks = this.#o.acks;
    const body = encodeProduceV3Request(acks, this.#o.timeoutMs ?? 30_000, topics);
    const request = {
      apiKey: PRODUCE_API_KEY,
      apiVersion: PRODUCE_VERSION,
      apiName: 'Produce',
      expectResponse: () => acks !== 0,
      // kafkajs's request framing takes anything with an Encoder's `buf`/`buffer`
      // kafkajs queues the request for the socket a few microtasks after encoding it, with no await between
      encode: async () => {
        encoded();
        return { buf: body, buffer: body };
      },
    };
    const response = {
      decode: async (payload: Buffer) => decodeProduceV3Response(payload),
      parse: async (data: PartitionResult[]) => data,
    };
    return (await broker.connectionPool.send({ request, response })) as PartitionResult[] | undefined;
  }

  async #recover(err: Error & { host?: string; port?: number; name: string }): Promise<void> {
    try {
      if (err.name === 'KafkaJSConnectionClosedError' && err.host !== undefined && err.port !== undefined) {
        this.#cluster.removeBroker({ host: err.host, port: err.port });
      }
      if (!this.#cluster.isConnected()) await this.#cluster.connect();
      await this.#cluster.refreshMetadata();
    } catch (e) {
      this.#log.debug({ err: e }, 'metadata refresh after a failed produce failed too');
    }
  }

  async #withRetriableMapping<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw asConnectError(err);
    }
  }
}

const CONNECTION_ERRORS = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSMetadataNotLoaded', 'KafkaJSTopicMetadataNotLoaded', 'KafkaJSBrokerNotFound', 'KafkaJSLockTimeout']);

function isRetriable(err: unknown): boolean {
  for (let e = err as { retriable?: boolean; cause?: unknown; name?: string } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.retriable === true || CONNECTION_ERRORS.has(e.name ?? '')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A retriable kafkajs failure → RetriableError (the runtime keeps trying); anything else as is. */
export function asConnectError(err: unknown): unknown {
  if (err instanceof RetriableError || !isRetriable(err)) return err;
  const message = (err as Error)?.message ?? String(err);
  return new RetriableError(`produce failed: ${message}`, { cause: err, code: 'TRIB_PRODUCE_RETRIABLE' });
}
