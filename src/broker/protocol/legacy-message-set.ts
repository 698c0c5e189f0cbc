// Legacy message sets (magic 0 and 1), sent by old clients in Produce v0-2 and expected by Fetch v0-3.
// The log stores only RecordBatch v2, so the broker up-converts on produce and down-converts on fetch,
// as Kafka does. Message layout: offset i64 | size i32 | crc u32 | magic i8 | attributes i8 |
// [timestamp i64 (magic 1)] | key bytes | value bytes. A compressed message's value is an inner message set.
import { ByteReader, ReadError } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { crc32 } from './crc32.js';
import { decompress } from './compression/codec.js';
import { CorruptRecordError } from './protocol-errors.js';
import { buildBatch, decodeRecords, iterateBatches, magicAt, type RecordInput } from './record-batch.js';

export interface LegacyMessage {
  offset: number;
  magic: 0 | 1;
  /** compression codec of the wrapper this message came from (0 when it was not compressed) */
  codec: number;
  timestamp: number;
  logAppendTime: boolean;
  key: Buffer | null;
  value: Buffer | null;
}

const MAX_DEPTH = 2; // a wrapper holds plain messages; anything deeper is corrupt

/** True when the first entry of `buf` is a magic 0/1 message rather than a v2 batch. */
export function isLegacyMessageSet(buf: Buffer): boolean {
  const m = magicAt(buf, 0);
  return m === 0 || m === 1;
}

/** Reads every message, decompressing wrappers. A trailing partial message is ignored (Kafka allows it). */
export function readMessageSet(buf: Buffer, opts: { verifyCrc?: boolean } = {}): LegacyMessage[] {
  const out: LegacyMessage[] = [];
  try {
    readInto(buf, out, opts.verifyCrc ?? true, 0, 0);
  } catch (err) {
    if (err instanceof ReadError) throw new CorruptRecordError(`bad message set: ${err.message}`);
    throw err;
  }
  return out;
}

function readInto(buf: Buffer, out: LegacyMessage[], verify: boolean, depth: number, outerCodec: number): void {
  const r = new ByteReader(buf);
  while (r.remaining >= 12) {
    const offset = r.int64();
    const size = r.int32();
    if (size < 14 || size > r.remaining) {
      if (size >= 14 && depth === 0) return; // partial trailing message
      throw new ReadError(`message size ${size} at ${r.pos - 12}`);
    }
    const end = r.pos + size;
    const crc = r.uint32();
    if (verify && crc !== crc32(buf, r.pos, end)) throw new CorruptRecordError(`message CRC mismatch at offset ${offset}`);
    const magic = r.int8();
    if (magic !== 0 && magic !== 1) throw new ReadError(`unexpected magic ${magic}`);
    const attributes = r.int8();
    const timestamp = magic === 1 ? r.int64() : -1;
    const kl = r.int32();
    const key = kl < 0 ? null : r.slice(kl);
    const vl = r.int32();
    const value = vl < 0 ? null : r.slice(vl);
    if (r.pos !== end) throw new ReadError('message length mismatch');
    const codec = attributes & 0x07;
    const logAppendTime = magic === 1 && (attributes & 0x08) !== 0;
    if (codec === 0) {
      out.push({ offset, magic, codec: outerCodec, timestamp, logAppendTime, key, value });
      continue;
    }
    if (depth >= MAX_DEPTH - 1 || value === null) throw new ReadError('nested or empty compressed message');
    const first = out.length;
    readInto(decompress(codec, value), out, verify, depth + 1, codec);
    // Magic 1 wrappers carry relative inner offsets and the absolute offset of the last inner message.
    const n = out.length - first;
    for (let i = first; i < out.length; i++) {
      const m = out[i]!;
      if (magic === 1) m.offset = offset - (n - 1) + (m.offset - out[first]!.offset);
      if (logAppendTime) { m.timestamp = timestamp; m.logAppendTime = true; }
    }
  }
}

/** Up-converts a legacy message set to one RecordBatch v2 (offsets from 0, compressed like the original). */
export function messageSetToBatch(buf: Buffer, opts: { verifyCrc?: boolean } = {}): Buffer {
  const msgs = readMessageSet(buf, opts);
  if (msgs.length === 0) throw new CorruptRecordError('empty message set');
  const records: RecordInput[] = new Array(msgs.length);
  let codec = 0;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    if (m.codec !== 0) codec = m.codec;
    records[i] = { key: m.key, value: m.value, timestamp: m.timestamp };
  }
  return buildBatch({ records, compression: codec === 4 ? 0 : codec, baseTimestamp: msgs[0]!.timestamp });
}

/**
 * Down-converts v2 batches (as the log returns them) to an uncompressed legacy message set of `magic`.
 * Control batches are dropped and headers lost, as in Kafka; a trailing partial batch is ignored.
 */
export function batchesToMessageSet(buf: Buffer, magic: 0 | 1): Buffer {
  const w = new ByteWriter(Math.max(256, buf.length + 64));
  for (const b of iterateBatches(buf, { allowPartialTail: true })) {
    if (b.header.isControl) continue;
    const appendTime = b.header.timestampType === 1;
    for (const r of decodeRecords(b.bytes)) {
      w.int64(r.offset);
      const sizeAt = w.pos;
      w.int32(0);
      const crcAt = w.pos;
      w.uint32(0);
      w.int8(magic);
      w.int8(magic === 1 && appendTime ? 0x08 : 0);
      if (magic === 1) w.int64(r.timestamp);
      writeBytes(w, r.key);
      writeBytes(w, r.value);
      w.buf.writeInt32BE(w.pos - crcAt, sizeAt);
      w.buf.writeUInt32BE(crc32(w.buf, crcAt + 4, w.pos), crcAt);
    }
  }
  return Buffer.from(w.view());
}

function writeBytes(w: ByteWriter, b: Buffer | null): void {
  if (b === null) { w.int32(-1); return; }
  w.int32(b.length);
  w.bytes(b);
}
