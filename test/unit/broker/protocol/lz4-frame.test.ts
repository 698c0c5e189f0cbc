// Our LZ4 frames must satisfy what strict readers (liblz4, lz4-java in Kafka's Java client) demand:
// independent blocks flagged, a correct header checksum, and the block end rules. The strict reader here
// is written from the LZ4 frame/block format description, independent of lz4js.
import { describe, expect, it } from 'vitest';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { compress, decompress } from '../../../../src/broker/protocol/compression/codec.js';
import { lz4CompressPortable, lz4Implementation } from '../../../../src/broker/protocol/compression/lz4.js';

function strictLz4Decode(frame: Buffer): Buffer {
  if (frame.readUInt32LE(0) !== 0x184d2204) throw new Error('magic');
  const flg = frame[4]!;
  if ((flg & 0xc0) !== 0x40) throw new Error('version');
  if ((flg & 0x20) === 0) throw new Error('dependent blocks (lz4-java rejects these)');
  if (((xxh32(0, frame, 4, 2) >>> 8) & 0xff) !== frame[6]) throw new Error('header checksum');
  let at = 7;
  const out: number[] = [];
  for (;;) {
    const word = frame.readUInt32LE(at);
    at += 4;
    if (word === 0) break;
    const len = word & 0x7fffffff;
    if (word & 0x80000000) { out.push(...frame.subarray(at, at + len)); at += len; continue; }
    const block = frame.subarray(at, at + len);
    at += len;
    const start = out.length;
    let i = 0;
    for (;;) {
      const token = block[i++]!;
      let lit = token >> 4;
      if (lit === 15) { let b; do { b = block[i++]!; lit += b; } while (b === 255); }
      for (let k = 0; k < lit; k++) out.push(block[i++]!);
      if (i === block.length) break;
      if (i > block.length) throw new Error('literal overrun');
      const offset = block[i]! | (block[i + 1]! << 8);
      i += 2;
      let ml = token & 15;
      if (ml === 15) { let b; do { b = block[i++]!; ml += b; } while (b === 255); }
      ml += 4;
      if (offset === 0 || out.length - offset < start) throw new Error('match reaches outside the block');
      const matchStart = out.length - start;
      for (let k = 0; k < ml; k++) out.push(out[out.length - offset]!);
      (out as number[] & { lastMatch?: number }).lastMatch = matchStart;
    }
    const blockOut = out.length - start;
    const lastMatch = (out as number[] & { lastMatch?: number }).lastMatch;
    if (lastMatch !== undefined && lastMatch > blockOut - 12) throw new Error('last match starts < 12 bytes before block end');
    (out as number[] & { lastMatch?: number }).lastMatch = undefined;
  }
  return Buffer.from(out);
}

function lines(n: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`line ${i} ${'abc'.repeat(i % 7)}\n`);
  return Buffer.from(parts.join(''));
}

describe('lz4 frames we write', () => {
  it('are compressed natively on this platform (lz4-napi has a prebuilt x64 Linux binary)', () => {
    expect(lz4Implementation).toBe('native');
  });

  it('shrink repetitive change events (a schema repeated per record) many times, and read back', () => {
    const schema = `{"schema":{"type":"struct","fields":[${'{"type":"int32","optional":false,"field":"id"},'.repeat(40)}]},"payload":`;
    const data = Buffer.from(Array.from({ length: 500 }, (_, i) => `${schema}{"id":${i},"name":"n${(i * 7919) % 1000}"}}`).join(''));
    const frame = compress(3, data);
    expect(frame.length).toBeLessThan(data.length / 20);
    expect(strictLz4Decode(frame).equals(data)).toBe(true);
    expect(decompress(3, frame).equals(data)).toBe(true);
  });

  it('pass a strict reader on multi-block text that once tripped lz4js end-of-block handling', () => {
    const data = lines(20000); // ~400 KB, 7 blocks; block 5 used to end in an illegal match
    const frame = compress(3, data);
    expect(frame.length).toBeLessThan(data.length / 2);
    expect(strictLz4Decode(frame).equals(data)).toBe(true);
    expect(decompress(3, frame).equals(data)).toBe(true);
  });

  it('pass a strict reader on random small-alphabet inputs of many sizes (native and lz4js)', () => {
    let seed = 5;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let t = 0; t < 300; t++) {
      const len = Math.floor(rnd() * (t % 10 === 0 ? 150_000 : 3000));
      const data = Buffer.from(Array.from({ length: len }, () => 97 + Math.floor(rnd() * ((t % 4) + 1))));
      const frame = compress(3, data);
      expect(strictLz4Decode(frame).equals(data), `case ${t} (${len} bytes)`).toBe(true);
      expect(strictLz4Decode(lz4CompressPortable(data)).equals(data), `lz4js case ${t} (${len} bytes)`).toBe(true);
    }
  });
});
