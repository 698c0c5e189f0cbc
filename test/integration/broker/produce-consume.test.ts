import { CompressionTypes, Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor, withBroker } from '../../support/broker.js';

describe('embedded broker: kafkajs produce and consume', () => {
  const broker = withBroker();
  const consumers: Consumer[] = [];
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-produce', logLevel: logLevel.NOTHING });

  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.disconnect();
  });

  async function consumeAll(topic: string, count: number, groupId: string): Promise<KafkaMessage[]> {
    const consumer = kafka().consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message); } });
    await waitFor(() => got.length >= count, `${count} messages from ${topic}`);
    return got;
  }

  it('creates a topic, produces with acks 1, -1 and 0, and reads every record back in order', async () => {
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: 'acks', numPartitions: 1 }] })).toBe(true);
    const producer = k.producer();
    await producer.connect();
    const r1 = await producer.send({ topic: 'acks', acks: 1, messages: [{ key: 'k1', value: 'one' }] });
    const r2 = await producer.send({ topic: 'acks', acks: -1, messages: [{ key: 'k2', value: 'two', headers: { h: 'v' } }] });
    expect(r1[0]!.baseOffset).toBe('0');
    expect(r2[0]!.baseOffset).toBe('1');
    await producer.send({ topic: 'acks', acks: 0, messages: [{ key: 'k3', value: 'three' }] });
    // acks=0 gets no response: wait until the broker has the record.
    await waitFor(async () => (await admin.fetchTopicOffsets('acks'))[0]!.high === '3', 'acks=0 record appended');
    const got = await consumeAll('acks', 3, 'g-acks');
    expect(got.map((m) => [m.offset, String(m.key), String(m.value)])).toEqual([
      ['0', 'k1', 'one'], ['1', 'k2', 'two'], ['2', 'k3', 'three'],
    ]);
    expect(String(got[1]!.headers!.h)).toBe('v');
    await producer.disconnect();
    await admin.disconnect();
  });

  it('round-trips gzip-compressed batches', async () => {
    const producer = kafka().producer();
    await producer.connect();
    const messages = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `value-${i}-${'x'.repeat(100)}` }));
    await producer.send({ topic: 'gzip', compression: CompressionTypes.GZIP, messages });
    const got = await consumeAll('gzip', 50, 'g-gzip');
    expect(got.map((m) => String(m.value))).toEqual(messages.map((m) => m.value));
    await producer.disconnect();
  });

  it('stamps LogAppendTime topics and finds offsets by timestamp', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'stamped', configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }] });
    const producer = kafka().producer();
    await producer.connect();
    const before = Date.now();
    const [res] = await producer.send({ topic: 'stamped', messages: [{ value: 'old', timestamp: '1000' }] });
    expect(Number(res!.logAppendTime)).toBeGreaterThanOrEqual(before);
    const got = await consumeAll('stamped', 1, 'g-stamped');
    expect(Number(got[0]!.timestamp)).toBe(Number(res!.logAppendTime));

    await producer.send({ topic: 'timed', messages: [
      { value: 'a', timestamp: '1000' }, { value: 'b', timestamp: '2000' }, { value: 'c', timestamp: '3000' },
    ] });
    const at = await admin.fetchTopicOffsetsByTimestamp('timed', 1500);
    expect(at[0]!.offset).toBe('1');
    const after = await admin.fetchTopicOffsetsByTimestamp('timed', 9_999_999_999_999);
    expect(after[0]!.offset).toBe('3'); // kafkajs maps "no such record" to the latest offset
    await producer.disconnect();
    await admin.disconnect();
  });

  it('answers admin metadata: topic list, offsets, partitions, configs', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'meta', numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    expect(await admin.listTopics()).toContain('meta');
    const md = await admin.fetchTopicMetadata({ topics: ['meta'] });
    expect(md.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    await admin.createPartitions({ topicPartitions: [{ topic: 'meta', count: 5 }] });
    expect((await admin.fetchTopicOffsets('meta')).length).toBe(5);
    const cfg = await admin.describeConfigs({ resources: [{ type: 2, name: 'meta', configNames: ['cleanup.policy', 'retention.ms'] }], includeSynonyms: false });
    const entries = Object.fromEntries(cfg.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
    expect(entries).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '604800000' });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'meta', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    const cfg2 = await admin.describeConfigs({ resources: [{ type: 2, name: 'meta', configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(cfg2.resources[0]!.configEntries[0]!.configValue).toBe('1000');
    // kafkajs turns TOPIC_ALREADY_EXISTS into `false`.
    expect(await admin.createTopics({ topics: [{ topic: 'meta' }], validateOnly: true })).toBe(false);
    const rf = await admin.createTopics({ topics: [{ topic: 'rf', replicationFactor: 3 }] }).catch((e: unknown) => e);
    expect((rf as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('INVALID_REPLICATION_FACTOR');
    const cluster = await admin.describeCluster();
    expect(cluster.controller).toBe(1);
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: Number(broker().bootstrap.split(':')[1]) }]);
    const brokerCfg = await admin.describeConfigs({ resources: [{ type: 4, name: '1' }], includeSynonyms: false });
    expect(brokerCfg.resources[0]!.configEntries.find((e) => e.configName === 'num.partitions')?.configValue).toBe('1');
    await admin.deleteTopics({ topics: ['meta'] });
    expect(await admin.listTopics()).not.toContain('meta');
    await admin.disconnect();
  });
});

describe('embedded broker: topic rules', () => {
  const broker = withBroker({ autoCreateTopics: false, defaultPartitions: 3 });
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-rules', logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 50 } });

  it('does not auto-create topics when auto.create.topics.enable is off', async () => {
    const producer = kafka().producer();
    await producer.connect();
    await expect(producer.send({ topic: 'missing', messages: [{ value: 'x' }] })).rejects.toThrow();
    const admin = kafka().admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain('missing');
    await admin.disconnect();
    await producer.disconnect();
  });

  it('validates topic configs and names on create, uses num.partitions for -1', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const badConfig = await admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'cleanup.policy', value: 'shred' }] }] }).catch((e: unknown) => e);
    expect((badConfig as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('INVALID_CONFIG');
    const unknown = await admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'no.such.config', value: '1' }] }] }).catch((e: unknown) => e);
    expect((unknown as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('INVALID_CONFIG');
    const badName = await admin.createTopics({ topics: [{ topic: 'bad/name' }] }).catch((e: unknown) => e);
    expect((badName as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('INVALID_TOPIC_EXCEPTION');
    const huge = await admin.createTopics({ topics: [{ topic: 'huge', numPartitions: 2_000_000_000 }] }).catch((e: unknown) => e);
    expect((huge as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('INVALID_PARTITIONS');
    expect(await admin.createTopics({ topics: [{ topic: 'defaults', numPartitions: -1 }] })).toBe(true);
    expect((await admin.fetchTopicMetadata({ topics: ['defaults'] })).topics[0]!.partitions.length).toBe(3);
    const shrink = await admin.createPartitions({ topicPartitions: [{ topic: 'defaults', count: 2 }] }).catch((e: unknown) => e);
    expect(String((shrink as Error).message ?? shrink)).toMatch(/partitions/i);
    await expect(admin.deleteTopics({ topics: ['__consumer_offsets'] })).rejects.toThrow();
    await admin.disconnect();
  });
});
