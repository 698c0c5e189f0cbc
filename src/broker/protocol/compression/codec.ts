// compress/decompress by RecordBatch compression id. gzip: node zlib; snappy: xerial or raw (snappy.ts);
// lz4: frame format (lz4.ts); zstd: decode with fzstd, encode only where node's zlib has zstd (Node ≥ 22.15).
import * as zlib from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { CorruptRecordError, UnsupportedCompressionError } from '../protocol-errors.js';
import { CompressionType } from './compression-type.js';
import { snappyCompress, snappyDecompress } from './snappy.js';
import { lz4Compress, lz4Decompress } from './lz4.js';
import { promisify } from 'node:util';

const gzipAsync = promisify(zlib.gzip);

/** Upper bound for one decompressed batch; guards against decompression bombs. */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

type ZstdZlib = { zstdCompressSync?: (b: Buffer) => Buffer };
const nodeZstdCompress = (zlib as unknown as ZstdZlib).zstdCompressSync;

/** Whether `compress` supports the codec in this process. */
export function canCompress(codec: number): boolean {
  if (codec === CompressionType.Zstd) return typeof nodeZstdCompress === 'function';
  return codec >= 0 && codec <= 3;
}

export function compress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case CompressionType.None: return data;
    case CompressionType.Gzip: return zlib.gzipSync(data);
    case CompressionType.Snappy: return snappyCompress(data);
    case CompressionType.Lz4: return lz4Compress(data);
    case CompressionType.Zstd:
      if (nodeZstdCompress) return nodeZstdCompress(data);
      throw new UnsupportedCompressionError(codec, 'compress');
    default: throw new UnsupportedCompressionError(codec, 'compress');
  }
}

/**
 * compress(), with gzip done on libuv's thread pool (≈ 3.5 µs per KB-sized record: a producer's event loop
 * keeps converting records meanwhile). Not lz4: lz4-napi's async call costs the event loop more than its
 * synchronous compression does (measured). The same bytes as compress().
 */
export async function compressAsync(codec: number, data: Buffer): Promise<Buffer> {
  if (codec === CompressionType.Gzip) return gzipAsync(data);
  return compress(codec, data);
}

export function decompress(codec: number, data: Buffer, maxBytes = MAX_DECOMPRESSED_BYTES): Buffer {
  switch (codec) {
    case CompressionType.None: return data;
    case CompressionType.Gzip:
      try {
        return zlib.gunzipSync(data, { maxOutputLength: maxBytes });
      } catch (err) {
        throw new CorruptRecordError(`gzip: ${(err as Error).message}`);
      }
    case CompressionType.Snappy: return snappyDecompress(data, maxBytes);
    case CompressionType.Lz4: return lz4Decompress(data, maxBytes);
    case CompressionType.Zstd:
      try {
        const out = zstdDecompress(new Uint8Array(data.buffer, data.byteOffset, data.length));
        if (out.byteLength > maxBytes) throw new Error('zstd output too large');
        return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
      } catch (err) {
        throw new CorruptRecordError(`zstd: ${(err as Error).message}`);
      }
    default: throw new UnsupportedCompressionError(codec, 'decompress');
  }
}
