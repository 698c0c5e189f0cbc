// Allocation-free reads of the few RecordBatch v2 header fields the log needs on its hot paths (append,
// locate, read, recovery). Whole-header decoding, CRC and rewriting live in ../protocol/record-batch.ts.

export const BATCH_LENGTH = 8;
export const MAGIC = 16;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const MAX_TIMESTAMP = 35;
export const RECORD_COUNT = 57;
/** Size of the fixed header; also the smallest valid batch. */
export const HEADER_BYTES = 61;

const TIMESTAMP_TYPE_BIT = 0x08;
const TRANSACTIONAL_BIT = 0x10;
const CONTROL_BIT = 0x20;

function int64At(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
}

export function baseOffsetOf(buf: Buffer, pos: number): number {
  return int64At(buf, pos);
}

/** Total bytes of the batch at pos (12 + batchLength). */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return 12 + buf.readInt32BE(pos + BATCH_LENGTH);
}

export function lastOffsetDeltaOf(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + LAST_OFFSET_DELTA);
}

export function maxTimestampOf(buf: Buffer, pos: number): number {
  return int64At(buf, pos + MAX_TIMESTAMP);
}

export function attributesOf(buf: Buffer, pos: number): number {
  return buf.readInt16BE(pos + ATTRIBUTES);
}

export function isLogAppendTime(attributes: number): boolean {
  return (attributes & TIMESTAMP_TYPE_BIT) !== 0;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & TRANSACTIONAL_BIT) !== 0;
}

export function isControl(attributes: number): boolean {
  return (attributes & CONTROL_BIT) !== 0;
}
