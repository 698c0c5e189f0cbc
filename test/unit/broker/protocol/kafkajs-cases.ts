// Golden cases for the codec, using kafkajs (an independent client) as the source of truth:
// kafkajs request encoders produce the request bytes; kafkajs response decoders read our responses.
// `args` are kafkajs's request arguments; `request` is what our decoder must produce (partial match);
// `response` is a body we encode; `kafkajs` is what kafkajs must decode from it (partial match).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Long = require('kafkajs/src/utils/long');

export interface GoldenCase {
  api: string;
  apiKey: number;
  versions: number[];
  args: (v: number) => unknown;
  request: (v: number) => Record<string, unknown>;
  response: (v: number) => Record<string, unknown>;
  kafkajs: (v: number) => Record<string, unknown>;
}

const b = (s: string) => Buffer.from(s);
const range = (a: number, z: number) => Array.from({ length: z - a + 1 }, (_, i) => a + i);
const thr = (v: number, from = 1) => (v >= from ? { throttleTime: 7 } : {});

export const CASES: GoldenCase[] = [
  {
    api: 'apiVersions', apiKey: 18, versions: [0, 1, 2],
    args: () => undefined,
    request: () => ({}),
    response: () => ({ errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 8 }, { apiKey: 18, minVersion: 0, maxVersion: 2 }], throttleTimeMs: 7 }),
    kafkajs: (v) => ({ errorCode: 0, apiVersions: [{ apiKey: 0, minVersion: 3, maxVersion: 8 }, { apiKey: 18, minVersion: 0, maxVersion: 2 }], ...thr(v) }),
  },
  {
    api: 'metadata', apiKey: 3, versions: range(0, 6),
    args: () => ({ topics: ['t1', 'other'], allowAutoTopicCreation: false }),
    request: (v) => ({ topics: [{ name: 't1' }, { name: 'other' }], allowAutoTopicCreation: v >= 4 ? false : true }),
    response: () => ({
      throttleTimeMs: 7, brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }], clusterId: 'cid', controllerId: 1,
      topics: [{ errorCode: 0, name: 't1', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 4, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }],
    }),
    kafkajs: (v) => ({
      ...thr(v, 3), brokers: [{ nodeId: 1, host: 'localhost', port: 9092 }], ...(v >= 1 ? { controllerId: 1 } : {}), ...(v >= 2 ? { clusterId: 'cid' } : {}),
      topicMetadata: [{ topicErrorCode: 0, topic: 't1', partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1], ...(v >= 5 ? { offlineReplicas: [] } : {}) }] }],
    }),
  },
  {
    api: 'produce', apiKey: 0, versions: range(3, 7),
    args: () => ({ acks: -1, timeout: 30000, transactionalId: 'tx', producerId: Long.fromNumber(5), producerEpoch: 1,
      topicData: [{ topic: 'p', partitions: [{ partition: 2, firstSequence: 0, messages: [{ key: 'k', value: 'v', timestamp: 1000 }] }] }] }),
    request: () => ({ transactionalId: 'tx', acks: -1, timeoutMs: 30000, topicData: [{ name: 'p', partitionData: [{ index: 2 }] }] }),
    response: () => ({ responses: [{ name: 'p', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 42, logAppendTimeMs: -1, logStartOffset: 0 }] }], throttleTimeMs: 7 }),
    kafkajs: (v) => ({ topics: [{ topicName: 'p', partitions: [{ partition: 2, errorCode: 0, baseOffset: '42', logAppendTime: '-1', ...(v >= 5 ? { logStartOffset: '0' } : {}) }] }], throttleTime: 7 }),
  },
  {
    api: 'fetch', apiKey: 1, versions: range(4, 11),
    args: () => ({ replicaId: -1, maxWaitTime: 500, minBytes: 1, maxBytes: 1048576, isolationLevel: 1, sessionId: 0, sessionEpoch: -1, rackId: 'r1',
      topics: [{ topic: 'f', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: '17', logStartOffset: '-1', maxBytes: 65536 }] }] }),
    request: (v) => ({ replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1048576, isolationLevel: 1, ...(v >= 7 ? { sessionId: 0, sessionEpoch: -1 } : {}),
      ...(v >= 11 ? { rackId: 'r1' } : {}), topics: [{ topic: 'f', partitions: [{ partition: 0, fetchOffset: 17, partitionMaxBytes: 65536, currentLeaderEpoch: -1 }] }] }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, sessionId: 0, responses: [{ topic: 'f', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 100, lastStableOffset: 90, logStartOffset: 3,
      abortedTransactions: [{ producerId: 9, firstOffset: 80 }], preferredReadReplica: -1, records: null }] }] }),
    kafkajs: (v) => ({ throttleTime: 7, ...(v >= 7 ? { errorCode: 0 } : {}), responses: [{ topicName: 'f', partitions: [{ partition: 0, errorCode: 0, highWatermark: '100', lastStableOffset: '90',
      abortedTransactions: [{ producerId: '9', firstOffset: '80' }], ...(v >= 5 ? { lastStartOffset: '3' } : {}) }] }] }),
  },
  {
    api: 'listOffsets', apiKey: 2, versions: range(0, 3),
    args: () => ({ replicaId: -1, isolationLevel: 1, topics: [{ topic: 'l', partitions: [{ partition: 1, timestamp: -2 }] }] }),
    request: (v) => ({ replicaId: -1, isolationLevel: v >= 2 ? 1 : 0, topics: [{ name: 'l', partitions: [{ partitionIndex: 1, timestamp: -2 }] }] }),
    response: () => ({ throttleTimeMs: 7, topics: [{ name: 'l', partitions: [{ partitionIndex: 1, errorCode: 0, oldStyleOffsets: [12], timestamp: -1, offset: 12 }] }] }),
    kafkajs: (v) => ({ ...thr(v, 2), responses: [{ topic: 'l', partitions: [{ partition: 1, errorCode: 0, ...(v === 0 ? { offsets: ['12'] } : { offset: '12' }) }] }] }),
  },
  {
    api: 'offsetCommit', apiKey: 8, versions: range(0, 5),
    args: () => ({ groupId: 'g', groupGenerationId: 3, memberId: 'm', retentionTime: -1, topics: [{ topic: 'o', partitions: [{ partition: 0, offset: '10', metadata: 'md' }] }] }),
    request: (v) => ({ groupId: 'g', ...(v >= 1 ? { generationIdOrMemberEpoch: 3, memberId: 'm' } : {}), topics: [{ name: 'o', partitions: [{ partitionIndex: 0, committedOffset: 10, committedMetadata: 'md' }] }] }),
    response: () => ({ throttleTimeMs: 7, topics: [{ name: 'o', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
    kafkajs: (v) => ({ ...thr(v, 3), responses: [{ topic: 'o', partitions: [{ partition: 0, errorCode: 0 }] }] }),
  },
  {
    api: 'offsetFetch', apiKey: 9, versions: range(1, 4),
    args: () => ({ groupId: 'g', topics: [{ topic: 'o', partitions: [{ partition: 0 }, { partition: 1 }] }] }),
    request: () => ({ groupId: 'g', topics: [{ name: 'o', partitionIndexes: [0, 1] }] }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, topics: [{ name: 'o', partitions: [{ partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: -1, metadata: 'md', errorCode: 0 }] }] }),
    kafkajs: (v) => ({ ...thr(v, 3), ...(v >= 2 ? { errorCode: 0 } : {}), responses: [{ topic: 'o', partitions: [{ partition: 0, offset: '10', metadata: 'md', errorCode: 0 }] }] }),
  },
  {
    api: 'findCoordinator', apiKey: 10, versions: range(0, 2),
    args: (v) => (v === 0 ? { groupId: 'g' } : { coordinatorKey: 'g', coordinatorType: 1 }),
    request: (v) => ({ key: 'g', keyType: v >= 1 ? 1 : 0 }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, errorMessage: null, nodeId: 1, host: 'h', port: 9 }),
    kafkajs: (v) => ({ ...thr(v), errorCode: 0, coordinator: { nodeId: 1, host: 'h', port: 9 } }),
  },
  {
    api: 'joinGroup', apiKey: 11, versions: range(0, 5),
    args: () => ({ groupId: 'g', sessionTimeout: 10000, rebalanceTimeout: 20000, memberId: '', groupInstanceId: 'inst', protocolType: 'consumer', groupProtocols: [{ name: 'range', metadata: b('meta') }] }),
    request: (v) => ({ groupId: 'g', sessionTimeoutMs: 10000, rebalanceTimeoutMs: v >= 1 ? 20000 : -1, memberId: '', groupInstanceId: v >= 5 ? 'inst' : null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: b('meta') }] }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, generationId: 2, protocolName: 'range', leader: 'm1', memberId: 'm1', members: [{ memberId: 'm1', groupInstanceId: null, metadata: b('meta') }] }),
    kafkajs: (v) => ({ ...thr(v, 2), errorCode: 0, generationId: 2, groupProtocol: 'range', leaderId: 'm1', memberId: 'm1', members: [{ memberId: 'm1', memberMetadata: b('meta') }] }),
  },
  {
    api: 'syncGroup', apiKey: 14, versions: range(0, 3),
    args: () => ({ groupId: 'g', generationId: 2, memberId: 'm1', groupInstanceId: null, groupAssignment: [{ memberId: 'm1', memberAssignment: b('asg') }] }),
    request: () => ({ groupId: 'g', generationId: 2, memberId: 'm1', assignments: [{ memberId: 'm1', assignment: b('asg') }] }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, assignment: b('asg') }),
    kafkajs: (v) => ({ ...thr(v), errorCode: 0, memberAssignment: b('asg') }),
  },
  {
    api: 'heartbeat', apiKey: 12, versions: range(0, 3),
    args: () => ({ groupId: 'g', groupGenerationId: 2, memberId: 'm1', groupInstanceId: null }),
    request: () => ({ groupId: 'g', generationId: 2, memberId: 'm1' }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0 }),
    kafkajs: (v) => ({ ...thr(v), errorCode: 0 }),
  },
  {
    api: 'leaveGroup', apiKey: 13, versions: range(0, 3),
    args: (v) => (v < 3 ? { groupId: 'g', memberId: 'm1' } : { groupId: 'g', members: [{ memberId: 'm1', groupInstanceId: 'i' }] }),
    request: (v) => (v < 3 ? { groupId: 'g', memberId: 'm1' } : { groupId: 'g', members: [{ memberId: 'm1', groupInstanceId: 'i' }] }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, members: [{ memberId: 'm1', groupInstanceId: 'i', errorCode: 0 }] }),
    kafkajs: (v) => ({ ...thr(v), errorCode: 0, ...(v >= 3 ? { members: [{ memberId: 'm1', groupInstanceId: 'i', errorCode: 0 }] } : {}) }),
  },
  {
    api: 'describeGroups', apiKey: 15, versions: range(0, 2),
    args: () => ({ groupIds: ['g'] }),
    request: () => ({ groups: ['g'] }),
    response: () => ({ throttleTimeMs: 7, groups: [{ errorCode: 0, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range',
      members: [{ memberId: 'm1', clientId: 'c', clientHost: '/1.2.3.4', memberMetadata: b('md'), memberAssignment: b('as') }] }] }),
    kafkajs: (v) => ({ ...thr(v), groups: [{ errorCode: 0, groupId: 'g', state: 'Stable', protocolType: 'consumer', protocol: 'range',
      members: [{ memberId: 'm1', clientId: 'c', clientHost: '/1.2.3.4', memberMetadata: b('md'), memberAssignment: b('as') }] }] }),
  },
  {
    api: 'listGroups', apiKey: 16, versions: range(0, 2),
    args: () => undefined,
    request: () => ({}),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] }),
    kafkajs: (v) => ({ ...thr(v), errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] }),
  },
  {
    api: 'saslHandshake', apiKey: 17, versions: [0, 1],
    args: () => ({ mechanism: 'PLAIN' }),
    request: () => ({ mechanism: 'PLAIN' }),
    response: () => ({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] }),
    kafkajs: () => ({ errorCode: 0, enabledMechanisms: ['PLAIN', 'SCRAM-SHA-256'] }),
  },
  {
    api: 'saslAuthenticate', apiKey: 36, versions: [0, 1],
    args: () => ({ authBytes: Buffer.concat([Buffer.from([0, 0, 0, 4]), b('\0u\0p')]) }), // kafkajs passes pre-framed bytes
    request: () => ({ authBytes: b('\0u\0p') }),
    response: () => ({ errorCode: 0, errorMessage: null, authBytes: b('ok'), sessionLifetimeMs: 0 }),
    // kafkajs hands SASL mechanisms the bytes with their int32 length prefix still on
    kafkajs: () => ({ errorCode: 0, authBytes: Buffer.from([0, 0, 0, 2, 0x6f, 0x6b]) }),
  },
  {
    api: 'createTopics', apiKey: 19, versions: range(0, 3),
    args: () => ({ timeout: 5000, validateOnly: true, topics: [{ topic: 'c', numPartitions: 3, replicationFactor: 1, replicaAssignment: [], configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] }),
    request: (v) => ({ timeoutMs: 5000, validateOnly: v >= 1, topics: [{ name: 'c', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }] }),
    response: () => ({ throttleTimeMs: 7, topics: [{ name: 'c', errorCode: 0, errorMessage: null }] }),
    kafkajs: (v) => ({ ...thr(v, 2), topicErrors: [{ topic: 'c', errorCode: 0 }] }),
  },
  {
    api: 'deleteTopics', apiKey: 20, versions: [0, 1],
    args: () => ({ topics: ['d1', 'd2'], timeout: 4000 }),
    request: () => ({ topicNames: ['d1', 'd2'], timeoutMs: 4000 }),
    response: () => ({ throttleTimeMs: 7, responses: [{ name: 'd1', errorCode: 0 }, { name: 'd2', errorCode: 3 }] }),
    kafkajs: (v) => ({ ...thr(v), topicErrors: [{ topic: 'd1', errorCode: 0 }, { topic: 'd2', errorCode: 3 }] }),
  },
  {
    api: 'createPartitions', apiKey: 37, versions: [0, 1],
    args: () => ({ topicPartitions: [{ topic: 'c', count: 5 }], validateOnly: false, timeout: 3000 }),
    request: () => ({ topics: [{ name: 'c', count: 5, assignments: null }], timeoutMs: 3000, validateOnly: false }),
    response: () => ({ throttleTimeMs: 7, results: [{ name: 'c', errorCode: 0, errorMessage: null }] }),
    kafkajs: () => ({ throttleTime: 7, topicErrors: [{ topic: 'c', errorCode: 0 }] }),
  },
  {
    api: 'describeConfigs', apiKey: 32, versions: range(0, 2),
    args: () => ({ resources: [{ type: 2, name: 't', configNames: ['retention.ms'] }], includeSynonyms: false }),
    request: () => ({ resources: [{ resourceType: 2, resourceName: 't', configurationKeys: ['retention.ms'] }], includeSynonyms: false }),
    response: () => ({ throttleTimeMs: 7, results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't',
      configs: [{ name: 'retention.ms', value: '1000', readOnly: false, isDefault: false, configSource: 1, isSensitive: false, synonyms: [] }] }] }),
    kafkajs: () => ({ throttleTime: 7, resources: [{ errorCode: 0, resourceType: 2, resourceName: 't', configEntries: [{ configName: 'retention.ms', configValue: '1000', readOnly: false, isSensitive: false }] }] }),
  },
  {
    api: 'alterConfigs', apiKey: 33, versions: [0, 1],
    args: () => ({ validateOnly: false, resources: [{ type: 2, name: 't', configEntries: [{ name: 'retention.ms', value: '5' }] }] }),
    request: () => ({ resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', value: '5' }] }], validateOnly: false }),
    response: () => ({ throttleTimeMs: 7, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }] }),
    kafkajs: () => ({ throttleTime: 7, resources: [{ errorCode: 0, resourceType: 2, resourceName: 't' }] }),
  },
  {
    api: 'deleteRecords', apiKey: 21, versions: [0, 1],
    args: () => ({ timeout: 2000, topics: [{ topic: 'r', partitions: [{ partition: 0, offset: '55' }] }] }),
    request: () => ({ timeoutMs: 2000, topics: [{ name: 'r', partitions: [{ partitionIndex: 0, offset: 55 }] }] }),
    response: () => ({ throttleTimeMs: 7, topics: [{ name: 'r', partitions: [{ partitionIndex: 0, lowWatermark: 55, errorCode: 0 }] }] }),
    kafkajs: () => ({ throttleTime: 7, topics: [{ topic: 'r', partitions: [{ partition: 0, lowWatermark: 55n, errorCode: 0 }] }] }),
  },
  {
    api: 'initProducerId', apiKey: 22, versions: [0, 1],
    args: () => ({ transactionalId: 'tx', transactionTimeout: 60000 }),
    request: () => ({ transactionalId: 'tx', transactionTimeoutMs: 60000 }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0, producerId: 1234, producerEpoch: 3 }),
    kafkajs: () => ({ throttleTime: 7, errorCode: 0, producerId: '1234', producerEpoch: 3 }),
  },
  {
    api: 'addPartitionsToTxn', apiKey: 24, versions: [0, 1],
    args: () => ({ transactionalId: 'tx', producerId: '1234', producerEpoch: 3, topics: [{ topic: 'a', partitions: [0, 2] }] }),
    request: () => ({ v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: 1234, v3AndBelowProducerEpoch: 3, v3AndBelowTopics: [{ name: 'a', partitions: [0, 2] }] }),
    response: () => ({ throttleTimeMs: 7, resultsByTopicV3AndBelow: [{ name: 'a', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }] }] }),
    kafkajs: () => ({ throttleTime: 7, errors: [{ topic: 'a', partitionErrors: [{ partition: 0, errorCode: 0 }] }] }),
  },
  {
    api: 'addOffsetsToTxn', apiKey: 25, versions: [0, 1],
    args: () => ({ transactionalId: 'tx', producerId: '1234', producerEpoch: 3, groupId: 'g' }),
    request: () => ({ transactionalId: 'tx', producerId: 1234, producerEpoch: 3, groupId: 'g' }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0 }),
    kafkajs: () => ({ throttleTime: 7, errorCode: 0 }),
  },
  {
    api: 'endTxn', apiKey: 26, versions: [0, 1],
    args: () => ({ transactionalId: 'tx', producerId: '1234', producerEpoch: 3, transactionResult: true }),
    request: () => ({ transactionalId: 'tx', producerId: 1234, producerEpoch: 3, committed: true }),
    response: () => ({ throttleTimeMs: 7, errorCode: 0 }),
    kafkajs: () => ({ throttleTime: 7, errorCode: 0 }),
  },
  {
    api: 'txnOffsetCommit', apiKey: 28, versions: [0, 1],
    args: () => ({ transactionalId: 'tx', groupId: 'g', producerId: '1234', producerEpoch: 3, topics: [{ topic: 'o', partitions: [{ partition: 0, offset: '10', metadata: null }] }] }),
    request: () => ({ transactionalId: 'tx', groupId: 'g', producerId: 1234, producerEpoch: 3, topics: [{ name: 'o', partitions: [{ partitionIndex: 0, committedOffset: 10, committedMetadata: null }] }] }),
    response: () => ({ throttleTimeMs: 7, topics: [{ name: 'o', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }),
    kafkajs: () => ({ throttleTime: 7, topics: [{ topic: 'o', partitions: [{ partition: 0, errorCode: 0 }] }] }),
  },
  {
    api: 'deleteGroups', apiKey: 42, versions: [0, 1],
    args: () => ['g1', 'g2'],
    request: () => ({ groupsNames: ['g1', 'g2'] }),
    response: () => ({ throttleTimeMs: 7, results: [{ groupId: 'g1', errorCode: 0 }, { groupId: 'g2', errorCode: 69 }] }),
    kafkajs: () => ({ throttleTime: 7, results: [{ groupId: 'g1', errorCode: 0 }, { groupId: 'g2', errorCode: 69 }] }),
  },
];
