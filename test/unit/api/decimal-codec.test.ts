import { describe, expect, it } from 'vitest';
import {
  bigintFromTwosComplement,
  bigintToTwosComplement,
  decimalFromBytes,
  decimalToBytes,
  parseDecimal,
} from '../../../src/api/decimal-codec.js';
import { DataError } from '../../../src/api/errors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('two\'s-complement bytes (Java BigInteger.toByteArray)', () => {
  // Expected bytes are what java.math.BigInteger.valueOf(n).toByteArray() returns.
  it.each([
    [0n, '00'],
    [1n, '01'],
    [127n, '7f'],
    [128n, '0080'],
    [255n, '00ff'],
    [256n, '0100'],
    [32767n, '7fff'],
    [32768n, '008000'],
    [-1n, 'ff'],
    [-127n, '81'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [-256n, 'ff00'],
    [-257n, 'feff'],
    [-32768n, '8000'],
    [-32769n, 'ff7fff'],
    [2n ** 63n - 1n, '7fffffffffffffff'],
    [-(2n ** 63n), '8000000000000000'],
    [2n ** 64n, '010000000000000000'],
    [-(2n ** 64n), 'ff0000000000000000'],
    [2n ** 64n - 1n, '00ffffffffffffffff'],
  ])('%s ⇄ %s', (n, bytes) => {
    expect(hex(bigintToTwosComplement(n))).toBe(bytes);
    expect(bigintFromTwosComplement(Buffer.from(bytes, 'hex'))).toBe(n);
  });

  it('reads non-minimal encodings with redundant sign bytes', () => {
    expect(bigintFromTwosComplement(Buffer.from('00000f', 'hex'))).toBe(15n);
    expect(bigintFromTwosComplement(Buffer.from('ffffff', 'hex'))).toBe(-1n);
  });

  it('rejects empty bytes', () => {
    expect(() => bigintFromTwosComplement(new Uint8Array())).toThrow(DataError);
  });
});

describe('decimalToBytes / decimalFromBytes', () => {
  // [decimal string, scale, unscaled bytes as Java's BigDecimal.unscaledValue().toByteArray(), canonical string]
  it.each([
    ['1.5', 1, '0f', '1.5'],
    ['-1', 0, 'ff', '-1'],
    ['0', 0, '00', '0'],
    ['0', 3, '00', '0.000'],
    ['-0.0', 1, '00', '0.0'],
    ['12.34', 2, '04d2', '12.34'],
    ['-12.3400', 4, 'fe1df8', '-12.3400'],
    ['1.5', 3, '05dc', '1.500'],
    ['.5', 2, '32', '0.50'],
    ['+7', 0, '07', '7'],
    ['-0.05', 2, 'fb', '-0.05'],
    ['1.28', 2, '0080', '1.28'],
    ['-1.28', 2, '80', '-1.28'],
    ['1.5E+3', 0, '05dc', '1500'],
    ['2.5e-2', 3, '19', '0.025'],
    ['500', -2, '05', '500'],
    ['123456789012345678901234567890.123456789', 9, '5ce0e9a56015fec5aadfa328ae398115', '123456789012345678901234567890.123456789'],
    ['-18446744073709551616', 0, 'ff0000000000000000', '-18446744073709551616'],
    ['18446744073709551616', 0, '010000000000000000', '18446744073709551616'],
    ['0.00000000000000000000000000000000000001', 38, '01', '0.00000000000000000000000000000000000001'],
    ['-99999999999999999999999999999999999999', 0, 'b4c4b357a5793b85f675ddc000000001', '-99999999999999999999999999999999999999'],
    ['-1', 5, 'fe7960', '-1.00000'],
    ['-1.0E-2', 2, 'ff', '-0.01'],
    ['12300', -2, '7b', '12300'],
  ])('%s at scale %i ⇄ %s', (text, scale, bytes, canonical) => {
    expect(hex(decimalToBytes(text, scale))).toBe(bytes);
    expect(decimalFromBytes(Buffer.from(bytes, 'hex'), scale)).toBe(canonical);
  });

  it('round-trips random large values exactly', () => {
    let seed = 12345n;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 128n;
      const unscaled = seed % 2n === 0n ? seed : -seed;
      const scale = Number(seed % 20n);
      const text = decimalFromBytes(bigintToTwosComplement(unscaled), scale);
      expect(bigintFromTwosComplement(decimalToBytes(text, scale))).toBe(unscaled);
    }
  });

  it('refuses to round: more fractional digits than the scale is an error, trailing zeros are fine', () => {
    expect(() => decimalToBytes('1.234', 2)).toThrow(/more than 2 fractional digits/);
    expect(hex(decimalToBytes('1.2300', 2))).toBe('7b');
    expect(() => decimalToBytes('550', -2)).toThrow(DataError);
  });

  it.each(['', '-', '.', 'abc', '1.2.3', '1e', '0x10', '1e999999999', ' 1.5', '1.5 ', '1,5', 'NaN', 'Infinity'])('rejects %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(DataError);
  });
});
