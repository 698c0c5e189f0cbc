/**
 * Differential check: the same kafkajs scenarios run against the embedded broker and against librdkafka's
 * mock cluster, a Kafka-protocol broker nobody on this project wrote. A scenario that passes on the mock and
 * fails on the embedded broker points at a broker bug; one that fails on both points at the test.
 *
 * The mock (Debian's librdkafka 2.0.2) names controller id 0, which kafkajs cannot resolve, so admin calls
 * and kafkajs's idempotent/transactional producers (their InitProducerId goes to the controller) are not part
 * of the shared scenarios — test/integration/broker/transactions.test.ts and the kcat idempotence test cover
 * them on the embedded broker. Topics are pre-created on both brokers.
 */
import { Kafka, CompressionTypes, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor } from '../support/broker.js';
import { startMockCluster } from '../support/mock-cluster.js';

interface Target {
  bootstrap: string;
  close(): Promise<void>;
}

const TOPICS = { 'diff-roundtrip': 1, 'diff-group': 3 } as const;

const targets: Record<string, () => Promise<Target>> = {
  'embedded broker': async () => {
    const b = await startTestBroker({ defaultPartitions: 1 });
    // Same layout as the mock: pre-create the topics through the protocol.
    const admin = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: Object.entries(TOPICS).map(([topic, numPartitions]) => ({ topic, numPartitions })) });
    await admin.disconnect();
    return b;
  },
  'librdkafka mock cluster': () => startMockCluster({ brokers: 1, topics: { ...TOPICS } }),
};

describe.each(Object.keys(targets))('kafkajs scenarios on the %s', (name) => {
  let target: Target;
  let kafka: Kafka;
  beforeAll(async () => {
    target = await targets[name]!();
    kafka = new Kafka({ clientId: 'diff', brokers: [target.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  });
  afterAll(async () => {
    await target?.close();
  });

  it('produces (gzip, acks=-1) and consumes every record in order with headers', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}`, headers: { n: String(i) } }));
    await producer.send({ topic: 'diff-roundtrip', acks: -1, compression: CompressionTypes.GZIP, messages: messages.slice(0, 100) });
    await producer.send({ topic: 'diff-roundtrip', acks: 1, messages: messages.slice(100) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'diff-rt', sessionTimeout: 6000, heartbeatInterval: 500 });
    const seen: Array<{ value: string; header: string; offset: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'diff-roundtrip', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ value: message.value!.toString(), header: message.headers!.n!.toString(), offset: message.offset });
      },
    });
    await waitFor(() => seen.length >= 200, '200 records consumed', 30_000);
    await consumer.disconnect();
    expect(seen.map((s) => s.value)).toEqual(messages.map((m) => m.value));
    expect(seen.map((s) => s.header)).toEqual(messages.map((m) => m.headers.n));
    expect(seen.map((s) => Number(s.offset))).toEqual(messages.map((_, i) => i));
  });

  it('a consumer group shares 3 partitions, rebalances when a member leaves, and resumes from commits', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'diff-group', messages: Array.from({ length: 90 }, (_, i) => ({ partition: i % 3, value: `a${i}` })) });

    const seen = new Map<string, string[]>();
    const members: Consumer[] = [];
    for (let m = 0; m < 2; m++) {
      const c = kafka.consumer({ groupId: 'diff-g', sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 10000 });
      const id = `m${m}`;
      seen.set(id, []);
      await c.connect();
      await c.subscribe({ topic: 'diff-group', fromBeginning: true });
      await c.run({ eachMessage: async ({ message }) => void seen.get(id)!.push(message.value!.toString()) });
      members.push(c);
    }
    const total = () => [...seen.values()].reduce((n, v) => n + v.length, 0);
    await waitFor(() => total() >= 90, 'first 90 records consumed by the group', 45_000);
    // One member leaves; the other takes over all partitions and gets the next records.
    await members[0]!.disconnect();
    await producer.send({ topic: 'diff-group', messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `b${i}` })) });
    await waitFor(() => seen.get('m1')!.filter((v) => v.startsWith('b')).length >= 30, 'remaining member reads the new records', 45_000);
    await members[1]!.disconnect();

    // A new member of the same group resumes from the committed offsets: nothing old is re-read.
    await producer.send({ topic: 'diff-group', messages: [{ partition: 0, value: 'c0' }] });
    const late: string[] = [];
    const c = kafka.consumer({ groupId: 'diff-g', sessionTimeout: 6000, heartbeatInterval: 300 });
    await c.connect();
    await c.subscribe({ topic: 'diff-group', fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void late.push(message.value!.toString()) });
    await waitFor(() => late.includes('c0'), 'the new member reads the newest record', 45_000);
    await c.disconnect();
    await producer.disconnect();

    const all = [...seen.values()].flat();
    expect(new Set(all.filter((v) => v.startsWith('a'))).size).toBe(90);
    expect(late).toEqual(['c0']);
  });
});
