import type { PartitionLog } from '../log/partition-log.js';
import { iterateBatches, type BatchView } from '../protocol/record-batch.js';

const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

/** Every batch of a partition log, oldest first (startup recovery of producer and coordinator state). */
export function* scanLogBatches(log: PartitionLog): Generator<BatchView> {
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const chunk = log.read(offset, SCAN_CHUNK_BYTES);
    if (chunk.length === 0) return;
    let next = offset;
    for (const b of iterateBatches(chunk, { allowPartialTail: true })) {
      next = b.header.baseOffset + b.header.lastOffsetDelta + 1;
      yield b;
    }
    if (next <= offset) return;
    offset = next;
  }
}
