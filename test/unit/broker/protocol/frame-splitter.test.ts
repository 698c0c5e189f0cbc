import { describe, expect, it } from 'vitest';
import { FrameSplitter } from '../../../../src/broker/protocol/frame-splitter.js';
import { InvalidFrameError } from '../../../../src/broker/protocol/protocol-errors.js';

function frame(payload: string): Buffer {
  const p = Buffer.from(payload);
  const b = Buffer.alloc(4 + p.length);
  b.writeInt32BE(p.length, 0);
  p.copy(b, 4);
  return b;
}

const stream = Buffer.concat([frame('hello'), frame(''), frame('a longer frame payload'), frame('x')]);
const expected = ['hello', '', 'a longer frame payload', 'x'];

describe('FrameSplitter', () => {
  it('emits whole frames from one chunk', () => {
    const out: string[] = [];
    new FrameSplitter(1024).push(stream, (f) => out.push(f.toString()));
    expect(out).toEqual(expected);
  });

  it.each(Array.from({ length: stream.length + 1 }, (_, i) => i))('handles a split at byte %i', (cut) => {
    const out: string[] = [];
    const s = new FrameSplitter(1024);
    s.push(stream.subarray(0, cut), (f) => out.push(f.toString()));
    s.push(stream.subarray(cut), (f) => out.push(f.toString()));
    expect(out).toEqual(expected);
    expect(s.buffered).toBe(0);
  });

  it('handles a split at every pair of points and byte-by-byte delivery', () => {
    for (let a = 0; a <= stream.length; a += 3) {
      for (let b = a; b <= stream.length; b += 5) {
        const out: string[] = [];
        const s = new FrameSplitter(1024);
        for (const part of [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]) s.push(part, (f) => out.push(f.toString()));
        expect(out).toEqual(expected);
      }
    }
    const out: string[] = [];
    const s = new FrameSplitter(1024);
    for (let i = 0; i < stream.length; i++) s.push(stream.subarray(i, i + 1), (f) => out.push(f.toString()));
    expect(out).toEqual(expected);
  });

  it('joins split frames into the buffers alloc supplies (exact frame size), at every pair of split points', () => {
    for (let a = 0; a <= stream.length; a += 2) {
      for (let b = a; b <= stream.length; b += 3) {
        const out: string[] = [];
        const sizes: number[] = [];
        const given: Buffer[] = [];
        const s = new FrameSplitter(1024, (size) => {
          sizes.push(size);
          const buf = Buffer.alloc(size + 8, 0xee).subarray(0, size); // a larger buffer under it, as a recycled one
          given.push(buf);
          return buf;
        });
        for (const part of [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]) {
          s.push(part, (f) => {
            out.push(f.toString());
            if (given.length > 0 && f.buffer === given.at(-1)!.buffer) expect(f.byteOffset).toBe(given.at(-1)!.byteOffset + 4);
          });
        }
        expect(out).toEqual(expected);
        expect(s.buffered).toBe(0);
        for (const size of sizes) expect([9, 4, 26, 5]).toContain(size); // always exactly one whole frame
      }
    }
  });

  it('hands a recycled buffer back only with the new frame in it', () => {
    const spare = Buffer.alloc(64, 0xaa);
    const s = new FrameSplitter(1024, (size) => spare.subarray(0, size));
    const out: string[] = [];
    const two = Buffer.concat([frame('first frame'), frame('second')]);
    s.push(two.subarray(0, 6), (f) => out.push(f.toString()));
    s.push(two.subarray(6, 20), (f) => out.push(f.toString()));
    s.push(two.subarray(20), (f) => out.push(f.toString()));
    expect(out).toEqual(['first frame', 'second']);
  });

  it('rejects negative and oversized sizes before buffering them', () => {
    const neg = Buffer.from([0xff, 0xff, 0xff, 0xff]);
    expect(() => new FrameSplitter(1024).push(neg, () => {})).toThrow(InvalidFrameError);
    const big = Buffer.alloc(4);
    big.writeInt32BE(1025, 0);
    const s = new FrameSplitter(1024);
    expect(() => s.push(big, () => {})).toThrow(InvalidFrameError);
    expect(() => s.push(frame('ok'), () => {})).toThrow(InvalidFrameError); // stays failed
    const ok: Buffer[] = [];
    const exact = Buffer.alloc(4 + 1024);
    exact.writeInt32BE(1024, 0);
    new FrameSplitter(1024).push(exact, (f) => ok.push(f));
    expect(ok[0]!.length).toBe(1024);
  });

  it('never throws anything but InvalidFrameError on random bytes', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const s = new FrameSplitter(64);
      const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 40) }, () => (rnd() < 0.6 ? 0 : Math.floor(rnd() * 256))));
      try {
        s.push(bytes, (f) => expect(f.length).toBeLessThanOrEqual(64));
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidFrameError);
      }
    }
  });

  it('reassembles large frames from random chunkings', () => {
    let seed = 99;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const payloads = Array.from({ length: 40 }, (_, i) => 'x'.repeat(Math.floor(rnd() * (i % 5 === 0 ? 200_000 : 300))) + i);
    const all = Buffer.concat(payloads.map(frame));
    for (let round = 0; round < 20; round++) {
      const out: string[] = [];
      const s = new FrameSplitter(1 << 20);
      for (let at = 0; at < all.length; ) {
        const n = 1 + Math.floor(rnd() * (round % 2 ? 7 : 70_000));
        s.push(all.subarray(at, at + n), (f) => out.push(f.toString()));
        at += n;
      }
      expect(out).toEqual(payloads);
      expect(s.buffered).toBe(0);
    }
  });
});
