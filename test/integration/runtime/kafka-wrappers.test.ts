import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { KafkaConsumer } from '../../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../../src/kafka/kafka-producer.js';
import type { IncomingRecord } from '../../../src/kafka/kafka-record.js';
import { waitFor, withBroker } from '../../support/broker.js';

describe('src/kafka wrappers against the embedded broker', () => {
  const broker = withBroker();

  it('creates a topic, produces with per-record acks, consumes with headers and commits', async () => {
    const props = { 'bootstrap.servers': `127.0.0.1:${broker().port}` };
    const admin = new KafkaAdmin(props, silentLogger);
    expect(await admin.createTopicIfMissing({ topic: 'w1', partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'delete' } })).toBe(true);
    expect(await admin.createTopicIfMissing({ topic: 'w1', partitions: 3, replicationFactor: 1 })).toBe(false);
    expect(await admin.partitionCount('w1')).toBe(3);
    expect(typeof (await admin.clusterId())).toBe('string');

    const producer = new KafkaProducer({ ...props, 'compression.type': 'lz4' }, silentLogger);
    await producer.connect();
    const recs = Array.from({ length: 30 }, (_, i) => ({
      topic: 'w1',
      partition: null,
      key: Buffer.from(`k${i % 7}`),
      value: Buffer.from(`v${i}`),
      headers: [{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: Buffer.from('2') }],
      timestamp: 1000 + i,
    }));
    const acks = await producer.send(recs);
    const acks2 = await producer.send(recs.slice(0, 3));
    expect(acks).toHaveLength(30);
    // offsets per partition are dense and ordered
    const byPart = new Map<number, number[]>();
    for (const a of [...acks, ...acks2]) byPart.set(a.partition, [...(byPart.get(a.partition) ?? []), a.offset]);
    for (const offsets of byPart.values()) expect(offsets).toEqual(offsets.map((_, i) => i));

    const consumer = new KafkaConsumer({ ...props, 'group.id': 'g-w1' }, silentLogger);
    await consumer.connect();
    await consumer.subscribe(['w1']);
    const got: IncomingRecord[] = [];
    await consumer.run(async (b) => {
      got.push(...b.records);
      b.resolve(b.records[b.records.length - 1]!.offset);
    });
    await waitFor(() => got.length === 33, '33 records');
    for (const a of acks) {
      const r = got.find((g) => g.partition === a.partition && g.offset === a.offset)!;
      expect(r.value?.toString()).toBe(`v${acks.indexOf(a)}`);
    }
    expect(got[0]!.headers).toEqual([{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: Buffer.from('2') }]);
    await consumer.commit([{ topic: 'w1', partition: 0, offset: 5 }]);
    await consumer.stop();
    await consumer.close();
    await consumer.close();
    await producer.close();
    await admin.close();
  });

  it.each(['gzip', 'snappy', 'lz4'])('round-trips %s-compressed batches', async (codec) => {
    const props = { 'bootstrap.servers': `127.0.0.1:${broker().port}` };
    const producer = new KafkaProducer({ ...props, 'compression.type': codec }, silentLogger);
    await producer.connect();
    const value = Buffer.from('x'.repeat(5000) + codec);
    await producer.send([{ topic: `codec-${codec}`, partition: 0, key: null, value, headers: [], timestamp: null }]);
    await producer.close();
    const consumer = new KafkaConsumer({ ...props, 'group.id': `g-${codec}` }, silentLogger);
    await consumer.connect();
    await consumer.subscribe([`codec-${codec}`]);
    const got: IncomingRecord[] = [];
    await consumer.run(async (b) => {
      got.push(...b.records);
      b.resolve(b.records[b.records.length - 1]!.offset);
    });
    await waitFor(() => got.length === 1, 'one record');
    expect(got[0]!.value).toEqual(value);
    await consumer.close();
  });
});
