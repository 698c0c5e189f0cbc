// Walks the batches stored in a segment in file order, reading big chunks so a scan of a whole segment
// costs a few syscalls per megabyte rather than one per batch.
import { BATCH_LENGTH, HEADER_BYTES, MAGIC, batchSizeAt } from './batch-fields.js';
import type { SegmentStorage } from './segment-storage.js';

const SCAN_CHUNK = 1024 * 1024;

/**
 * Calls visit(buf, at, pos, size) for each whole batch from byte `from` on; `buf.subarray(at, at + size)` is the
 * batch (a short-lived view: copy what you keep). Stops when visit returns false, at the end, or at a torn or
 * implausible batch (wrong magic, size too small, running past the end). Returns the position it stopped at.
 */
export function scanBatches(
  storage: SegmentStorage,
  from: number,
  visit: (buf: Buffer, at: number, pos: number, size: number) => boolean,
  chunkBytes = SCAN_CHUNK,
): number {
  const end = storage.size;
  let pos = from;
  let chunk: Buffer = Buffer.alloc(0);
  let chunkPos = from;
  while (pos + HEADER_BYTES <= end) {
    if (pos + HEADER_BYTES > chunkPos + chunk.length) {
      chunk = storage.peek(pos, chunkBytes);
      chunkPos = pos;
    }
    let at = pos - chunkPos;
    const length = chunk.readInt32BE(at + BATCH_LENGTH);
    const size = length + 12;
    if (length < HEADER_BYTES - 12 || pos + size > end || chunk[at + MAGIC] !== 2) return pos;
    if (at + size > chunk.length) {
      chunk = storage.peek(pos, Math.max(chunkBytes, size));
      chunkPos = pos;
      at = 0;
    }
    if (!visit(chunk, at, pos, batchSizeAt(chunk, at))) return pos;
    pos += size;
  }
  return pos;
}
