import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { KafkaConsumer } from '../../../src/kafka/kafka-consumer.js';
import { ConfigStore, type ConfigChange } from '../../../src/storage/config-store.js';
import { ensureInternalTopic } from '../../../src/storage/internal-topics.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import { StatusStore } from '../../../src/storage/status-store.js';
import { waitFor, withBroker } from '../../support/broker.js';

/** Every record of a topic as [key, value] text, read by a plain consumer (what other tools would see). */
async function rawRecords(bootstrap: string, topic: string): Promise<Array<[string, string | null]>> {
  const out: Array<[string, string | null]> = [];
  const log = new KafkaBasedLog({ topic, clientProps: { 'bootstrap.servers': bootstrap }, log: silentLogger, onRecord: (r) => out.push([r.key ?? '', r.value]) });
  await log.start();
  await log.stop();
  return out;
}

describe('ConfigStore and StatusStore', () => {
  const broker = withBroker();
  const props = () => ({
    'bootstrap.servers': broker().bootstrap,
    'config.storage.topic': 'cfg', 'config.storage.replication.factor': '1',
    'status.storage.topic': 'st', 'status.storage.replication.factor': '1', 'status.storage.partitions': '2',
  });

  it('config records are written in Kafka Connect\'s formats and a second worker\'s view follows', async () => {
    const p = props();
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'config', p);
    await admin.close();
    const leader = new ConfigStore(topic, p, silentLogger);
    const follower = new ConfigStore(topic, p, silentLogger);
    const seen: ConfigChange[] = [];
    follower.onChange((c) => seen.push(c));
    await leader.start();
    await follower.start();
    try {
      await leader.putConnectorConfig('my-conn', { 'connector.class': 'X', 'tasks.max': '2' }, 'PAUSED');
      await leader.putTaskConfigs('my-conn', [{ t: '0' }, { t: '1' }]);
      await leader.putTargetState('my-conn', 'STOPPED');
      await follower.readToEnd();
      const snap = follower.snapshot();
      expect(snap.connectors.get('my-conn')).toEqual({ 'connector.class': 'X', 'tasks.max': '2' });
      expect(snap.tasks.get('my-conn')).toEqual([{ t: '0' }, { t: '1' }]);
      expect(snap.targetStates.get('my-conn')).toBe('STOPPED');
      expect(snap.offset).toBe(6);
      expect(seen.map((c) => c.kind)).toEqual(['target-state', 'connector', 'tasks', 'target-state']);

      await leader.putConnectorConfig('my-conn', null);
      await follower.readToEnd();
      expect(follower.snapshot().connectors.has('my-conn')).toBe(false);
      expect(follower.snapshot().tasks.has('my-conn')).toBe(false);

      expect(await rawRecords(broker().bootstrap, topic)).toEqual([
        ['target-state-my-conn', '{"state":"PAUSED","state.v2":"PAUSED"}'],
        ['connector-my-conn', '{"properties":{"connector.class":"X","tasks.max":"2"}}'],
        ['task-my-conn-0', '{"properties":{"t":"0"}}'],
        ['task-my-conn-1', '{"properties":{"t":"1"}}'],
        ['commit-my-conn', '{"tasks":2}'],
        ['target-state-my-conn', '{"state":"PAUSED","state.v2":"STOPPED"}'],
        ['connector-my-conn', null],
        ['target-state-my-conn', null],
      ]);
    } finally {
      await leader.stop();
      await follower.stop();
    }
  });

  it('a commit whose task records are missing marks the connector inconsistent', async () => {
    const p = { ...props(), 'config.storage.topic': 'cfg2' };
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'config', p);
    await admin.close();
    const raw = new KafkaBasedLog({ topic, clientProps: p, log: silentLogger, onRecord: () => undefined });
    await raw.start();
    await raw.send([{ key: 'connector-c-1', value: '{"properties":{}}' }, { key: 'task-c-1-0', value: '{"properties":{"a":"b"}}' }, { key: 'commit-c-1', value: '{"tasks":2}' }, { key: 'session-key', value: '{}' }]);
    await raw.stop();
    const store = new ConfigStore(topic, p, silentLogger);
    await store.start();
    expect(store.snapshot().inconsistent.has('c-1')).toBe(true);
    expect(store.snapshot().tasks.has('c-1')).toBe(false);
    await store.putTaskConfigs('c-1', [{ a: 'c' }]);
    expect(store.snapshot().inconsistent.has('c-1')).toBe(false);
    expect(store.snapshot().tasks.get('c-1')).toEqual([{ a: 'c' }]);
    await store.stop();
  });

  it('session keys and restart requests (KIP-507 / KIP-745) in Kafka Connect\'s formats', async () => {
    const p = { ...props(), 'config.storage.topic': 'cfg4' };
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'config', p);
    await admin.close();
    const leader = new ConfigStore(topic, p, silentLogger);
    const follower = new ConfigStore(topic, p, silentLogger);
    const seen: ConfigChange[] = [];
    follower.onChange((c) => seen.push(c));
    await leader.start();
    await follower.start();
    try {
      const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
      await leader.putSessionKey({ key, algorithm: 'HmacSHA256', creationTimestamp: 1700000000123 });
      await leader.putRestartRequest('my-conn', true, false);
      await follower.readToEnd();
      expect(follower.snapshot().sessionKey).toEqual({ key, algorithm: 'HmacSHA256', creationTimestamp: 1700000000123 });
      expect(seen).toEqual([
        { kind: 'session-key', key: { key, algorithm: 'HmacSHA256', creationTimestamp: 1700000000123 } },
        { kind: 'restart', connector: 'my-conn', includeTasks: true, onlyFailed: false },
      ]);
      expect(await rawRecords(broker().bootstrap, topic)).toEqual([
        ['session-key', `{"key":"${key.toString('base64')}","algorithm":"HmacSHA256","creation-timestamp":1700000000123}`],
        ['restart-connector-my-conn', '{"include-tasks":true,"only-failed":false}'],
      ]);
      // a worker started later has the key from its first read
      const late = new ConfigStore(topic, p, silentLogger);
      await late.start();
      expect(late.snapshot().sessionKey?.key.equals(key)).toBe(true);
      await late.stop();
    } finally {
      await leader.stop();
      await follower.stop();
    }
  });

  it('the config topic must have one partition', async () => {
    const p = { ...props(), 'config.storage.topic': 'cfg3' };
    const admin = new KafkaAdmin(p, silentLogger);
    await admin.createTopicIfMissing({ topic: 'cfg3', partitions: 2, replicationFactor: 1 });
    await expect(ensureInternalTopic(admin, 'config', p)).rejects.toThrow(/exactly one/);
    await admin.close();
  });

  it('statuses: a worker\'s own view never goes back to an older state while its writes are read back', async () => {
    const p = props();
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'status', p);
    await admin.close();
    const a = new StatusStore(topic, p, silentLogger);
    await a.start();
    const id = { connector: 'flip', task: 0 };
    const status = (state: 'RUNNING' | 'PAUSED', generation: number) => ({ state, trace: null, workerId: 'a:8083', generation });
    let sampling = true;
    let expected: string | undefined;
    const regressions: string[] = [];
    // Samples the cache between every event-loop turn: what a REST read could see at any moment.
    const sample = () => {
      const seen = a.get(id)?.state;
      if (expected !== undefined && seen !== expected) regressions.push(`${seen} after ${expected} was written`);
      if (sampling) setImmediate(sample);
    };
    try {
      sample();
      // Bursts of writes, as a task's state changes quickly: earlier ones are read back after later ones are set.
      for (let burst = 0; burst < 5; burst++) {
        const writes: Promise<boolean>[] = [];
        for (let i = 0; i < 6; i++) {
          const state = i % 2 === 0 ? 'RUNNING' : 'PAUSED';
          writes.push(a.put(id, status(state, burst * 6 + i)));
          expected = state; // visible locally at once
        }
        await Promise.all(writes);
      }
      await a.readToEnd();
      expect(a.get(id)?.state).toBe('PAUSED');
      expect(regressions).toEqual([]);
      // The log holds the writes in the order they were made: another worker replaying it ends on PAUSED too.
      const b = new StatusStore(topic, p, silentLogger);
      await b.start();
      expect(b.get(id)).toEqual(status('PAUSED', 29));
      await b.stop();
    } finally {
      sampling = false;
      await a.stop();
    }
  });

  it('statuses: another worker sees them; a stale UNASSIGNED does not clobber the new owner', async () => {
    const p = props();
    const admin = new KafkaAdmin(p, silentLogger);
    const topic = await ensureInternalTopic(admin, 'status', p);
    await admin.close();
    const a = new StatusStore(topic, p, silentLogger);
    const b = new StatusStore(topic, p, silentLogger);
    await a.start();
    await b.start();
    try {
      await a.put({ connector: 'my-conn' }, { state: 'RUNNING', trace: null, workerId: 'a:8083', generation: 1 });
      await a.put({ connector: 'my-conn', task: 0 }, { state: 'RUNNING', trace: null, workerId: 'a:8083', generation: 1 });
      await waitFor(() => b.tasks('my-conn').get(0)?.state === 'RUNNING', 'b sees the task status');
      await b.put({ connector: 'my-conn', task: 0 }, { state: 'RUNNING', trace: null, workerId: 'b:8083', generation: 2 });
      await waitFor(() => a.get({ connector: 'my-conn', task: 0 })?.workerId === 'b:8083', 'a sees b own the task');
      expect(await a.put({ connector: 'my-conn', task: 0 }, { state: 'UNASSIGNED', trace: null, workerId: 'a:8083', generation: 1 })).toBe(false);
      expect(b.get({ connector: 'my-conn' })).toEqual({ state: 'RUNNING', trace: null, workerId: 'a:8083', generation: 1 });
      await a.remove('my-conn', [0]);
      await waitFor(() => b.get({ connector: 'my-conn' }) === undefined && b.tasks('my-conn').size === 0, 'b sees the tombstones');
      const raw = await rawRecords(broker().bootstrap, topic);
      expect(raw).toContainEqual(['status-task-my-conn-0', '{"state":"RUNNING","trace":null,"worker_id":"b:8083","generation":2}']);
      expect(raw).toContainEqual(['status-connector-my-conn', null]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
