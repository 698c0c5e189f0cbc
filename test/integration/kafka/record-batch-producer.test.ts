/**
 * KafkaProducer's fast path (RecordBatchProducer: our RecordBatch v2 + Produce v3 over kafkajs's connections)
 * against the embedded broker and librdkafka's mock cluster (several brokers, injected errors, leader moves):
 * what a consumer reads back is what was sent, acks carry the partition and offset each record really got,
 * keyed records land where kafkajs's default partitioner would put them, and failures map as the runtime
 * expects (retriable → resent, then RetriableError; anything else as is).
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetriableError } from '../../../src/api/errors.js';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaProducer } from '../../../src/kafka/kafka-producer.js';
import type { OutgoingRecord, RecordAck } from '../../../src/kafka/kafka-record.js';
import { keyPartition } from '../../../src/kafka/murmur2.js';
import { iterateBatches } from '../../../src/broker/protocol/record-batch.js';
import { startTestBroker, type TestBroker } from '../../support/broker.js';
import { startMockCluster, type MockCluster } from '../../support/mock-cluster.js';

const { Kafka, logLevel } = kafkajs;

interface Read {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: string;
  headers: Record<string, string | string[]>;
}

async function readAll(bootstrap: string, topic: string, count: number): Promise<Read[]> {
  const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `r-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const out: Read[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  await consumer.run({
    eachMessage: async ({ topic, partition, message: m }) => {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String) : String(v);
      out.push({ topic, partition, offset: Number(m.offset), key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, timestamp: m.timestamp, headers });
      if (out.length >= count) finish();
    },
  });
  const timer = setTimeout(finish, 20_000);
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  return out;
}

async function createTopic(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ brokers: bootstrap.split(','), clientId: 'admin', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

function records(topic: string, n: number, opts: { keyed?: boolean } = {}): OutgoingRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    topic,
    partition: null,
    key: opts.keyed === false || i % 5 === 4 ? null : Buffer.from(`key-${i}`),
    value: i % 7 === 6 ? null : Buffer.from(`value-${i}`),
    headers: i % 3 === 0 ? [{ key: 'n', value: Buffer.from(String(i)) }, { key: 'n', value: Buffer.from('again') }] : [],
    timestamp: i % 2 === 0 ? 1_700_000_000_000 + i : null,
  }));
}

/** Every ack points at the record sent: read back by partition+offset. */
function expectAcksMatch(sent: readonly OutgoingRecord[], acks: readonly RecordAck[], read: readonly Read[]): void {
  expect(acks).toHaveLength(sent.length);
  const at = new Map(read.map((r) => [`${r.topic}:${r.partition}:${r.offset}`, r]));
  for (let i = 0; i < sent.length; i++) {
    const s = sent[i]!;
    const a = acks[i]!;
    expect(a.topic).toBe(s.topic);
    const r = at.get(`${a.topic}:${a.partition}:${a.offset}`);
    expect(r, `record ${i} at ${a.partition}:${a.offset}`).toBeDefined();
    expect(r!.value).toBe(s.value === null ? null : Buffer.from(s.value).toString());
    expect(r!.key).toBe(s.key === null ? null : Buffer.from(s.key).toString());
    if (s.timestamp !== null) expect(r!.timestamp).toBe(String(s.timestamp));
  }
}

describe('fast produce path, embedded broker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('sends keyed, unkeyed, explicit-partition, null-value and header records to several topics; acks match what a consumer reads', async () => {
    await createTopic(broker.bootstrap, 'fast-a', 3);
    await createTopic(broker.bootstrap, 'fast-b', 1);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap }, silentLogger);
    await producer.connect();
    try {
      const a = records('fast-a', 300);
      const b = records('fast-b', 50).map((r, i) => (i % 10 === 0 ? { ...r, partition: 0 } : r));
      const mixed = [...a.slice(0, 150), ...b, ...a.slice(150)];
      const acks = await producer.send(mixed);
      const acks2 = await producer.send(a.slice(0, 10)); // a second request continues the offsets
      const readA = await readAll(broker.bootstrap, 'fast-a', 310);
      const readB = await readAll(broker.bootstrap, 'fast-b', 50);
      expect(readA).toHaveLength(310);
      expect(readB).toHaveLength(50);
      expectAcksMatch(mixed, acks, [...readA, ...readB]);
      // records of one partition keep their order and get consecutive offsets
      for (let p = 0; p < 3; p++) {
        const offs = acks.filter((x) => x.topic === 'fast-a' && x.partition === p).map((x) => x.offset);
        expect(offs).toEqual(offs.map((_, i) => i));
      }
      // keyed records go where Kafka's (and kafkajs's) default partitioner puts them
      mixed.forEach((r, i) => {
        if (r.key !== null && r.partition === null) expect(acks[i]!.partition).toBe(keyPartition(r.key, r.topic === 'fast-a' ? 3 : 1));
      });
      // unkeyed records are spread (round robin), not all on one partition
      const unkeyed = new Set(mixed.map((r, i) => (r.topic === 'fast-a' && r.key === null ? acks[i]!.partition : -1)).filter((p) => p >= 0));
      expect(unkeyed.size).toBe(3);
      // headers, repeated keys in order
      const withHeaders = readA.find((r) => r.value === 'value-3')!;
      expect(withHeaders.headers['n']).toEqual(['3', 'again']);
      for (const x of acks2) expect(x.offset).toBeGreaterThanOrEqual(0);
      expect(acks2[0]!.offset).toBe(acks.filter((x) => x.topic === 'fast-a' && x.partition === acks2[0]!.partition).length);
    } finally {
      await producer.close();
    }
  });

  it.each([['fast path', {}], ["kafkajs's producer (idempotent)", { 'enable.idempotence': 'true' }]])('%s: values in two parts (valuePrefix ++ value) arrive whole', async (_, extra) => {
    const topic = `fast-parts-${Object.keys(extra).length}`;
    await createTopic(broker.bootstrap, topic, 1);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap, ...extra }, silentLogger);
    await producer.connect();
    const prefix = Buffer.from('{"schema":"shared","payload":');
    try {
      const sent = Array.from({ length: 20 }, (_, i) => ({ topic, partition: null, key: null, value: Buffer.from(`${i}}`), valuePrefix: prefix, headers: [], timestamp: null }));
      await producer.send(sent);
      const read = await readAll(broker.bootstrap, topic, 20);
      expect(read.map((r) => r.value)).toEqual(sent.map((_, i) => `{"schema":"shared","payload":${i}}`));
    } finally {
      await producer.close();
    }
  });

  it('a record for a partition the topic does not have fails the send, not retried (as the Java producer)', async () => {
    await createTopic(broker.bootstrap, 'fast-two', 2);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap }, silentLogger);
    await producer.connect();
    try {
      const err = await producer.send([{ ...records('fast-two', 1)[0]!, partition: 2 }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(RetriableError);
      expect(String((err as Error).message)).toMatch(/Invalid partition given with record: 2/);
      expect((await producer.send([{ ...records('fast-two', 1)[0]!, partition: 1 }]))[0]!.partition).toBe(1);
    } finally {
      await producer.close();
    }
  });

  it('creates a topic on first use (broker auto-creation) and acks=0 answers with offset -1', async () => {
    const p1 = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap }, silentLogger);
    const p0 = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap, acks: '0' }, silentLogger);
    await p1.connect();
    await p0.connect();
    try {
      const acks = await p1.send(records('fast-auto', 5));
      expect(acks.map((a) => a.offset).sort()).toHaveLength(5);
      const none = await p0.send(records('fast-auto', 3));
      expect(none.map((a) => a.offset)).toEqual([-1, -1, -1]);
      expect((await readAll(broker.bootstrap, 'fast-auto', 8)).length).toBe(8);
    } finally {
      await p1.close();
      await p0.close();
    }
  });
});

describe('fast produce path: compression and request size (embedded broker, batches checked on disk)', () => {
  let broker: TestBroker & { removeDataDir(): Promise<void> };
  beforeAll(async () => {
    broker = await startTestBroker({ persistent: true });
  });
  afterAll(async () => {
    await broker?.close();
    await broker?.removeDataDir();
  });

  /** The partition's (first) log segment as the broker wrote it. */
  async function segment(topic: string, partition: number): Promise<Buffer> {
    const dir = join(broker.dataDir!, 'logs', `${topic}-${partition}`);
    return readFile(join(dir, (await readdir(dir)).find((f) => f.endsWith('.log'))!));
  }

  it.each([['gzip', 1], ['snappy', 2], ['lz4', 3]])('%s: the broker stores batches with codec %i, far smaller than the records; everything reads back with acks matching', async (codec, id) => {
    const topic = `fast-${codec}`;
    await createTopic(broker.bootstrap, topic, 1);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap, 'compression.type': codec }, silentLogger);
    await producer.connect();
    const sent = records(topic, 400).map((r, i) => ({ ...r, value: r.value === null ? null : Buffer.from(`${'{"schema":"repeated"},'.repeat(40)}${i}`) }));
    let acks: RecordAck[];
    try {
      acks = await producer.send(sent);
    } finally {
      await producer.close();
    }
    const log = await segment(topic, 0);
    expect(log[16]).toBe(2); // magic
    expect(log.readInt16BE(21) & 7).toBe(id);
    const rawBytes = sent.reduce((n, r) => n + (r.value?.length ?? 0), 0);
    expect(log.length).toBeLessThan(rawBytes / 5);
    expectAcksMatch(sent, acks, await readAll(broker.bootstrap, topic, 400));
  });

  it('a send that compresses worse than max.request.size allows is split into requests in order; acks match; the ratio is reported', async () => {
    await createTopic(broker.bootstrap, 'fast-split', 2);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap, 'compression.type': 'lz4', 'max.request.size': '3000' }, silentLogger);
    await producer.connect();
    try {
      expect(producer.compressionRatio()).toBe(1);
      // random bytes do not compress: 200 × 100 B ≈ 20 KB against a 3,000-byte request cap
      const sent = Array.from({ length: 200 }, (_, i) => ({ topic: 'fast-split', partition: i % 2, key: Buffer.from(`k${i}`), value: randomBytes(100), headers: [], timestamp: null }));
      const acks = await producer.send(sent);
      expect(producer.compressionRatio()).toBeGreaterThan(0.5);
      const read = await readAll(broker.bootstrap, 'fast-split', 200);
      expect(read).toHaveLength(200);
      expectAcksMatch(sent, acks, read);
      for (const p of [0, 1]) expect(acks.filter((a) => a.partition === p).map((a) => a.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      // on the broker's disk: many batches, none over the cap
      for (const p of [0, 1]) {
        const batches = [...iterateBatches(await segment('fast-split', p))];
        expect(batches.length).toBeGreaterThanOrEqual(8);
        for (const b of batches) expect(b.bytes.length).toBeLessThanOrEqual(3000);
      }
      // repetitive values: the ratio follows
      await producer.send(Array.from({ length: 20 }, (_, i) => ({ topic: 'fast-split', partition: 0, key: null, value: Buffer.from(`${'{"schema":"same"},'.repeat(5)}${i}`), headers: [], timestamp: null })));
      expect(producer.compressionRatio()).toBeLessThan(0.5);
    } finally {
      await producer.close();
    }
  });

  it('a split send keeps its place: a send started meanwhile lands after both of its halves', async () => {
    await createTopic(broker.bootstrap, 'fast-split-order', 1);
    const producer = new KafkaProducer({ 'bootstrap.servers': broker.bootstrap, 'compression.type': 'lz4', 'max.request.size': '3000' }, silentLogger);
    await producer.connect();
    try {
      const big = Array.from({ length: 120 }, () => ({ topic: 'fast-split-order', partition: 0, key: null, value: randomBytes(100), headers: [], timestamp: null }));
      const small = Array.from({ length: 5 }, () => ({ topic: 'fast-split-order', partition: 0, key: null, value: randomBytes(10), headers: [], timestamp: null }));
      const [a, b] = await Promise.all([producer.send(big), producer.send(small)]);
      expect(Math.max(...a.map((x) => x.offset))).toBe(119);
      expect(b.map((x) => x.offset)).toEqual([120, 121, 122, 123, 124]);
    } finally {
      await producer.close();
    }
  });
});

// ---- librdkafka's mock cluster, with its control channel ----

describe('fast produce path, librdkafka mock cluster (3 brokers)', () => {
  let cluster: MockCluster;
  beforeAll(async () => {
    cluster = await startMockCluster({ brokers: 3, topics: { spread: 6, moving: 2, failing: 1, 'zipped-lz4': 3, 'zipped-gzip': 3 } });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('sends to partitions led by different brokers in one send; acks match what is read back', async () => {
    const producer = new KafkaProducer({ 'bootstrap.servers': cluster.bootstrap }, silentLogger);
    await producer.connect();
    try {
      const sent = records('spread', 240);
      const acks = await producer.send(sent);
      expect(new Set(acks.map((a) => a.partition)).size).toBe(6);
      expectAcksMatch(sent, acks, await readAll(cluster.bootstrap, 'spread', 240));
    } finally {
      await producer.close();
    }
  });

  it.each(['lz4', 'gzip'])('%s-compressed batches: librdkafka\'s mock brokers take them; acks match what is read back', async (codec) => {
    const producer = new KafkaProducer({ 'bootstrap.servers': cluster.bootstrap, 'compression.type': codec }, silentLogger);
    await producer.connect();
    try {
      const sent = records(`zipped-${codec}`, 120).map((r) => ({ ...r, value: r.value === null ? null : Buffer.from(`${'{"schema":"same"},'.repeat(20)}${String(r.value)}`) }));
      const acks = await producer.send(sent);
      expect(producer.compressionRatio()).toBeLessThan(0.5);
      expect(new Set(acks.map((a) => a.partition)).size).toBe(3);
      expectAcksMatch(sent, acks, await readAll(cluster.bootstrap, `zipped-${codec}`, 120));
    } finally {
      await producer.close();
    }
  });

  it('retriable errors (NOT_LEADER_OR_FOLLOWER) and a leader move: resent after a metadata refresh, nothing lost, offsets in order', async () => {
    const producer = new KafkaProducer({ 'bootstrap.servers': cluster.bootstrap, 'retry.backoff.ms': '20' }, silentLogger);
    await producer.connect();
    try {
      const first = await producer.send(records('moving', 20));
      await cluster.command('leader moving 0 2');
      await cluster.command('leader moving 1 3');
      await cluster.command('errors 0 6 2'); // the next two Produce requests: NOT_LEADER_OR_FOLLOWER
      const second = await producer.send(records('moving', 20));
      const all = [...records('moving', 20), ...records('moving', 20)];
      const read = await readAll(cluster.bootstrap, 'moving', 40);
      expect(read).toHaveLength(40); // the failed requests wrote nothing; no duplicates either
      expectAcksMatch(all, [...first, ...second], read);
      for (let p = 0; p < 2; p++) {
        const offs = [...first, ...second].filter((a) => a.partition === p).map((a) => a.offset);
        expect(offs).toEqual(offs.map((_, i) => i));
      }
    } finally {
      await producer.close();
    }
  });

  it('a retriable error that outlasts the retries becomes a RetriableError; a non-retriable one stays as is', async () => {
    const producer = new KafkaProducer({ 'bootstrap.servers': cluster.bootstrap, 'retry.backoff.ms': '10', retries: '2' }, silentLogger);
    await producer.connect();
    try {
      await producer.send(records('failing', 1)); // metadata loaded
      await cluster.command('errors 0 19 5'); // NOT_ENOUGH_REPLICAS (retriable) × 5 > 1 + 2 attempts
      const retriable = await producer.send(records('failing', 3)).catch((e: unknown) => e);
      expect(retriable).toBeInstanceOf(RetriableError);
      expect((retriable as RetriableError).code).toBe('TRIB_PRODUCE_RETRIABLE');
      await cluster.command('errors 0 0 0');
      // drain the injected errors left over
      for (let i = 0; i < 5; i++) await producer.send(records('failing', 1)).catch(() => undefined);
      await cluster.command('errors 0 10 1'); // MESSAGE_TOO_LARGE: not retriable
      const fatal = await producer.send(records('failing', 1)).catch((e: unknown) => e);
      expect(fatal).toBeInstanceOf(Error);
      expect(fatal).not.toBeInstanceOf(RetriableError);
      expect(String((fatal as { type?: string }).type)).toBe('MESSAGE_TOO_LARGE');
      // and the producer still works afterwards
      const ok = await producer.send(records('failing', 2));
      expect(ok.every((a) => a.offset >= 0)).toBe(true);
    } finally {
      await producer.close();
    }
  });
});
