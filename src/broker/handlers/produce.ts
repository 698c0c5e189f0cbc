import { ErrorCode } from '../protocol/error-codes.js';
import { CloseConnectionError } from '../net/connection.js';
import { ensureTopic } from '../server/ensure-topic.js';
import type { Handler } from '../server/request-context.js';
import type { Partition } from '../topics/partition.js';

interface ProduceRequest {
  transactionalId?: string | null;
  acks: number;
  timeoutMs: number;
  topicData: Array<{ name: string; partitionData: Array<{ index: number; records: Buffer | null }> }>;
}

interface PartitionResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordErrors: never[];
  errorMessage: string | null;
}

function errorResponse(index: number, errorCode: number, errorMessage: string | null = null): PartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage };
}

/**
 * Produce: validates and appends each partition's batches. acks=0 gets no response; acks=-1 is
 * answered only after the written partitions are fsynced when the flush policy is 'always'.
 */
export const handleProduce: Handler = async (body: ProduceRequest, ctx) => {
  const broker = ctx.broker;
  const acks = body.acks;
  const written: Partition[] = [];
  const responses = [];
  for (const t of body.topicData) {
    const topic = await ensureTopic(broker, t.name, true);
    const partitionResponses: PartitionResponse[] = [];
    for (const p of t.partitionData) {
      if (acks !== 0 && acks !== 1 && acks !== -1) {
        partitionResponses.push(errorResponse(p.index, ErrorCode.INVALID_REQUIRED_ACKS));
        continue;
      }
      const partition = topic?.partitions[p.index];
      if (!partition) {
        partitionResponses.push(errorResponse(p.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        continue;
      }
      if (isProtectedInternal(t.name)) {
        partitionResponses.push(errorResponse(p.index, ErrorCode.INVALID_TOPIC_EXCEPTION, 'cannot write to an internal topic'));
        continue;
      }
      if (p.records === null || p.records.length === 0) {
        partitionResponses.push(errorResponse(p.index, ErrorCode.CORRUPT_MESSAGE, 'no records'));
        continue;
      }
      const res = partition.produce(p.records, { apiVersion: ctx.apiVersion });
      if (res.errorCode === ErrorCode.NONE) written.push(partition);
      partitionResponses.push({
        index: p.index, errorCode: res.errorCode, baseOffset: res.baseOffset, logAppendTimeMs: res.logAppendTimeMs,
        logStartOffset: partition.logStartOffset, recordErrors: [], errorMessage: res.errorMessage ?? null,
      });
    }
    responses.push({ name: t.name, partitionResponses });
  }
  if (acks === 0) {
    // No response to carry an error, so Kafka closes the connection: the client notices and refreshes.
    const failed = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== ErrorCode.NONE));
    if (failed) throw new CloseConnectionError('acks=0 produce failed');
    return null;
  }
  if (acks === -1 && broker.flushPolicy === 'always') {
    for (const p of new Set(written)) await p.log.flush();
  }
  return { responses, throttleTimeMs: 0 };
};

/** Clients may not write the coordinators' own topics. */
function isProtectedInternal(name: string): boolean {
  return name === '__consumer_offsets' || name === '__transaction_state';
}
