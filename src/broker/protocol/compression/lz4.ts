// LZ4 frame format (what Kafka magic-2 batches carry). lz4js does not verify the frame header checksum,
// so frames from old clients that computed it over the magic bytes too (Kafka's pre-0.10 framing bug)
// decode as well. Block and content checksums are skipped, not verified — the batch CRC covers the data.
import { createRequire } from 'node:module';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
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

const BLOCK_BYTES = 64 * 1024;
const FLG = 0x60; // version 01, independent blocks (Kafka's Java reader refuses dependent blocks)
const BD = 0x40; // max block size 64 KB

/**
 * lz4js can end a block with a match closer than 12 bytes to its end; liblz4 and lz4-java reject that
 * (the last match must start ≥ 12 bytes before the end, the last 5 bytes must be literals). Such a block
 * is stored uncompressed instead. Walks the block's sequences: token, literals, offset, match length.
 */
function followsEndRules(block: Uint8Array, n: number, outLen: number): boolean {
  let i = 0;
  let out = 0;
  while (i < n) {
    const token = block[i++]!;
    let lit = token >>> 4;
    if (lit === 15) { let b; do { b = block[i++]!; lit += b; } while (b === 255 && i < n); }
    i += lit;
    out += lit;
    if (i >= n) return i === n && out === outLen && (lit >= 5 || outLen < 13);
    i += 2; // offset
    let ml = token & 15;
    if (ml === 15) { let b; do { b = block[i++]!; ml += b; } while (b === 255 && i < n); }
    if (out > outLen - 12) return false;
    out += ml + 4;
    if (out > outLen - 5) return false;
  }
  return false;
}

/** lz4-napi's block compressor (lz4_flex): the block after a 4-byte little-endian uncompressed size. */
interface NativeLz4 {
  compressSync(data: Uint8Array): Buffer;
}

function loadNativeLz4(): NativeLz4 | null {
  try {
    return createRequire(import.meta.url)('lz4-napi') as NativeLz4;
  } catch {
    return null; // no prebuilt binary for this platform: lz4js below
  }
}

const nativeLz4 = loadNativeLz4();
const nativeBlockCompress = nativeLz4 === null ? null : nativeLz4.compressSync;

/** Where blocks are compressed: 'native' (lz4-napi, ≈ 4 GB/s on change events here) or 'lz4js' (≈ 30× slower). */
export const lz4Implementation: 'native' | 'lz4js' = nativeBlockCompress === null ? 'lz4js' : 'native';

const FRAME_HEADER = (() => {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = FLG;
  header[5] = BD;
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  return header;
})();

/**
 * Writes an LZ4 frame of independent 64 KB blocks, which every Kafka client reads (Java's refuses dependent
 * blocks, which lz4js's own compress() declares). A block that does not shrink, or that breaks the format's
 * end-of-block rules, is stored uncompressed.
 */
export function lz4Compress(buf: Buffer): Buffer {
  if (nativeBlockCompress !== null) {
    const blocks: Buffer[] = [];
    for (let at = 0; at < buf.length; at += BLOCK_BYTES) blocks.push(nativeBlockCompress(buf.subarray(at, Math.min(buf.length, at + BLOCK_BYTES))));
    return frame(buf, blocks);
  }
  return lz4CompressPortable(buf);
}

/** lz4Compress with lz4js's block compressor (where lz4-napi has no binary; tests check it too). */
export function lz4CompressPortable(buf: Buffer): Buffer {
  const scratch = new Uint8Array(lz4.compressBound(BLOCK_BYTES));
  const table = new Uint32Array(1 << 16);
  const blocks: Buffer[] = [];
  for (let at = 0; at < buf.length; at += BLOCK_BYTES) {
    table.fill(0);
    const n = lz4.compressBlock(buf, scratch, at, Math.min(BLOCK_BYTES, buf.length - at), table);
    // the same layout as lz4-napi's output: the uncompressed size (unused here), then the block
    const out = Buffer.allocUnsafe(4 + n);
    out.set(scratch.subarray(0, n), 4);
    blocks.push(out);
  }
  return frame(buf, blocks);
}

/** The frame around compressed blocks (each after 4 unused bytes); a block that did not shrink or breaks the end rules is stored raw. */
function frame(buf: Buffer, blocks: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [FRAME_HEADER];
  let total = FRAME_HEADER.length + 4;
  for (let b = 0, at = 0; b < blocks.length; b++, at += BLOCK_BYTES) {
    const len = Math.min(BLOCK_BYTES, buf.length - at);
    const block = blocks[b]!.subarray(4);
    const n = block.length;
    const size = Buffer.allocUnsafe(4);
    if (n === 0 || n >= len || !followsEndRules(block, n, len)) {
      size.writeUInt32LE((0x80000000 | len) >>> 0, 0);
      parts.push(size, buf.subarray(at, at + len));
      total += 4 + len;
    } else {
      size.writeUInt32LE(n, 0);
      parts.push(size, block);
      total += 4 + n;
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts, total);
}
