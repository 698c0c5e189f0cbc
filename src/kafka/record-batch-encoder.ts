/**
 * Encodes Kafka's RecordBatch v2 (magic 2), uncompressed, for records of one partition: sizes are computed
 * first, so the batch is written into one buffer of the exact length with no regrowth, then checksummed
 * (CRC-32C over attributes … end). Pure function of its input; no I/O.
 */
import { crc32c } from './crc32c.js';
import type { OutgoingRecord } from './kafka-record.js';

/** baseOffset … recordsCount: 8+4+4+1+4+2+4+8+8+8+2+4+4 bytes. */
const BATCH_HEADER = 61;
/** Where the CRC-covered part starts (the attributes field). */
const CRC_START = 21;

function varintSize(v: number): number {
  // zigzag of a 32-bit signed value
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (z >= 0x80) {
    z >>>= 7;
    n++;
  }
  return n;
}

/** Zigzag of a safe integer as a non-negative number (up to 2^54). */
function zigzag64(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function varlongSize(v: number): number {
  let z = zigzag64(v);
  let n = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

function writeVarint(buf: Buffer, at: number, v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  while (z >= 0x80) {
    buf[at++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[at++] = z;
  return at;
}

function writeVarlong(buf: Buffer, at: number, v: number): number {
  let z = zigzag64(v);
  while (z >= 0x80) {
    buf[at++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[at++] = z;
  return at;
}

function bytesField(b: Uint8Array | null): number {
  return b === null ? 1 : varintSize(b.byteLength) + b.byteLength;
}

/**
 * The batch for `records[indices[i]]`, in that order (offset deltas 0…n-1). A record without a timestamp
 * gets `nowMs` (CreateTime), as the Java producer stamps records when they are sent.
 */
export function encodeRecordBatch(records: readonly OutgoingRecord[], indices: readonly number[], nowMs: number): Buffer {
  const n = indices.length;
  const first = records[indices[0]!]!;
  const firstTs = first.timestamp ?? nowMs;
  let maxTs = firstTs;
  const bodySizes = new Array<number>(n);
  let headerKeys: Buffer[] | undefined;
  let total = BATCH_HEADER;
  for (let i = 0; i < n; i++) {
    const r = records[indices[i]!]!;
    const ts = r.timestamp ?? nowMs;
    if (ts > maxTs) maxTs = ts;
    let body = 1 + varlongSize(ts - firstTs) + varintSize(i) + bytesField(r.key) + bytesField(r.value) + varintSize(r.headers.length);
    for (let h = 0; h < r.headers.length; h++) {
      const hd = r.headers[h]!;
      const k = Buffer.from(hd.key, 'utf8');
      (headerKeys ??= []).push(k);
      body += varintSize(k.length) + k.length + bytesField(hd.value);
    }
    bodySizes[i] = body;
    total += varintSize(body) + body;
  }

  const buf = Buffer.allocUnsafe(total);
  buf.writeBigInt64BE(0n, 0); // baseOffset: the broker assigns
  buf.writeInt32BE(total - 12, 8); // batchLength: from partitionLeaderEpoch on
  buf.writeInt32BE(-1, 12); // partitionLeaderEpoch
  buf[16] = 2; // magic
  // 17..20: crc, below
  buf.writeInt16BE(0, 21); // attributes: no compression, CreateTime, not transactional, not control
  buf.writeInt32BE(n - 1, 23); // lastOffsetDelta
  buf.writeBigInt64BE(BigInt(firstTs), 27);
  buf.writeBigInt64BE(BigInt(maxTs), 35);
  buf.writeBigInt64BE(-1n, 43); // producerId
  buf.writeInt16BE(-1, 51); // producerEpoch
  buf.writeInt32BE(-1, 53); // baseSequence
  buf.writeInt32BE(n, 57); // records count
  let at = BATCH_HEADER;
  let hk = 0;
  for (let i = 0; i < n; i++) {
    const r = records[indices[i]!]!;
    at = writeVarint(buf, at, bodySizes[i]!);
    buf[at++] = 0; // record attributes
    at = writeVarlong(buf, at, (r.timestamp ?? nowMs) - firstTs);
    at = writeVarint(buf, at, i);
    at = writeBytes(buf, at, r.key);
    at = writeBytes(buf, at, r.value);
    at = writeVarint(buf, at, r.headers.length);
    for (let h = 0; h < r.headers.length; h++) {
      const k = headerKeys![hk++]!;
      at = writeVarint(buf, at, k.length);
      k.copy(buf, at);
      at += k.length;
      at = writeBytes(buf, at, r.headers[h]!.value);
    }
  }
  buf.writeUInt32BE(crc32c(buf, CRC_START, total), 17);
  return buf;
}

function writeBytes(buf: Buffer, at: number, b: Uint8Array | null): number {
  if (b === null) return writeVarint(buf, at, -1);
  at = writeVarint(buf, at, b.byteLength);
  buf.set(b, at);
  return at + b.byteLength;
}
