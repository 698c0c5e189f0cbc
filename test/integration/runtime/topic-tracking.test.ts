/**
 * KIP-558 topic tracking: the worker records each topic a source task produced to and a sink task consumed
 * from, in the status topic in Kafka Connect's format (another worker's StatusStore sees it), tombstoned on
 * reset; the next record records it again. `topic.tracking.enable=false` records nothing.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { ensureInternalTopic } from '../../../src/storage/internal-topics.js';
import { StatusStore } from '../../../src/storage/status-store.js';
import { Worker } from '../../../src/runtime/worker.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { produce, runConnector, sinkLogs, sourceLog, testPlugins, topicRecords as rawRecords } from './runtime-fixtures.js';

describe('topic tracking', () => {
  const broker = withBroker();
  const props = (extra: Record<string, string> = {}) => ({
    'bootstrap.servers': broker().bootstrap,
    'status.storage.topic': 'tt-status', 'status.storage.replication.factor': '1', 'status.storage.partitions': '1',
    'value.converter.schemas.enable': 'false',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.flush.interval.ms': '100',
    'consumer.session.timeout.ms': '6000',
    'consumer.heartbeat.interval.ms': '500',
    ...extra,
  });
  const startWorker = async (p: Record<string, string>, store?: StatusStore) => {
    const worker = new Worker({
      workerId: 'tt:8083', workerConfig: p, plugins: await testPlugins(), offsetStore: new MemoryOffsetStore(), log: silentLogger,
      ...(store ? { topicStatusStore: store } : {}),
    });
    await worker.start();
    return worker;
  };

  it('records source and sink topics in the status topic; reset tombstones them; the next record records again', async () => {
    const p = props();
    const admin = new KafkaAdmin(p, silentLogger);
    const statusTopic = await ensureInternalTopic(admin, 'status', p);
    await admin.close();
    const store = new StatusStore(statusTopic, p, silentLogger);
    const other = new StatusStore(statusTopic, p, silentLogger); // another worker's view
    await store.start();
    await other.start();
    const worker = await startWorker(p, store);
    try {
      await produce(broker().bootstrap, 'tt-in', ['{"n":1}', '{"n":2}']);
      await runConnector(worker, 'tt-src', { 'connector.class': 'test.CounterSource', topic: 'tt-out', count: '3' });
      await runConnector(worker, 'tt-sink', { 'connector.class': 'test.CollectSink', topics: 'tt-in' });
      await waitFor(() => worker.activeTopics('tt-src').length === 1 && worker.activeTopics('tt-sink').length === 1, 'both topics recorded');
      expect(worker.activeTopics('tt-src')).toEqual(['tt-out']);
      expect(worker.activeTopics('tt-sink')).toEqual(['tt-in']);

      await other.readToEnd();
      expect(other.activeTopics('tt-src')).toEqual(['tt-out']);
      expect(other.getTopic('tt-sink', 'tt-in')).toMatchObject({ topic: 'tt-in', connector: 'tt-sink', task: 0 });
      const raw = new Map(await rawRecords(broker().bootstrap, statusTopic));
      const value = raw.get('status-topic-tt-out:connector-tt-src');
      expect(value).toMatch(/^\{"topic":\{"name":"tt-out","connector":"tt-src","task":0,"discoverTimestamp":\d+\}\}$/);
      expect(Math.abs(JSON.parse(value!).topic.discoverTimestamp - Date.now())).toBeLessThan(60_000);
      // written once, not per record
      expect((await rawRecords(broker().bootstrap, statusTopic)).filter(([k]) => k === 'status-topic-tt-out:connector-tt-src')).toHaveLength(1);

      await worker.resetActiveTopics('tt-sink');
      expect(worker.activeTopics('tt-sink')).toEqual([]);
      await other.readToEnd();
      expect(other.activeTopics('tt-sink')).toEqual([]);
      expect(other.activeTopics('tt-src')).toEqual(['tt-out']);
      const after = await rawRecords(broker().bootstrap, statusTopic);
      expect(after.at(-1)).toEqual(['status-topic-tt-in:connector-tt-sink', null]);

      const before = sinkLogs.get('tt-sink')!.put.length;
      await produce(broker().bootstrap, 'tt-in', ['{"n":3}']);
      await waitFor(() => sinkLogs.get('tt-sink')!.put.length > before, 'the new record consumed');
      await waitFor(() => worker.activeTopics('tt-sink').length === 1, 'topic recorded again after the reset');
      await other.readToEnd();
      expect(other.activeTopics('tt-sink')).toEqual(['tt-in']);
    } finally {
      await worker.stop();
      await other.stop();
      await store.stop();
    }
  });

  it('records nothing with topic.tracking.enable=false', async () => {
    const worker = await startWorker(props({ 'topic.tracking.enable': 'false' }));
    try {
      await produce(broker().bootstrap, 'tt-off-in', ['{"n":1}']);
      await runConnector(worker, 'tt-off-src', { 'connector.class': 'test.CounterSource', topic: 'tt-off-out', count: '2' });
      await runConnector(worker, 'tt-off-sink', { 'connector.class': 'test.CollectSink', topics: 'tt-off-in' });
      await waitFor(() => (sourceLog.get('tt-off-src')?.committed.length ?? 0) === 2 && (sinkLogs.get('tt-off-sink')?.put.length ?? 0) === 1, 'records flowed');
      expect(worker.activeTopics('tt-off-src')).toEqual([]);
      expect(worker.activeTopics('tt-off-sink')).toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
