/**
 * Concurrent `send` calls on one producer land in the log in call order (as the Java producer keeps a
 * partition's batches in order): a source task with several requests in flight, or two quick status writes,
 * must not be reordered by the client's own awaits (metadata, connection lookup).
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaProducer } from '../../../src/kafka/kafka-producer.js';
import { withBroker } from '../../support/broker.js';

describe('KafkaProducer: concurrent sends', () => {
  const broker = withBroker();

  it('write one partition in call order', async () => {
    const producer = new KafkaProducer({ 'bootstrap.servers': broker().bootstrap, acks: 'all' }, silentLogger);
    await producer.connect();
    try {
      for (let round = 0; round < 20; round++) {
        const acks = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          producer.send([{ topic: 'ordered', partition: 0, key: null, value: Buffer.from(`${round}-${i}`), headers: [], timestamp: null }])));
        const offsets = acks.map((a) => a[0]!.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      }
    } finally {
      await producer.close();
    }
  });
});
