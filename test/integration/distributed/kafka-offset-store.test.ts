import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { ensureInternalTopic } from '../../../src/storage/internal-topics.js';
import { KafkaOffsetStore } from '../../../src/storage/kafka-offset-store.js';
import { withBroker } from '../../support/broker.js';

describe('KafkaOffsetStore', () => {
  const broker = withBroker();

  it('two stores on one topic see each other\'s writes, deletes included, and a new store reads them all', async () => {
    const props = { 'bootstrap.servers': broker().bootstrap, 'offset.storage.topic': 'offsets-a', 'offset.storage.replication.factor': '1', 'offset.storage.partitions': '3' };
    const admin = new KafkaAdmin(props, silentLogger);
    const topic = await ensureInternalTopic(admin, 'offset', props);
    expect(await admin.partitionCount(topic)).toBe(3);
    await admin.close();
    const a = new KafkaOffsetStore(topic, props, silentLogger);
    const b = new KafkaOffsetStore(topic, props, silentLogger);
    await a.start();
    await b.start();
    try {
      const k1 = '["src",{"file":"a.txt"}]';
      const k2 = '["src",{"file":"b.txt"}]';
      await a.set(new Map([[k1, '{"position":10}'], [k2, '{"position":7}']]));
      expect(await b.get([k1, k2, '["x",{}]'])).toEqual(new Map([[k1, '{"position":10}'], [k2, '{"position":7}'], ['["x",{}]', null]]));
      await b.set(new Map([[k1, null], [k2, '{"position":8}']]));
      expect(await a.entries()).toEqual(new Map([[k2, '{"position":8}']]));
      const c = new KafkaOffsetStore(topic, props, silentLogger);
      await c.start();
      expect(await c.entries()).toEqual(new Map([[k2, '{"position":8}']]));
      await c.stop();
      await c.stop();
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
