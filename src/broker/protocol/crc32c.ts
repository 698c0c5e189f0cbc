/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2 — the one implementation in the project (the broker
 * checks it on produce, src/kafka computes it when encoding). The CPU's own CRC32 instruction through
 * @node-rs/crc32 (≈ 13 GB/s here, against ≈ 1.5 GB/s for the best table loop: on 2.7 KB change events the
 * checksum was 17 % of the broker's CPU), with a portable slicing-by-8 loop where that native module does
 * not load (a platform without a prebuilt binary).
 */
import { createRequire } from 'node:module';

const POLY = 0x82f63b78;
const T = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) {
  let c = T[n]!;
  for (let t = 1; t < 8; t++) {
    c = T[c & 0xff]! ^ (c >>> 8);
    T[t * 256 + n] = c;
  }
}

/** Reading 4 bytes at once through an Int32Array view needs a little-endian host (x86, ARM as run). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The portable loop: slicing-by-8, eight table lookups per eight input bytes; on a little-endian host the bulk
 * is read as two aligned 32-bit words per step. `seed` continues an earlier result.
 */
export function crc32cPortable(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  let crc = ~seed;
  let i = start;
  if (LITTLE_ENDIAN && end - start >= 64) {
    // up to a 4-byte boundary one byte at a time, then two aligned 32-bit words per step (≈ 1.4× fewer loads)
    while (((buf.byteOffset + i) & 3) !== 0) crc = T[(crc ^ buf[i++]!) & 0xff]! ^ (crc >>> 8);
    const words = new Int32Array(buf.buffer, buf.byteOffset + i, ((end - i) >>> 3) << 1);
    for (let w = 0; w < words.length; w += 2) {
      const lo = crc ^ words[w]!;
      const hi = words[w + 1]!;
      crc =
        T[1792 + (lo & 0xff)]! ^ T[1536 + ((lo >>> 8) & 0xff)]! ^ T[1280 + ((lo >>> 16) & 0xff)]! ^ T[1024 + (lo >>> 24)]! ^
        T[768 + (hi & 0xff)]! ^ T[512 + ((hi >>> 8) & 0xff)]! ^ T[256 + ((hi >>> 16) & 0xff)]! ^ T[hi >>> 24]!;
    }
    i += words.length * 4;
  }
  for (const stop = end - 8; i <= stop; i += 8) {
    const lo = crc ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    crc =
      T[1792 + (lo & 0xff)]! ^ T[1536 + ((lo >>> 8) & 0xff)]! ^ T[1280 + ((lo >>> 16) & 0xff)]! ^ T[1024 + (lo >>> 24)]! ^
      T[768 + buf[i + 4]!]! ^ T[512 + buf[i + 5]!]! ^ T[256 + buf[i + 6]!]! ^ T[buf[i + 7]!]!;
  }
  for (; i < end; i++) crc = T[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

type NativeCrc32c = (input: Uint8Array, initialState?: number) => number;

function loadNative(): NativeCrc32c | null {
  try {
    const native = (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c: NativeCrc32c }).crc32c;
    // a broken binary must not corrupt checksums silently: check a known value ("123456789" → 0xe3069283)
    return native(Buffer.from('123456789')) >>> 0 === 0xe3069283 ? native : null;
  } catch {
    return null;
  }
}

const native = loadNative();
/** Below this many bytes the table loop beats the call into native code. */
const NATIVE_FROM = 64;

/** Where the checksum is computed: 'native' (the CPU's instruction) or 'portable' (the table loop). */
export const crc32cImplementation: 'native' | 'portable' = native === null ? 'portable' : 'native';

/** CRC-32C of buf[start, end) as an unsigned 32-bit number. `seed` continues an earlier result. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  if (native === null || end - start < NATIVE_FROM) return crc32cPortable(buf, start, end, seed);
  const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  return native(view, seed) >>> 0;
}
