import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../../../src/broker/index.js';
import { startTestBroker, waitFor } from '../../support/broker.js';

describe('embedded broker: restart on the same data dir', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('keeps topics, configs, records, committed offsets and transactional state', async () => {
    const first = await startTestBroker({ persistent: true });
    cleanups.push(() => first.removeDataDir());
    await expect(startTestBroker({ dataDir: first.dataDir })).rejects.toThrow(DataDirLockedError);
    const kafka1 = new Kafka({ brokers: [first.bootstrap], clientId: 'it-restart', logLevel: logLevel.NOTHING });
    const admin = kafka1.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'durable', numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '123456' }] }] });
    await admin.disconnect();
    const producer = kafka1.producer({ transactionalId: 'restart-tx', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic: 'durable', messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
    await tx.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'durable', messages: [{ key: 'x', value: 'aborted' }] });
    await aborted.abort();
    await producer.disconnect();
    const consumer = kafka1.consumer({ groupId: 'g-restart', maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'durable', fromBeginning: true });
    let consumed = 0;
    await consumer.run({ eachMessage: async () => { consumed++; } });
    await waitFor(() => consumed === 10, 'first consumer read everything');
    await consumer.disconnect(); // commits its offsets
    const clusterId = first.clusterId;
    await first.close();

    const second = await startTestBroker({ dataDir: first.dataDir });
    cleanups.push(() => second.close());
    expect(second.clusterId).toBe(clusterId);
    const kafka2 = new Kafka({ brokers: [second.bootstrap], clientId: 'it-restart-2', logLevel: logLevel.NOTHING });
    const admin2 = kafka2.admin();
    await admin2.connect();
    const cfg = await admin2.describeConfigs({ resources: [{ type: 2, name: 'durable', configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(cfg.resources[0]!.configEntries[0]!.configValue).toBe('123456');
    const offsets = await admin2.fetchOffsets({ groupId: 'g-restart', topics: ['durable'] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    const ends = await admin2.fetchTopicOffsets('durable');
    expect(committed).toBeGreaterThanOrEqual(10);
    expect(committed).toBeLessThanOrEqual(ends.reduce((s, p) => s + Number(p.high), 0));
    await admin2.disconnect();

    // The transactional id survives: a new producer with it gets a bumped epoch and can commit.
    const producer2 = kafka2.producer({ transactionalId: 'restart-tx', idempotent: true, maxInFlightRequests: 1 });
    await producer2.connect();
    const tx2 = await producer2.transaction();
    await tx2.send({ topic: 'durable', messages: [{ key: 'k0', value: 'after-restart' }] });
    await tx2.commit();
    await producer2.disconnect();

    // Everything written before the restart reads back; the aborted record stays hidden (rebuilt producer state).
    const reader = kafka2.consumer({ groupId: 'g-reread', maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await reader.connect();
    await reader.subscribe({ topic: 'durable', fromBeginning: true });
    const got: KafkaMessage[] = [];
    await reader.run({ eachMessage: async ({ message }) => { got.push(message); } });
    await waitFor(() => got.some((m) => String(m.value) === 'after-restart'), 'the record written after the restart');
    await waitFor(() => got.length >= 11, 'all committed records');
    await reader.disconnect();
    expect(got.map((m) => String(m.value)).sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `v${i}`), 'after-restart'].sort());
  });
});
