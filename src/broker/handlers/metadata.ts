import { ErrorCode } from '../protocol/error-codes.js';
import { topicNameProblem } from '../topics/topic-name.js';
import type { Topic } from '../topics/topic-manager.js';
import { ensureTopic } from '../server/ensure-topic.js';
import type { Handler, RequestContext } from '../server/request-context.js';

const NO_TOPIC_ID = Buffer.alloc(16);
const AUTHORIZED_OPS_UNKNOWN = -2147483648;

interface MetadataRequest {
  topics: Array<{ name: string | null; topicId?: Buffer }> | null;
  allowAutoTopicCreation?: boolean;
}

/** The one broker of this cluster, as the client reaches it. */
export function brokerEndpoint(ctx: RequestContext): { nodeId: number; host: string; port: number; rack: null } {
  const b = ctx.broker;
  return { nodeId: b.nodeId, host: b.advertisedHost ?? ctx.conn.localHost, port: b.advertisedPort ?? ctx.conn.localPort, rack: null };
}

function describeTopic(ctx: RequestContext, topic: Topic) {
  const id = ctx.broker.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: topic.internal,
    partitions: topic.partitions.map((p) => ({
      errorCode: ErrorCode.NONE, partitionIndex: p.index, leaderId: id, leaderEpoch: 0,
      replicaNodes: [id], isrNodes: [id], offlineReplicas: [],
    })),
    topicAuthorizedOperations: AUTHORIZED_OPS_UNKNOWN,
  };
}

function missingTopic(name: string | null, topicId: Buffer | undefined, errorCode: number) {
  return {
    errorCode, name, topicId: topicId ?? NO_TOPIC_ID, isInternal: false, partitions: [],
    topicAuthorizedOperations: AUTHORIZED_OPS_UNKNOWN,
  };
}

export const handleMetadata: Handler = async (body: MetadataRequest, ctx) => {
  const broker = ctx.broker;
  // v0: an empty list means every topic; v1+: null means every topic, empty means none.
  const all = body.topics === null || (ctx.apiVersion === 0 && body.topics.length === 0);
  const allowCreate = ctx.apiVersion >= 4 ? body.allowAutoTopicCreation !== false : true;
  const topics = [];
  if (all) {
    for (const t of broker.topics.list()) topics.push(describeTopic(ctx, t));
  } else {
    for (const req of body.topics ?? []) {
      const name = req.name ?? (req.topicId ? broker.topics.list().find((t) => t.id.equals(req.topicId!))?.name : undefined) ?? null;
      if (name === null) {
        topics.push(missingTopic(null, req.topicId, ErrorCode.UNKNOWN_TOPIC_ID));
        continue;
      }
      if (topicNameProblem(name) !== null) {
        topics.push(missingTopic(name, req.topicId, ErrorCode.INVALID_TOPIC_EXCEPTION));
        continue;
      }
      const topic = await ensureTopic(broker, name, allowCreate);
      topics.push(topic ? describeTopic(ctx, topic) : missingTopic(name, req.topicId, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: [brokerEndpoint(ctx)],
    clusterId: broker.clusterId,
    controllerId: broker.nodeId,
    topics,
    clusterAuthorizedOperations: AUTHORIZED_OPS_UNKNOWN,
  };
};
