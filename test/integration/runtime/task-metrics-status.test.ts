/**
 * Distributed status records carry the task gauges (Tributary's `metrics` field): the publisher rewrites a
 * local task's status when its gauges changed, keeps state and generation, writes nothing while they stand
 * still, and another worker's StatusStore reads them back.
 */
import { describe, expect, it } from 'vitest';
import { SourceConnector, SourceTask, defineConfig, type ConnectorProps, type SourceRecord } from '../../../src/api/index.js';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { TaskMetricsPublisher } from '../../../src/runtime/task-metrics-publisher.js';
import { Worker } from '../../../src/runtime/worker.js';
import { ensureInternalTopic } from '../../../src/storage/internal-topics.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';
import { StatusStore, statusKey } from '../../../src/storage/status-store.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { runConnector, testPlugins, topicRecords } from './runtime-fixtures.js';

/** Sets `progress` to the value the test puts in `level`; produces nothing. */
const level = { value: 1 };
class ProgressTask extends SourceTask {
  version() { return '1'; }
  start() {}
  async poll(): Promise<SourceRecord[] | null> {
    this.context.metrics.setGauge('progress', level.value, { table: 'orders' });
    await new Promise((r) => setTimeout(r, 10));
    return null;
  }
  stop() {}
}
class ProgressSource extends SourceConnector {
  #props: ConnectorProps = {};
  version() { return '1'; }
  config() { return defineConfig({}); }
  start(props: ConnectorProps) { this.#props = props; }
  taskClass() { return ProgressTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
}

/** The values written under `key`, oldest first. */
const rawValues = async (bootstrap: string, topic: string, key: string) =>
  (await topicRecords(bootstrap, topic)).filter(([k]) => k === key).map(([, v]) => v);

describe('task metrics in status records', () => {
  const broker = withBroker();

  it('are written on change only, with the state and generation kept, and read back by another worker', async () => {
    const p = { 'bootstrap.servers': broker().bootstrap, 'status.storage.topic': 'tm-status', 'status.storage.replication.factor': '1', 'status.storage.partitions': '1' };
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'status', p);
    await admin.close();
    const store = new StatusStore(topic, p, silentLogger);
    const other = new StatusStore(topic, p, silentLogger);
    await store.start();
    await other.start();
    const plugins = await testPlugins();
    if (plugins.find('test.ProgressSource') === undefined) plugins.register({ kind: 'source', className: 'test.ProgressSource', version: '1', create: () => new ProgressSource() }, 'test');
    // as the distributed herder does: every local state change goes to the status topic
    const worker = new Worker({
      workerId: 'w1:8083', workerConfig: { 'bootstrap.servers': broker().bootstrap }, plugins, offsetStore: new MemoryOffsetStore(), log: silentLogger,
      onStatus: (c) => void store.put(c.task === undefined ? { connector: c.connector } : { connector: c.connector, task: c.task }, { state: c.state, trace: c.trace ?? null, workerId: 'w1:8083', generation: 7 }),
    });
    await worker.start();
    const publisher = new TaskMetricsPublisher({ worker, store, workerId: 'w1:8083', log: silentLogger });
    const id = { connector: 'prog', task: 0 };
    const key = statusKey(id);
    try {
      await runConnector(worker, 'prog', { 'connector.class': 'test.ProgressSource' });
      await waitFor(() => worker.taskMetrics(id).length === 1, 'gauge set');
      await publisher.publish();
      await other.readToEnd();
      expect(other.get(id)).toMatchObject({ state: 'RUNNING', workerId: 'w1:8083', generation: 7, metrics: [{ name: 'progress', labels: { table: 'orders' }, value: 1 }] });
      const values = await rawValues(broker().bootstrap, topic, key);
      expect(values.at(-1)).toBe('{"state":"RUNNING","trace":null,"worker_id":"w1:8083","generation":7,"metrics":[{"name":"progress","labels":{"table":"orders"},"value":1}]}');

      await store.readToEnd(); // our own write read back: a new object with the same contents
      await publisher.publish();
      expect(await rawValues(broker().bootstrap, topic, key)).toHaveLength(values.length); // unchanged: nothing written

      level.value = 2;
      await waitFor(() => worker.taskMetrics(id)[0]?.value === 2, 'gauge changed');
      await publisher.publish();
      await other.readToEnd();
      expect(other.get(id)?.metrics).toEqual([{ name: 'progress', labels: { table: 'orders' }, value: 2 }]);
      expect(await rawValues(broker().bootstrap, topic, key)).toHaveLength(values.length + 1);

      await worker.stopTasks([id]);
      await publisher.publish(); // the task is gone: nothing to publish; its UNASSIGNED record has no metrics
      await other.readToEnd();
      expect(other.get(id)?.state).toBe('UNASSIGNED');
      expect(other.get(id)?.metrics).toBeUndefined();
    } finally {
      publisher.stop();
      await worker.stop();
      await other.stop();
      await store.stop();
    }
  });

  it('does not rewrite a cached status the task has left (a stale read-back must not undo a pause)', async () => {
    const p = { 'bootstrap.servers': broker().bootstrap, 'status.storage.topic': 'tm-status-stale', 'status.storage.replication.factor': '1', 'status.storage.partitions': '1' };
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'status', p);
    await admin.close();
    const store = new StatusStore(topic, p, silentLogger);
    await store.start();
    const plugins = await testPlugins();
    if (plugins.find('test.ProgressSource') === undefined) plugins.register({ kind: 'source', className: 'test.ProgressSource', version: '1', create: () => new ProgressSource() }, 'test');
    // No onStatus: the store keeps the RUNNING record below while the task gets paused, as a cache does
    // between a stale read-back and the read-back of the newer PAUSED write.
    const worker = new Worker({ workerId: 'w1:8083', workerConfig: { 'bootstrap.servers': broker().bootstrap }, plugins, offsetStore: new MemoryOffsetStore(), log: silentLogger });
    await worker.start();
    const publisher = new TaskMetricsPublisher({ worker, store, workerId: 'w1:8083', log: silentLogger });
    const id = { connector: 'prog-stale', task: 0 };
    try {
      await runConnector(worker, 'prog-stale', { 'connector.class': 'test.ProgressSource' });
      await waitFor(() => worker.taskMetrics(id).length === 1, 'gauge set');
      await store.put(id, { state: 'RUNNING', trace: null, workerId: 'w1:8083', generation: 3 });
      await worker.pauseConnector('prog-stale');
      await waitFor(() => worker.task(id)?.state === 'PAUSED', 'task paused');
      await publisher.publish();
      const values = await rawValues(broker().bootstrap, topic, statusKey(id));
      expect(values).toEqual(['{"state":"RUNNING","trace":null,"worker_id":"w1:8083","generation":3}']);

      // Once the cache holds the task's real state, the gauges are published with it.
      await store.put(id, { state: 'PAUSED', trace: null, workerId: 'w1:8083', generation: 3 });
      await publisher.publish();
      expect((await rawValues(broker().bootstrap, topic, statusKey(id))).at(-1)).toMatch(/^\{"state":"PAUSED",.*"metrics":\[/);
    } finally {
      publisher.stop();
      await worker.stop();
      await store.stop();
    }
  });
});
