import { ErrorCode } from '../protocol/error-codes.js';
import type { Handler } from '../server/request-context.js';

interface DeleteRecordsRequest {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: number }> }>;
  timeoutMs: number;
}

/** DeleteRecords: moves each partition's log start offset forward (-1 = up to the high watermark). */
export const handleDeleteRecords: Handler = async (body: DeleteRecordsRequest, ctx) => {
  const topics = [];
  for (const t of body.topics) {
    const topic = ctx.broker.topics.get(t.name);
    const partitions = [];
    for (const p of t.partitions) {
      const partition = topic?.partitions[p.partitionIndex];
      if (!partition) {
        partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
        continue;
      }
      const target = p.offset === -1 ? partition.highWatermark : p.offset;
      if (target < 0 || target > partition.highWatermark) {
        partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
        continue;
      }
      if (target > partition.logStartOffset) partition.deleteRecordsBefore(target);
      partitions.push({ partitionIndex: p.partitionIndex, lowWatermark: partition.logStartOffset, errorCode: ErrorCode.NONE });
    }
    topics.push({ name: t.name, partitions });
  }
  return { throttleTimeMs: 0, topics };
};
