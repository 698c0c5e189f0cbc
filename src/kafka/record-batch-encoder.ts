/**
 * Encodes Kafka's RecordBatch v2 (magic 2) for records of one partition: sizes are computed first
 * (planRecordBatch), so an uncompressed batch is written in one pass at its final place — a request body —
 * with no regrowth, then checksummed (CRC-32C over attributes … end). A compressed batch writes its records
 * once into a scratch buffer and compresses them with the broker's codecs (one implementation of each
 * format in the project). Pure functions of their input; no I/O.
 */
import { compress, compressAsync } from '../broker/protocol/compression/codec.js';
import { crc32c } from '../broker/protocol/crc32c.js';
import type { OutgoingRecord } from './kafka-record.js';

/** baseOffset … recordsCount: 8+4+4+1+4+2+4+8+8+8+2+4+4 bytes. */
const BATCH_HEADER = 61;
/** Where the CRC-covered part starts (the attributes field). */
const CRC_START = 21;
const GZIP = 1;
/** Uncompressed records of the batch being compressed (synchronous codecs only), up to SCRATCH_KEPT bytes. */
let scratch = Buffer.allocUnsafe(0);
const SCRATCH_KEPT = 4 * 1024 * 1024;

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

/** The value field's size: its length varint, then valuePrefix ++ value. */
function valueField(r: OutgoingRecord): number {
  if (r.value === null || r.valuePrefix === undefined) return bytesField(r.value);
  const n = r.valuePrefix.byteLength + r.value.byteLength;
  return varintSize(n) + n;
}

/** A batch measured and ready to be written anywhere (straight into a request body: no intermediate copy). */
export class RecordBatchPlan {
  constructor(
    private readonly records: readonly OutgoingRecord[],
    private readonly indices: readonly number[],
    private readonly nowMs: number,
    private readonly firstTs: number,
    private readonly maxTs: number,
    private readonly bodySizes: readonly number[],
    private readonly headerKeys: readonly Buffer[] | undefined,
    /** Bytes of the whole batch. */
    readonly size: number,
  ) {}

  /** Writes the batch at buf[at, at + size). */
  writeTo(buf: Buffer, at: number): void {
    this.writeHeader(buf, at, this.size, 0);
    this.writeRecords(buf, at + BATCH_HEADER);
    buf.writeUInt32BE(crc32c(buf, at + CRC_START, at + this.size), at + 17);
  }

  /**
   * The batch with its records compressed by `codec` (1 gzip, 2 snappy, 3 lz4, 4 zstd: the attributes'
   * low bits). The header stays uncompressed, as the format wants; the CRC covers the compressed bytes.
   * gzip compresses on libuv's thread pool, off the event loop.
   */
  async compressed(codec: number): Promise<CompressedRecordBatch> {
    const n = this.size - BATCH_HEADER;
    if (codec === GZIP) {
      // compressed on the thread pool while the event loop goes on: its own buffer
      const raw = Buffer.allocUnsafe(n);
      this.writeRecords(raw, 0);
      return new CompressedRecordBatch(this, codec, await compressAsync(codec, raw));
    }
    // The other codecs compress synchronously: one scratch buffer serves every batch (a fresh one per
    // batch was megabytes of short-lived memory per request, and the collections that came with it).
    // (a batch past SCRATCH_KEPT gets a buffer of its own, so one huge request does not pin its size forever)
    const raw = n > SCRATCH_KEPT ? Buffer.allocUnsafe(n) : (scratch.length >= n ? scratch : (scratch = Buffer.allocUnsafe(Math.min(SCRATCH_KEPT, Math.max(n, scratch.length * 2))))).subarray(0, n);
    this.writeRecords(raw, 0);
    return new CompressedRecordBatch(this, codec, compress(codec, raw));
  }

  /** baseOffset … recordsCount for a batch of `size` bytes in all. */
  writeHeader(buf: Buffer, at: number, size: number, attributes: number): void {
    buf.writeBigInt64BE(0n, at); // baseOffset: the broker assigns
    buf.writeInt32BE(size - 12, at + 8); // batchLength: from partitionLeaderEpoch on
    buf.writeInt32BE(-1, at + 12); // partitionLeaderEpoch
    buf[at + 16] = 2; // magic
    // at+17..20: crc, written last
    buf.writeInt16BE(attributes, at + 21); // compression codec; CreateTime, not transactional, not control
    buf.writeInt32BE(this.indices.length - 1, at + 23); // lastOffsetDelta
    buf.writeBigInt64BE(BigInt(this.firstTs), at + 27);
    buf.writeBigInt64BE(BigInt(this.maxTs), at + 35);
    buf.writeBigInt64BE(-1n, at + 43); // producerId
    buf.writeInt16BE(-1, at + 51); // producerEpoch
    buf.writeInt32BE(-1, at + 53); // baseSequence
    buf.writeInt32BE(this.indices.length, at + 57); // records count
  }

  /** The records, one after another, from buf[at] (size - BATCH_HEADER bytes). */
  private writeRecords(buf: Buffer, at: number): void {
    const { records, indices, nowMs, firstTs, bodySizes, headerKeys } = this;
    const n = indices.length;
    let hk = 0;
    for (let i = 0; i < n; i++) {
      const r = records[indices[i]!]!;
      at = writeVarint(buf, at, bodySizes[i]!);
      buf[at++] = 0; // record attributes
      at = writeVarlong(buf, at, (r.timestamp ?? nowMs) - firstTs);
      at = writeVarint(buf, at, i);
      at = writeBytes(buf, at, r.key);
      at = r.valuePrefix === undefined || r.value === null ? writeBytes(buf, at, r.value) : writeTwoParts(buf, at, r.valuePrefix, r.value);
      at = writeVarint(buf, at, r.headers.length);
      for (let h = 0; h < r.headers.length; h++) {
        const k = headerKeys![hk++]!;
        at = writeVarint(buf, at, k.length);
        k.copy(buf, at);
        at += k.length;
        at = writeBytes(buf, at, r.headers[h]!.value);
      }
    }
  }
}

/** A RecordBatchPlan's batch with compressed records, ready to be written into a request body. */
export class CompressedRecordBatch {
  /** Bytes of the whole batch. */
  readonly size: number;

  constructor(
    private readonly plan: RecordBatchPlan,
    private readonly codec: number,
    private readonly data: Buffer,
  ) {
    this.size = BATCH_HEADER + data.length;
  }

  writeTo(buf: Buffer, at: number): void {
    this.plan.writeHeader(buf, at, this.size, this.codec);
    this.data.copy(buf, at + BATCH_HEADER);
    buf.writeUInt32BE(crc32c(buf, at + CRC_START, at + this.size), at + 17);
  }
}

/**
 * Measures the batch for `records[indices[i]]`, in that order (offset deltas 0…n-1). A record without a
 * timestamp gets `nowMs` (CreateTime), as the Java producer stamps records when they are sent.
 */
export function planRecordBatch(records: readonly OutgoingRecord[], indices: readonly number[], nowMs: number): RecordBatchPlan {
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
    let body = 1 + varlongSize(ts - firstTs) + varintSize(i) + bytesField(r.key) + valueField(r) + varintSize(r.headers.length);
    for (let h = 0; h < r.headers.length; h++) {
      const hd = r.headers[h]!;
      const k = Buffer.from(hd.key, 'utf8');
      (headerKeys ??= []).push(k);
      body += varintSize(k.length) + k.length + bytesField(hd.value);
    }
    bodySizes[i] = body;
    total += varintSize(body) + body;
  }
  return new RecordBatchPlan(records, indices, nowMs, firstTs, maxTs, bodySizes, headerKeys, total);
}

/** The batch as a buffer of its own. */
export function encodeRecordBatch(records: readonly OutgoingRecord[], indices: readonly number[], nowMs: number): Buffer {
  const plan = planRecordBatch(records, indices, nowMs);
  const buf = Buffer.allocUnsafe(plan.size);
  plan.writeTo(buf, 0);
  return buf;
}

function writeTwoParts(buf: Buffer, at: number, first: Uint8Array, second: Uint8Array): number {
  at = writeVarint(buf, at, first.byteLength + second.byteLength);
  buf.set(first, at);
  buf.set(second, at + first.byteLength);
  return at + first.byteLength + second.byteLength;
}

function writeBytes(buf: Buffer, at: number, b: Uint8Array | null): number {
  if (b === null) return writeVarint(buf, at, -1);
  at = writeVarint(buf, at, b.byteLength);
  buf.set(b, at);
  return at + b.byteLength;
}
