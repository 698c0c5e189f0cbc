/**
 * kafkajs ships gzip only; this registers snappy, lz4 and zstd so connector clients read topics that Java
 * clients wrote with them (and write snappy/lz4). zstd is decode-only: fzstd has no compressor and Node 20's
 * zlib has no zstd, so `compression.type=zstd` on a producer fails at send with a clear error.
 */
import kafkajs from 'kafkajs';

// CompressionCodecs is not among the names Node's CJS lexer exposes from kafkajs; take it off the default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;
import * as snappy from 'snappyjs';
import * as lz4 from 'lz4js';
import { decompress as zstdDecompress } from 'fzstd';
import { ConnectError } from '../api/errors.js';
import { lz4Compress } from '../broker/protocol/compression/lz4.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = 16;

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** Java clients frame snappy the xerial way (magic + length-prefixed blocks); others send one raw block. */
export function snappyDecode(buf: Buffer): Buffer {
  if (buf.length < XERIAL_HEADER || buf.compare(XERIAL_MAGIC, 0, 8, 0, 8) !== 0) return asBuffer(snappy.uncompress(new Uint8Array(buf)));
  const parts: Buffer[] = [];
  for (let at = XERIAL_HEADER; at + 4 <= buf.length; ) {
    const len = buf.readInt32BE(at);
    at += 4;
    parts.push(asBuffer(snappy.uncompress(new Uint8Array(buf.subarray(at, at + len)))));
    at += len;
  }
  return Buffer.concat(parts);
}

let registered = false;

export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  const codecs = CompressionCodecs as unknown as Record<number, () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }>;
  codecs[CompressionTypes.Snappy] = () => ({
    compress: async (e) => asBuffer(snappy.compress(new Uint8Array(e.buffer))),
    decompress: async (b) => snappyDecode(b),
  });
  codecs[CompressionTypes.LZ4] = () => ({
    // independent 64 KB blocks (lz4js's own compress() declares dependent ones, which Java clients refuse)
    compress: async (e) => lz4Compress(e.buffer),
    decompress: async (b) => asBuffer(lz4.decompress(new Uint8Array(b))),
  });
  codecs[CompressionTypes.ZSTD] = () => ({
    compress: async () => {
      throw new ConnectError('compression.type=zstd is not supported for producing (decode only); use lz4, snappy or gzip', { code: 'TRIB_CODEC' });
    },
    decompress: async (b) => asBuffer(zstdDecompress(new Uint8Array(b))),
  });
}
