import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c, crc32cImplementation, crc32cPortable } from '../../../../src/broker/protocol/crc32c.js';

describe('CRC-32C', () => {
  it('uses the CPU instruction on this platform (x64 Linux has a prebuilt @node-rs/crc32)', () => {
    expect(crc32cImplementation).toBe('native');
  });

  it('matches the standard check value and RFC 3720 vectors, both implementations', () => {
    for (const f of [crc32c, crc32cPortable]) {
      expect(f(Buffer.from('123456789'))).toBe(0xe3069283);
      expect(f(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
      expect(f(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
      expect(f(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    }
  });

  it('native and portable agree on every length, offset and seed', () => {
    const data = randomBytes(70_000);
    for (let trial = 0; trial < 400; trial++) {
      const start = (trial * 7919) % 1000;
      const len = trial < 200 ? trial : (trial * 104_729) % (data.length - start);
      const seed = trial % 3 === 0 ? 0 : (trial * 2_654_435_761) >>> 0;
      expect(crc32c(data, start, start + len, seed)).toBe(crc32cPortable(data, start, start + len, seed));
    }
  });

  it('continues from a seed: crc(a ++ b) = crc(b, seed = crc(a))', () => {
    const data = randomBytes(10_000);
    const whole = crc32c(data);
    expect(crc32c(data, 3000, data.length, crc32c(data, 0, 3000))).toBe(whole);
    expect(crc32cPortable(data, 3000, data.length, crc32cPortable(data, 0, 3000))).toBe(whole);
  });
});
