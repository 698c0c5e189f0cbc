// Snappy as Kafka clients send it: Java/kafka-python use xerial framing (magic header + length-prefixed
// blocks); kafkajs-snappy and some librdkafka builds may send one raw snappy block. Decode accepts both;
// encode writes xerial framing, which every client reads.
import * as snappy from 'snappyjs';
import { CorruptRecordError } from '../protocol-errors.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16; // magic(8) + version(4) + compatible version(4)
const XERIAL_BLOCK = 32 * 1024;

function isXerial(buf: Buffer): boolean {
  return buf.length >= XERIAL_HEADER_BYTES && buf.compare(XERIAL_MAGIC, 0, 8, 0, 8) === 0;
}

function rawUncompress(block: Uint8Array, maxBytes: number): Buffer {
  const out = snappy.uncompress(block, maxBytes);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function snappyDecompress(buf: Buffer, maxBytes: number): Buffer {
  try {
    if (!isXerial(buf)) return rawUncompress(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), maxBytes);
    const parts: Buffer[] = [];
    let total = 0;
    let at = XERIAL_HEADER_BYTES;
    while (at < buf.length) {
      if (at + 4 > buf.length) throw new Error('truncated xerial block length');
      const len = buf.readInt32BE(at);
      at += 4;
      if (len < 0 || at + len > buf.length) throw new Error('truncated xerial block');
      const part = rawUncompress(new Uint8Array(buf.buffer, buf.byteOffset + at, len), maxBytes - total);
      total += part.length;
      parts.push(part);
      at += len;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  } catch (err) {
    throw new CorruptRecordError(`snappy: ${(err as Error).message}`);
  }
}

export function snappyCompress(buf: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let at = 0; at < buf.length || at === 0; at += XERIAL_BLOCK) {
    const chunk = buf.subarray(at, Math.min(buf.length, at + XERIAL_BLOCK));
    const c = snappy.compress(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    const len = Buffer.alloc(4);
    len.writeInt32BE(c.byteLength, 0);
    parts.push(len, Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    if (buf.length === 0) break;
  }
  return Buffer.concat(parts);
}

export function snappyCompressRaw(buf: Buffer): Buffer {
  const c = snappy.compress(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}
