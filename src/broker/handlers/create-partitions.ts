import { ErrorCode } from '../protocol/error-codes.js';
import { TopicError } from '../topics/topic-manager.js';
import type { Handler } from '../server/request-context.js';

interface CreatePartitionsRequest {
  topics: Array<{ name: string; count: number; assignments: Array<{ brokerIds: number[] }> | null }>;
  timeoutMs: number;
  validateOnly: boolean;
}

/** CreatePartitions: grows topics; every new partition lives on this node. */
export const handleCreatePartitions: Handler = async (body: CreatePartitionsRequest, ctx) => {
  const results = [];
  for (const t of body.topics) {
    const badAssignment = t.assignments?.some((a) => a.brokerIds.some((id) => id !== ctx.broker.nodeId));
    if (badAssignment) {
      results.push({ name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: `Only broker ${ctx.broker.nodeId} exists.` });
      continue;
    }
    try {
      await ctx.broker.topics.addPartitions(t.name, t.count, body.validateOnly);
      results.push({ name: t.name, errorCode: ErrorCode.NONE, errorMessage: null });
    } catch (err) {
      if (!(err instanceof TopicError)) throw err;
      results.push({ name: t.name, errorCode: err.errorCode, errorMessage: err.message });
    }
  }
  return { throttleTimeMs: 0, results };
};
