/**
 * Two distributed workers against librdkafka's mock cluster (a Kafka implementation nobody here wrote): the
 * internal topics, group membership with protocol type `connect` and the assignment work there too.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { buildMockCluster, startMockCluster, type MockCluster } from '../../support/mock-cluster.js';
import { waitFor } from '../../support/broker.js';
import { http } from './cluster-test-kit.js';

const unavailable = (() => {
  try {
    buildMockCluster();
    return undefined;
  } catch (err) {
    console.warn(`skipping the mock-cluster distributed tests: ${(err as Error).message}`);
    return (err as Error).message;
  }
})();

describe.skipIf(unavailable !== undefined)('distributed workers on librdkafka mock cluster', () => {
  let mock: MockCluster;
  const workers: RunningDistributedWorker[] = [];
  beforeAll(async () => {
    // the mock's CreateTopics has no controller kafkajs can find, so the topics exist up front (not compacted there)
    mock = await startMockCluster({ topics: { 'm-configs': 1, 'm-offsets': 2, 'm-status': 2, 'm-pv': 4 } });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await mock?.close();
  });

  it('two workers share a connector\'s tasks', async () => {
    const start = () =>
      startDistributedWorker({
        workerProps: {
          'bootstrap.servers': mock.bootstrap, 'group.id': 'mock-cluster',
          'config.storage.topic': 'm-configs', 'offset.storage.topic': 'm-offsets', 'status.storage.topic': 'm-status',
          'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
          'offset.storage.partitions': '2', 'status.storage.partitions': '2',
          'heartbeat.interval.ms': '200', 'session.timeout.ms': '6000', 'scheduled.rebalance.max.delay.ms': '0',
        },
        restHost: '127.0.0.1', restPort: 0, log: pino({ level: 'silent' }),
      });
    workers.push(await start(), await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== ''), 'leader known', 30_000);
    const res = await http(workers[1]!.restUrl, 'POST', '/connectors', {
      name: 'dg', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'm-pv', quickstart: 'pageviews', 'max.interval': '20', 'tasks.max': '4' },
    });
    expect(res.status).toBe(201);
    await waitFor(async () => {
      const s = await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status');
      return s.body?.tasks?.length === 4 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
    }, 'all tasks RUNNING', 60_000);
    await waitFor(() => workers.every((w) => w.herder.assignedHere().filter((n) => /-\d+$/.test(n)).length === 2), 'two tasks per worker', 30_000);
  }, 120_000);
});
