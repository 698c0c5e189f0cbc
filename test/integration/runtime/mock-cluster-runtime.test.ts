/**
 * The runtime against librdkafka's mock cluster (a Kafka implementation nobody here wrote), so the task
 * loops depend on Kafka's protocol, not on the embedded broker's quirks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMockCluster, startMockCluster, type MockCluster } from '../../support/mock-cluster.js';
import { waitFor } from '../../support/broker.js';
import { groupOffsets, produce, readTopic, runConnector, sinkLogs, startWorker } from './runtime-fixtures.js';

/** Skipped (loudly) only where librdkafka-dev/gcc are missing; see test/support/mock-cluster.ts. */
const unavailable = (() => {
  try {
    buildMockCluster();
    return undefined;
  } catch (err) {
    console.warn(`skipping the mock-cluster runtime tests: ${(err as Error).message}`);
    return (err as Error).message;
  }
})();

describe.skipIf(unavailable !== undefined)('runtime against librdkafka mock cluster', () => {
  let mock: MockCluster;
  beforeAll(async () => {
    mock = await startMockCluster({ topics: { 'mc-src': 1, 'mc-poison': 1, 'mc-dlq': 1 } });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('source → topic → sink with offsets committed after flush', async () => {
    const w = await startWorker(mock.bootstrap);
    await runConnector(w.worker, 'mc-counter', { 'connector.class': 'test.CounterSource', topic: 'mc-src', count: '30', batch: '4' });
    await runConnector(w.worker, 'mc-collect', { 'connector.class': 'test.CollectSink', topics: 'mc-src' });
    await waitFor(() => sinkLogs.get('mc-collect')?.durable.length === 30, '30 records through the mock cluster');
    expect(sinkLogs.get('mc-collect')!.durable.map((r) => (r.value as { n: number }).n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await waitFor(async () => (await groupOffsets(mock.bootstrap, 'connect-mc-collect', 'mc-src')).get(0) === 30, 'group offset 30');
    await waitFor(async () => (await w.worker.sourceOffsets('mc-counter'))[0]?.offset?.['n'] === 29, 'source offset 29');
    await w.worker.stop();
  });

  it('poison records go to the DLQ with context headers', async () => {
    await produce(mock.bootstrap, 'mc-poison', [JSON.stringify({ n: 0 }), Buffer.from([0xff, 0x00]), JSON.stringify({ n: 2 })]);
    const w = await startWorker(mock.bootstrap);
    await runConnector(w.worker, 'mc-poison', {
      'connector.class': 'test.CollectSink',
      topics: 'mc-poison',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'mc-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor(() => sinkLogs.get('mc-poison')?.durable.length === 2, '2 good records');
    const dead = await readTopic(mock.bootstrap, 'mc-dlq', 1);
    expect(dead[0]!.value).toEqual(Buffer.from([0xff, 0x00]));
    expect(dead[0]!.headers!['__connect.errors.offset']!.toString()).toBe('1');
    await w.worker.stop();
  });
});
