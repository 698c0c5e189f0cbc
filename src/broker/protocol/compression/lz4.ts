// LZ4 frame format (what Kafka magic-2 batches carry). lz4js does not verify the frame header checksum,
// so frames from old clients that computed it over the magic bytes too (Kafka's pre-0.10 framing bug)
// decode as well. Block and content checksums are skipped, not verified — the batch CRC covers the data.
import * as lz4 from 'lz4js';
import { CorruptRecordError } from '../protocol-errors.js';

const MAGIC = 0x184d2204;

export function lz4Decompress(buf: Buffer, maxBytes: number): Buffer {
  try {
    if (buf.length < 7 || buf.readUInt32LE(0) !== MAGIC) throw new Error('bad lz4 frame magic');
    const src = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const bound = lz4.decompressBound(src);
    if (!(bound >= 0) || bound > maxBytes) throw new Error(`lz4 frame too large (${bound})`);
    const dst = new Uint8Array(bound);
    const n = lz4.decompressFrame(src, dst);
    if (!(n >= 0) || n > bound) throw new Error('lz4 frame overran its bound');
    return Buffer.from(dst.buffer, 0, n);
  } catch (err) {
    throw new CorruptRecordError(`lz4: ${(err as Error).message}`);
  }
}

export function lz4Compress(buf: Buffer): Buffer {
  const out = lz4.compress(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
