import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { waitFor, withBroker } from '../../support/broker.js';

describe('embedded broker: compaction and retention through topic configs', () => {
  const broker = withBroker({ retentionCheckIntervalMs: 0 });
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-cleanup', logLevel: logLevel.NOTHING });

  async function readFromStart(topic: string, groupId: string, until: (got: KafkaMessage[]) => boolean): Promise<KafkaMessage[]> {
    const consumer = kafka().consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message); } });
    await waitFor(() => until(got), `records of ${topic}`);
    await consumer.disconnect();
    return got;
  }

  it('a compacted topic with many updates per key shrinks to the latest value per key', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'compacted', configEntries: [
        { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' },
      ] }],
    });
    const producer = kafka().producer();
    await producer.connect();
    for (let round = 0; round < 20; round++) {
      await producer.send({ topic: 'compacted', messages: Array.from({ length: 5 }, (_, k) => ({ key: `key${k}`, value: `r${round}-${'x'.repeat(50)}` })) });
    }
    await producer.send({ topic: 'compacted', messages: [{ key: 'end', value: 'end' }] });
    broker().runLogCleanup();
    const got = await readFromStart('compacted', 'g-compacted', (g) => g.some((m) => String(m.key) === 'end'));
    // Latest value per key survives; the old rounds are gone (only the unrolled tail may keep a few).
    const latest = new Map(got.map((m) => [String(m.key), String(m.value)]));
    for (let k = 0; k < 5; k++) expect(latest.get(`key${k}`)).toBe(`r19-${'x'.repeat(50)}`);
    expect(got.length).toBeLessThan(40);
    const offsets = await admin.fetchTopicOffsets('compacted');
    expect(offsets[0]!.high).toBe('101'); // offsets are kept, records are not
    await producer.disconnect();
    await admin.disconnect();
  });

  it('retention.bytes drops old segments and advances the log start offset', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'retained', configEntries: [
        { name: 'retention.bytes', value: '2048' }, { name: 'segment.bytes', value: '1024' },
      ] }],
    });
    const producer = kafka().producer();
    await producer.connect();
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'retained', messages: [{ value: `v${i}-${'y'.repeat(100)}` }] });
    broker().runLogCleanup();
    const offsets = await admin.fetchTopicOffsets('retained');
    expect(Number(offsets[0]!.low)).toBeGreaterThan(0);
    expect(offsets[0]!.high).toBe('50');
    const got = await readFromStart('retained', 'g-retained', (g) => g.some((m) => m.offset === '49'));
    expect(Number(got[0]!.offset)).toBe(Number(offsets[0]!.low));
    await producer.disconnect();
    await admin.disconnect();
  });

  it('DeleteRecords moves the low watermark', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic: 'trimmed', messages: Array.from({ length: 10 }, (_, i) => ({ value: `t${i}` })) });
    await admin.fetchTopicMetadata({ topics: ['trimmed'] }); // kafkajs needs the leader cached
    await admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '4' }] });
    const offsets = await admin.fetchTopicOffsets('trimmed');
    expect([offsets[0]!.low, offsets[0]!.high]).toEqual(['4', '10']);
    await producer.disconnect();
    await admin.disconnect();
  });
});
