import { ErrorCode } from '../protocol/error-codes.js';
import { CONFIG_TYPE_CODE, TOPIC_CONFIG_DEFS, effectiveTopicConfig } from '../topics/topic-config.js';
import { TopicError } from '../topics/topic-manager.js';
import type { Handler } from '../server/request-context.js';

interface CreateTopicsRequest {
  topics: Array<{
    name: string;
    numPartitions: number;
    replicationFactor: number;
    assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
    configs: Array<{ name: string; value: string | null }>;
  }>;
  timeoutMs: number;
  validateOnly?: boolean;
}

const CONFIG_SOURCE_TOPIC = 1;
const CONFIG_SOURCE_DEFAULT = 5;

/** CreateTopics on a single node: replication factor 1 only; validateOnly checks without creating. */
export const handleCreateTopics: Handler = async (body: CreateTopicsRequest, ctx) => {
  const broker = ctx.broker;
  const topics = [];
  for (const t of body.topics) {
    const fail = (errorCode: number, errorMessage: string) =>
      ({ name: t.name, topicId: Buffer.alloc(16), errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: null });
    const hasAssignments = t.assignments.length > 0;
    const partitions = hasAssignments ? t.assignments.length : t.numPartitions === -1 ? broker.defaultPartitions : t.numPartitions;
    const replication = hasAssignments ? (t.assignments[0]?.brokerIds.length ?? 1) : t.replicationFactor === -1 ? 1 : t.replicationFactor;
    if (hasAssignments && t.assignments.some((a) => a.brokerIds.some((id) => id !== broker.nodeId))) {
      topics.push(fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Only broker ${broker.nodeId} exists.`));
      continue;
    }
    if (replication !== 1) {
      topics.push(fail(ErrorCode.INVALID_REPLICATION_FACTOR,
        `Replication factor: ${replication} larger than available brokers: 1.`));
      continue;
    }
    const configs: Record<string, string | null> = {};
    for (const c of t.configs) configs[c.name] = c.value;
    try {
      if (body.validateOnly) broker.topics.validateCreate(t.name, partitions, configs);
      else await broker.topics.create(t.name, partitions, configs);
    } catch (err) {
      if (!(err instanceof TopicError)) throw err;
      topics.push(fail(err.errorCode, err.message));
      continue;
    }
    const created = broker.topics.get(t.name);
    const overrides = created?.configs ?? {};
    topics.push({
      name: t.name, topicId: created?.id ?? Buffer.alloc(16), errorCode: ErrorCode.NONE, errorMessage: null,
      numPartitions: partitions, replicationFactor: 1,
      configs: Object.entries(TOPIC_CONFIG_DEFS).map(([name, def]) => ({
        name, value: effectiveTopicConfig(overrides, name), readOnly: false,
        configSource: name in overrides ? CONFIG_SOURCE_TOPIC : CONFIG_SOURCE_DEFAULT, isSensitive: false,
        configType: CONFIG_TYPE_CODE[def.type],
      })),
    });
  }
  return { throttleTimeMs: 0, topics };
};
