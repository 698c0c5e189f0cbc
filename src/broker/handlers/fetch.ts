import { ErrorCode } from '../protocol/error-codes.js';
import { OffsetOutOfRangeError } from '../log/offset-out-of-range-error.js';
import type { Handler, RequestContext } from '../server/request-context.js';

const READ_COMMITTED = 1;
const EMPTY = Buffer.alloc(0);

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes?: number;
  isolationLevel?: number;
  topics: Array<{
    topic: string;
    topicId?: Buffer;
    partitions: Array<{ partition: number; fetchOffset: number; partitionMaxBytes: number }>;
  }>;
}

interface PartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: Array<{ producerId: number; firstOffset: number }> | null;
  preferredReadReplica: number;
  records: Buffer;
}

function failed(partitionIndex: number, errorCode: number): PartitionData {
  return {
    partitionIndex, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
    abortedTransactions: null, preferredReadReplica: -1, records: EMPTY,
  };
}

/** One pass over the requested partitions; returns the response topics, the bytes read and whether any failed. */
function readOnce(body: FetchRequest, ctx: RequestContext) {
  const topics = ctx.broker.topics;
  const readCommitted = (body.isolationLevel ?? 0) === READ_COMMITTED;
  let budget = body.maxBytes !== undefined && body.maxBytes > 0 ? body.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let anyError = false;
  const responses = body.topics.map((t) => {
    const topic = topics.get(t.topic) ?? (t.topicId ? topics.list().find((x) => x.id.equals(t.topicId!)) : undefined);
    const partitions = t.partitions.map((req): PartitionData => {
      const partition = topic?.partitions[req.partition];
      if (!partition) {
        anyError = true;
        return failed(req.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      const hw = partition.highWatermark;
      const lso = partition.lastStableOffset;
      const upper = readCommitted ? lso : hw;
      const base: PartitionData = {
        partitionIndex: req.partition, errorCode: ErrorCode.NONE, highWatermark: hw, lastStableOffset: lso,
        logStartOffset: partition.logStartOffset, abortedTransactions: readCommitted ? [] : null,
        preferredReadReplica: -1, records: EMPTY,
      };
      if (req.fetchOffset < partition.logStartOffset || req.fetchOffset > hw) {
        anyError = true;
        return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
      }
      // Kafka's rule: the first non-empty partition may exceed the limits by one whole batch.
      const limit = Math.min(req.partitionMaxBytes, budget);
      if (req.fetchOffset >= upper || (limit <= 0 && bytes > 0)) return base;
      let records: Buffer;
      try {
        records = partition.log.read(req.fetchOffset, Math.max(limit, 1), { maxOffset: upper });
      } catch (err) {
        if (!(err instanceof OffsetOutOfRangeError)) throw err;
        anyError = true;
        return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
      }
      bytes += records.length;
      budget -= records.length;
      const aborted = readCommitted && records.length > 0
        ? partition.producers.abortedTransactions(req.fetchOffset, upper)
        : base.abortedTransactions;
      return { ...base, records, abortedTransactions: aborted };
    });
    return { topic: t.topic, topicId: topic?.id ?? t.topicId ?? Buffer.alloc(16), partitions };
  });
  return { responses, bytes, anyError };
}

/**
 * Fetch with long poll: answers as soon as minBytes are available (or a partition errors), otherwise
 * waits for appends to the requested partitions until maxWaitMs passes.
 */
export const handleFetch: Handler = async (body: FetchRequest, ctx) => {
  const broker = ctx.broker;
  const deadline = broker.clock() + Math.max(0, body.maxWaitMs);
  const wanted = new Set<string>();
  for (const t of body.topics) for (const p of t.partitions) wanted.add(`${t.topic}\u0000${p.partition}`);
  for (;;) {
    const result = readOnce(body, ctx);
    const remaining = deadline - broker.clock();
    if (result.bytes >= body.minBytes || result.anyError || remaining <= 0
      || ctx.conn.closed || broker.notifier.closed) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: result.responses };
    }
    await waitForAppend(ctx, wanted, remaining);
  }
};

function waitForAppend(ctx: RequestContext, wanted: Set<string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = ctx.broker.notifier.subscribe((topic, partition) => {
      if (partition < 0 || wanted.has(`${topic}\u0000${partition}`)) done();
    });
  });
}
