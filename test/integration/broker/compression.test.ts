import { randomBytes } from 'node:crypto';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { lz4Compress, lz4Decompress } from '../../../src/broker/protocol/compression/lz4.js';
import { snappyCompress, snappyDecompress } from '../../../src/broker/protocol/compression/snappy.js';
import { waitFor, withBroker } from '../../support/broker.js';

// kafkajs ships gzip only; plug in snappy (xerial framing, as the Java client writes it) and lz4 (frame format).
CompressionCodecs[CompressionTypes.Snappy] = () => ({
  compress: async (encoder: { buffer: Buffer }) => snappyCompress(encoder.buffer),
  decompress: async (buffer: Buffer) => snappyDecompress(buffer, 64 << 20),
});
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (encoder: { buffer: Buffer }) => lz4Compress(encoder.buffer),
  decompress: async (buffer: Buffer) => lz4Decompress(buffer, 64 << 20),
});

const CODECS = [
  ['none', CompressionTypes.None],
  ['gzip', CompressionTypes.GZIP],
  ['snappy', CompressionTypes.Snappy],
  ['lz4', CompressionTypes.LZ4],
] as const;

describe('embedded broker: compression codecs with kafkajs', () => {
  const broker = withBroker({ retentionCheckIntervalMs: 0 });
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-codecs', logLevel: logLevel.NOTHING });

  it.each(CODECS)('%s batches round-trip, and the broker decodes them when compacting', async (name, codec) => {
    const topic = `codec-${name}`;
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, configEntries: [
      { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '2048' },
    ] }] });
    const producer = kafka().producer();
    await producer.connect();
    // Random payloads so compressed batches still fill several 2 KiB segments.
    const expected = new Map<string, string>();
    for (let round = 0; round < 10; round++) {
      const messages = Array.from({ length: 10 }, (_, k) => ({ key: `k${k}`, value: `${name}-${round}-${randomBytes(100).toString('hex')}` }));
      for (const m of messages) expected.set(m.key, m.value);
      await producer.send({ topic, compression: codec, acks: -1, messages });
    }
    await producer.send({ topic, messages: [{ key: 'end', value: 'end' }] });
    broker().runLogCleanup();
    const consumer = kafka().consumer({ groupId: `g-${name}`, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message); } });
    await waitFor(() => got.some((m) => String(m.key) === 'end'), `the end marker of ${topic}`);
    await consumer.disconnect();
    const latest = new Map(got.map((m) => [String(m.key), String(m.value)]));
    for (const [k, v] of expected) expect(latest.get(k)).toBe(v);
    expect(got.length).toBeLessThan(101);
    await producer.disconnect();
    await admin.disconnect();
  });
});
