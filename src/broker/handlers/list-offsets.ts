import { ErrorCode } from '../protocol/error-codes.js';
import type { Handler } from '../server/request-context.js';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3; // v7+
const EARLIEST_LOCAL = -4; // v8+: no tiered storage here, so the log start
const LATEST_TIERED = -5; // v9+: nothing is tiered
const READ_COMMITTED = 1;

interface ListOffsetsRequest {
  isolationLevel?: number;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; timestamp: number; maxNumOffsets?: number }> }>;
}

/** ListOffsets: latest (-1, the LSO under read_committed), earliest (-2) or the first offset at/after a timestamp. */
export const handleListOffsets: Handler = async (body: ListOffsetsRequest, ctx) => {
  const v0 = ctx.apiVersion === 0;
  const readCommitted = (body.isolationLevel ?? 0) === READ_COMMITTED;
  const topics = body.topics.map((t) => {
    const topic = ctx.broker.topics.get(t.name);
    const partitions = t.partitions.map((req) => {
      const partition = topic?.partitions[req.partitionIndex];
      if (!partition) {
        return { partitionIndex: req.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
      }
      let offset = -1;
      let timestamp = -1;
      if (req.timestamp === LATEST) {
        offset = readCommitted ? partition.lastStableOffset : partition.highWatermark;
      } else if (req.timestamp === EARLIEST || req.timestamp === EARLIEST_LOCAL) {
        offset = partition.logStartOffset;
      } else if (req.timestamp === MAX_TIMESTAMP) {
        const found = partition.offsetOfMaxTimestamp();
        if (found) ({ offset, timestamp } = found);
      } else if (req.timestamp === LATEST_TIERED) {
        offset = -1;
      } else {
        const found = partition.log.offsetForTimestamp(req.timestamp);
        if (found) ({ offset, timestamp } = found);
      }
      return {
        partitionIndex: req.partitionIndex, errorCode: ErrorCode.NONE,
        oldStyleOffsets: v0 ? (offset >= 0 ? [offset] : []) : [], timestamp, offset, leaderEpoch: 0,
      };
    });
    return { name: t.name, partitions };
  });
  return { throttleTimeMs: 0, topics };
};
