import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/broker/protocol/api-keys.js';
import { ErrorCode } from '../../../src/broker/protocol/error-codes.js';
import { buildBatch } from '../../../src/broker/protocol/record-batch.js';
import { withBroker } from '../../support/broker.js';
import { RawClient } from './raw-client.js';

describe('embedded broker: opt-in flexible (KIP-482) versions', () => {
  const broker = withBroker({ flexibleVersions: true });

  it('advertises flexible versions and serves ApiVersions v3 directly', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const res = await c.request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'it', clientSoftwareVersion: '1' });
    expect(res.errorCode).toBe(ErrorCode.NONE);
    const max = (k: number) => res.apiKeys.find((a: { apiKey: number }) => a.apiKey === k)?.maxVersion;
    expect(max(ApiKey.Metadata)).toBeGreaterThanOrEqual(12);
    expect(max(ApiKey.DescribeCluster)).toBeGreaterThanOrEqual(0);
    c.close();
  });

  it('creates, produces, fetches, lists offsets and describes the cluster with flexible versions', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const created = await c.request(ApiKey.CreateTopics, 7, {
      topics: [{ name: 'flex', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false,
    });
    expect(created.topics[0].errorCode).toBe(0);
    expect(created.topics[0].topicId.length).toBe(16);
    const md = await c.request(ApiKey.Metadata, 12, { topics: [{ topicId: created.topics[0].topicId, name: null }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(md.topics[0].name).toBe('flex');
    expect(md.controllerId).toBe(1);
    const batch = buildBatch({ records: [1000, 3000, 2000].map((ts) => ({ value: Buffer.from(`t${ts}`), timestamp: ts })) });
    const produced = await c.request(ApiKey.Produce, 9, {
      transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: 'flex', partitionData: [{ index: 0, records: batch }] }],
    });
    expect(produced.responses[0].partitionResponses[0].errorCode).toBe(0);
    const fetched = await c.request(ApiKey.Fetch, 12, {
      replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic: 'flex', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    });
    expect(fetched.responses[0].partitions[0].highWatermark).toBe(3);
    expect(fetched.responses[0].partitions[0].records.length).toBe(batch.length);
    const maxTs = await c.request(ApiKey.ListOffsets, 7, {
      replicaId: -1, isolationLevel: 0, topics: [{ name: 'flex', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -3 }] }],
    });
    expect([Number(maxTs.topics[0].partitions[0].offset), Number(maxTs.topics[0].partitions[0].timestamp)]).toEqual([1, 3000]);
    const cluster = await c.request(ApiKey.DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(cluster.brokers).toEqual([{ brokerId: 1, host: '127.0.0.1', port: Number(broker().bootstrap.split(':')[1]), rack: null }]);
    const coord = await c.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['g1', 'g2'] });
    expect(coord.coordinators.map((x: { key: string; nodeId: number }) => [x.key, x.nodeId])).toEqual([['g1', 1], ['g2', 1]]);
    c.close();
  });
});
