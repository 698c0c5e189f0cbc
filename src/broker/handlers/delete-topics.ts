import { ErrorCode } from '../protocol/error-codes.js';
import { TopicError } from '../topics/topic-manager.js';
import type { Handler } from '../server/request-context.js';

interface DeleteTopicsRequest {
  topicNames?: string[];
  topics?: Array<{ name: string | null; topicId: Buffer }>;
  timeoutMs: number;
}

/** DeleteTopics by name (v0-5) or by name/id (v6+); internal topics cannot be deleted. */
export const handleDeleteTopics: Handler = async (body: DeleteTopicsRequest, ctx) => {
  const tm = ctx.broker.topics;
  const wanted = body.topicNames
    ? body.topicNames.map((name) => ({ name: name as string | null, topicId: undefined as Buffer | undefined }))
    : (body.topics ?? []).map((t) => ({ name: t.name, topicId: t.topicId }));
  const responses = [];
  for (const w of wanted) {
    const topic = w.name !== null ? tm.get(w.name) : tm.list().find((t) => w.topicId !== undefined && t.id.equals(w.topicId));
    const name = topic?.name ?? w.name;
    const topicId = topic?.id ?? w.topicId ?? Buffer.alloc(16);
    if (!topic) {
      const code = w.name === null ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      responses.push({ name, topicId, errorCode: code, errorMessage: 'This server does not host this topic.' });
      continue;
    }
    if (topic.internal) {
      responses.push({ name, topicId, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: 'Internal topics cannot be deleted.' });
      continue;
    }
    try {
      await tm.delete(topic.name);
      responses.push({ name, topicId, errorCode: ErrorCode.NONE, errorMessage: null });
    } catch (err) {
      if (!(err instanceof TopicError)) throw err;
      responses.push({ name, topicId, errorCode: err.errorCode, errorMessage: err.message });
    }
  }
  // Like Kafka, committed offsets of deleted topics go too, so a re-created topic starts fresh.
  const deleted = responses.filter((r) => r.errorCode === ErrorCode.NONE && r.name !== null).map((r) => r.name as string);
  if (deleted.length > 0) await ctx.broker.groups.deleteTopicOffsets(deleted);
  return { throttleTimeMs: 0, responses };
};
