/**
 * Produce and consume test records against the test cluster's broker, through the project's own Kafka
 * client wrappers (src/kafka) so tests exercise the same client code the worker uses.
 */
import { randomUUID } from 'node:crypto';
import type { Converter } from '../api/converter.js';
import type { Logger } from '../api/logger.js';
import type { Schema } from '../api/schema.js';
import { KafkaConsumer } from '../kafka/kafka-consumer.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import type { OutgoingRecord, RawHeader, RecordAck } from '../kafka/kafka-record.js';

/** A record to produce. Without a converter, key and value must be a string, bytes or null. */
export interface TestRecord {
  readonly key?: unknown;
  readonly keySchema?: Schema | null;
  readonly value: unknown;
  readonly valueSchema?: Schema | null;
  /** Header values are sent as UTF-8 strings. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly partition?: number;
  readonly timestamp?: number;
}

/** A consumed record. Without a converter key/value are the raw bytes; with one, the Connect data. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: unknown;
  readonly keySchema: Schema | null;
  readonly value: unknown;
  readonly valueSchema: Schema | null;
  /** Headers decoded as UTF-8 (the last value wins for repeated keys); see rawHeaders for all of them. */
  readonly headers: Readonly<Record<string, string | null>>;
  readonly rawHeaders: readonly RawHeader[];
}

const utf8 = new TextEncoder();

function rawBytes(what: string, v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return utf8.encode(v);
  if (v instanceof Uint8Array) return v;
  throw new TypeError(`produce: ${what} must be a string, bytes or null without a converter (got ${typeof v}); pass { converter }`);
}

export async function produceRecords(
  bootstrap: string,
  log: Logger,
  topic: string,
  records: readonly (TestRecord | string)[],
  converters: { key?: Converter | undefined; value?: Converter | undefined },
): Promise<RecordAck[]> {
  const out: OutgoingRecord[] = records.map((input) => {
    const r: TestRecord = typeof input === 'string' ? { value: input } : input;
    const key = converters.key
      ? converters.key.fromConnectData(topic, undefined, r.keySchema ?? null, r.key ?? null)
      : rawBytes('key', r.key);
    const value = converters.value
      ? converters.value.fromConnectData(topic, undefined, r.valueSchema ?? null, r.value)
      : rawBytes('value', r.value);
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => ({ key: k, value: v === null ? null : utf8.encode(v) }));
    return { topic, partition: r.partition ?? null, key, value, headers, timestamp: r.timestamp ?? null };
  });
  const producer = new KafkaProducer({ 'bootstrap.servers': bootstrap, 'client.id': 'tributary-testing-producer' }, log);
  try {
    await producer.connect();
    return await producer.send(out);
  } finally {
    await producer.close();
  }
}

export interface ConsumeOptions {
  /** How many records to wait for (the result has exactly this many, in arrival order). */
  readonly count: number;
  readonly converter?: Converter | undefined;
  readonly keyConverter?: Converter | undefined;
  readonly timeoutMs?: number;
}

/** Reads `topic` from the beginning with a fresh consumer group until `count` records arrived. */
export async function consumeRecords(bootstrap: string, log: Logger, topic: string, options: ConsumeOptions): Promise<ConsumedRecord[]> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const got: ConsumedRecord[] = [];
  const consumer = new KafkaConsumer(
    { 'bootstrap.servers': bootstrap, 'group.id': `tributary-testing-${randomUUID()}`, 'auto.offset.reset': 'earliest', 'client.id': 'tributary-testing-consumer' },
    log,
  );
  let done!: () => void;
  const enough = new Promise<void>((r) => (done = r));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe([topic]);
    await consumer.run(async (batch) => {
      for (const r of batch.records) {
        if (got.length >= options.count) break;
        got.push(decode(r.topic, r, options));
        batch.resolve(r.offset);
      }
      if (got.length >= options.count) done();
    });
    await Promise.race([
      enough,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs} ms: consumed ${got.length} of ${options.count} records from ${topic}`)),
          timeoutMs,
        );
      }),
    ]);
    return got;
  } finally {
    clearTimeout(timer);
    await consumer.stop().catch(() => undefined);
    await consumer.close();
  }
}

const text = new TextDecoder();

function decode(
  topic: string,
  r: { partition: number; offset: number; timestamp: number; key: Buffer | null; value: Buffer | null; headers: readonly RawHeader[] },
  options: ConsumeOptions,
): ConsumedRecord {
  const key = options.keyConverter ? options.keyConverter.toConnectData(topic, undefined, r.key, r) : { schema: null, value: r.key };
  const value = options.converter ? options.converter.toConnectData(topic, undefined, r.value, r) : { schema: null, value: r.value };
  const headers: Record<string, string | null> = {};
  for (const h of r.headers) headers[h.key] = h.value === null ? null : text.decode(h.value);
  return {
    topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    key: key.value, keySchema: key.schema, value: value.value, valueSchema: value.schema,
    headers, rawHeaders: r.headers,
  };
}
