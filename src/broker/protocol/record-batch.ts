// RecordBatch v2 (magic 2), the only on-disk/on-wire record format the broker stores. Layout (offsets):
//  0 baseOffset i64 | 8 batchLength i32 | 12 partitionLeaderEpoch i32 | 16 magic i8 | 17 crc u32
// 21 attributes i16 | 23 lastOffsetDelta i32 | 27 baseTimestamp i64 | 35 maxTimestamp i64
// 43 producerId i64 | 51 producerEpoch i16 | 53 baseSequence i32 | 57 recordCount i32 | 61 records
// The CRC-32C covers attributes..end. batchLength counts the bytes after the batchLength field.
import { ByteReader, ReadError } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { crc32c } from './crc32c.js';
import { compress, decompress } from './compression/codec.js';
import { CorruptRecordError } from './protocol-errors.js';

export const BATCH_HEADER_BYTES = 61;
export const LOG_OVERHEAD = 12; // baseOffset + batchLength: bytes before batchLength's count starts
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const MAX_TIMESTAMP_OFFSET = 35;

export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE = 0x08; // 1 = LogAppendTime
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  compression: number;
  /** 0 = CreateTime, 1 = LogAppendTime */
  timestampType: 0 | 1;
  isTransactional: boolean;
  isControl: boolean;
}

function readI64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Size in bytes of the batch starting at `pos` (12 + batchLength), or -1 if fewer than 12 bytes remain. */
export function batchSizeAt(buf: Buffer, pos = 0): number {
  if (buf.length - pos < LOG_OVERHEAD) return -1;
  return LOG_OVERHEAD + buf.readInt32BE(pos + 8);
}

/** Magic byte of the batch (or legacy message set entry) at `pos`; -1 when too short to tell. */
export function magicAt(buf: Buffer, pos = 0): number {
  return buf.length - pos > 16 ? buf.readInt8(pos + 16) : -1;
}

export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  if (buf.length - pos < BATCH_HEADER_BYTES) throw new CorruptRecordError(`record batch header truncated at ${pos}`);
  const magic = buf.readInt8(pos + 16);
  if (magic !== 2) throw new CorruptRecordError(`unsupported record batch magic ${magic}`);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  return {
    baseOffset: readI64(buf, pos),
    batchLength: buf.readInt32BE(pos + 8),
    partitionLeaderEpoch: buf.readInt32BE(pos + 12),
    magic,
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes,
    lastOffsetDelta: buf.readInt32BE(pos + 23),
    baseTimestamp: readI64(buf, pos + 27),
    maxTimestamp: readI64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readI64(buf, pos + 43),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence: buf.readInt32BE(pos + 53),
    recordCount: buf.readInt32BE(pos + 57),
    compression: attributes & ATTR_COMPRESSION_MASK,
    timestampType: attributes & ATTR_TIMESTAMP_TYPE ? 1 : 0,
    isTransactional: (attributes & ATTR_TRANSACTIONAL) !== 0,
    isControl: (attributes & ATTR_CONTROL) !== 0,
  };
}

export interface BatchView {
  /** Byte position of the batch inside the iterated buffer. */
  position: number;
  header: BatchHeader;
  /** The whole batch (a view sharing memory with the input). */
  bytes: Buffer;
}

/**
 * Walks the magic-2 batches in `buf`. A trailing partial batch (as fetch responses may end with) is
 * skipped when `allowPartialTail` is set and throws CorruptRecordError otherwise (produce validation).
 */
export function* iterateBatches(buf: Buffer, opts: { allowPartialTail?: boolean } = {}): Generator<BatchView> {
  let pos = 0;
  while (pos < buf.length) {
    const size = batchSizeAt(buf, pos);
    if (size < 0 || buf.length - pos < size || buf.length - pos < BATCH_HEADER_BYTES) {
      if (opts.allowPartialTail) return;
      throw new CorruptRecordError(`truncated record batch at ${pos}`);
    }
    if (size < BATCH_HEADER_BYTES) throw new CorruptRecordError(`record batch length ${size - LOG_OVERHEAD} too small at ${pos}`);
    const bytes = buf.subarray(pos, pos + size);
    yield { position: pos, header: readBatchHeader(bytes, 0), bytes };
    pos += size;
  }
}

/** Checks the stored CRC-32C against the batch bytes. `batch` must be exactly one whole batch. */
export function verifyCrc(batch: Buffer): boolean {
  if (batch.length < BATCH_HEADER_BYTES) return false;
  return batch.readUInt32BE(CRC_OFFSET) === crc32c(batch, ATTRIBUTES_OFFSET, batch.length);
}

/** Rewrites baseOffset in place (not covered by the CRC). */
export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

/** Rewrites partitionLeaderEpoch in place (not covered by the CRC). */
export function setPartitionLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, 12);
}

/** Marks the batch LogAppendTime with maxTimestamp = ts, in place, and recomputes the CRC. */
export function setLogAppendTime(batch: Buffer, ts: number): void {
  const attrs = batch.readInt16BE(ATTRIBUTES_OFFSET) | ATTR_TIMESTAMP_TYPE;
  batch.writeInt16BE(attrs, ATTRIBUTES_OFFSET);
  batch.writeBigInt64BE(BigInt(ts), MAX_TIMESTAMP_OFFSET);
  batch.writeUInt32BE(crc32c(batch, ATTRIBUTES_OFFSET, batch.length), CRC_OFFSET);
}

export interface RecordHeader { key: string; value: Buffer | null }

export interface DecodedRecord {
  attributes: number;
  offsetDelta: number;
  timestampDelta: number;
  /** baseOffset + offsetDelta */
  offset: number;
  /** The record's timestamp (maxTimestamp for LogAppendTime batches). */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** Decodes (and decompresses) the records of one whole batch. key/value are views of the record bytes. */
export function decodeRecords(batch: Buffer): DecodedRecord[] {
  const h = readBatchHeader(batch, 0);
  if (batch.length < LOG_OVERHEAD + h.batchLength) throw new CorruptRecordError('record batch truncated');
  let body = batch.subarray(BATCH_HEADER_BYTES, LOG_OVERHEAD + h.batchLength);
  if (h.compression !== 0) body = decompress(h.compression, body);
  if (h.recordCount < 0 || h.recordCount > body.length) throw new CorruptRecordError(`bad record count ${h.recordCount}`);
  const r = new ByteReader(body);
  const out: DecodedRecord[] = new Array(h.recordCount);
  try {
    for (let i = 0; i < h.recordCount; i++) {
      const len = r.varint();
      if (len < 0) throw new ReadError('negative record length');
      r.need(len);
      const end = r.pos + len;
      const attributes = r.int8();
      const timestampDelta = r.varlong();
      const offsetDelta = r.varint();
      const kl = r.varint();
      const key = kl < 0 ? null : r.slice(kl);
      const vl = r.varint();
      const value = vl < 0 ? null : r.slice(vl);
      const hc = r.varint();
      if (hc < 0 || hc > end - r.pos) throw new ReadError(`bad header count ${hc}`);
      const headers: RecordHeader[] = new Array(hc);
      for (let j = 0; j < hc; j++) {
        const hkl = r.varint();
        if (hkl < 0) throw new ReadError('null header key');
        const hk = r.utf8(hkl);
        const hvl = r.varint();
        headers[j] = { key: hk, value: hvl < 0 ? null : r.slice(hvl) };
      }
      if (r.pos !== end) throw new ReadError(`record ${i} length mismatch`);
      out[i] = {
        attributes, offsetDelta, timestampDelta, key, value, headers,
        offset: h.baseOffset + offsetDelta,
        timestamp: h.timestampType === 1 ? h.maxTimestamp : h.baseTimestamp + timestampDelta,
      };
    }
  } catch (err) {
    if (err instanceof ReadError) throw new CorruptRecordError(`bad record: ${err.message}`);
    throw err;
  }
  return out;
}

export interface RecordInput {
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: ReadonlyArray<{ key: string; value: Buffer | null }>;
  /** Absolute timestamp; defaults to the batch's baseTimestamp / now. */
  timestamp?: number;
  /** Defaults to the record's index (compaction keeps the original deltas). */
  offsetDelta?: number;
}

export interface BuildBatchOptions {
  baseOffset?: number;
  records: ReadonlyArray<RecordInput>;
  compression?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  partitionLeaderEpoch?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  timestampType?: 0 | 1;
  /** Defaults to the first record's timestamp (or now). */
  baseTimestamp?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  /** Defaults to the largest offsetDelta (compaction keeps the original value to preserve sequence state). */
  lastOffsetDelta?: number;
}

export function buildBatch(o: BuildBatchOptions): Buffer {
  const now = Date.now();
  const recs = o.records;
  const baseTimestamp = o.baseTimestamp ?? recs[0]?.timestamp ?? now;
  let maxTs = -1;
  let lastDelta = 0;
  const body = new ByteWriter(64 + recs.length * 32);
  const rec = new ByteWriter(64);
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i]!;
    const ts = r.timestamp ?? baseTimestamp;
    if (ts > maxTs) maxTs = ts;
    const delta = r.offsetDelta ?? i;
    if (delta > lastDelta) lastDelta = delta;
    rec.pos = 0;
    rec.int8(0);
    rec.varlong(ts - baseTimestamp);
    rec.varint(delta);
    writeVarBytes(rec, r.key ?? null);
    writeVarBytes(rec, r.value ?? null);
    const hs = r.headers ?? [];
    rec.varint(hs.length);
    for (const hd of hs) {
      rec.varint(Buffer.byteLength(hd.key));
      rec.utf8(hd.key);
      writeVarBytes(rec, hd.value);
    }
    body.varint(rec.pos);
    body.bytes(rec.view());
  }
  const compression = o.compression ?? 0;
  const payload = compression === 0 ? body.view() : compress(compression, body.view());
  const size = BATCH_HEADER_BYTES + payload.length;
  const b = Buffer.allocUnsafe(size);
  let attrs = compression & ATTR_COMPRESSION_MASK;
  if (o.timestampType === 1) attrs |= ATTR_TIMESTAMP_TYPE;
  if (o.isTransactional) attrs |= ATTR_TRANSACTIONAL;
  if (o.isControl) attrs |= ATTR_CONTROL;
  b.writeBigInt64BE(BigInt(o.baseOffset ?? 0), 0);
  b.writeInt32BE(size - LOG_OVERHEAD, 8);
  b.writeInt32BE(o.partitionLeaderEpoch ?? -1, 12);
  b.writeInt8(2, 16);
  b.writeInt16BE(attrs, ATTRIBUTES_OFFSET);
  b.writeInt32BE(o.lastOffsetDelta ?? lastDelta, 23);
  b.writeBigInt64BE(BigInt(baseTimestamp), 27);
  b.writeBigInt64BE(BigInt(o.maxTimestamp ?? (recs.length ? maxTs : baseTimestamp)), MAX_TIMESTAMP_OFFSET);
  b.writeBigInt64BE(BigInt(o.producerId ?? -1), 43);
  b.writeInt16BE(o.producerEpoch ?? -1, 51);
  b.writeInt32BE(o.baseSequence ?? -1, 53);
  b.writeInt32BE(recs.length, 57);
  payload.copy(b, BATCH_HEADER_BYTES);
  b.writeUInt32BE(crc32c(b, ATTRIBUTES_OFFSET, size), CRC_OFFSET);
  return b;
}

function writeVarBytes(w: ByteWriter, v: Buffer | null): void {
  if (v === null) { w.varint(-1); return; }
  w.varint(v.length);
  w.bytes(v);
}

export const ControlRecordType = { ABORT: 0, COMMIT: 1 } as const;

/** A COMMIT/ABORT transaction marker batch (transactional + control bits), baseOffset 0. */
export function buildControlBatch(o: {
  producerId: number; producerEpoch: number; commit: boolean; coordinatorEpoch: number; timestamp?: number; baseOffset?: number;
}): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0); // version
  key.writeInt16BE(o.commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0); // version
  value.writeInt32BE(o.coordinatorEpoch, 2);
  const ts = o.timestamp ?? Date.now();
  return buildBatch({
    baseOffset: o.baseOffset ?? 0, records: [{ key, value, timestamp: ts }],
    producerId: o.producerId, producerEpoch: o.producerEpoch, baseSequence: -1,
    isTransactional: true, isControl: true,
  });
}

/** Parses a control record's key/value; null when the key is not a control key we know. */
export function decodeControlRecord(key: Buffer | null, value: Buffer | null): { type: 'COMMIT' | 'ABORT'; coordinatorEpoch: number } | null {
  if (!key || key.length < 4) return null;
  const type = key.readInt16BE(2);
  if (type !== ControlRecordType.ABORT && type !== ControlRecordType.COMMIT) return null;
  const coordinatorEpoch = value && value.length >= 6 ? value.readInt32BE(2) : -1;
  return { type: type === ControlRecordType.COMMIT ? 'COMMIT' : 'ABORT', coordinatorEpoch };
}
