import { describe, expect, it } from 'vitest';
import { ByteArrayConverter } from '../../../converters/byte-array-converter.js';
import { descriptors as numberDescriptors, IntegerConverter, LongConverter, BooleanConverter, DoubleConverter, FloatConverter, ShortConverter } from '../../../converters/number-converters.js';
import { StringConverter, stringConverterConfigDef } from '../../../converters/string-converter.js';
import { ConversionError } from '../../../src/api/errors.js';
import { Schemas } from '../../../src/api/schemas.js';

const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));

describe('StringConverter', () => {
  it('writes String(value) as UTF-8 by default and reads an optional string', () => {
    const c = new StringConverter();
    c.configure({}, false);
    expect(hex(c.fromConnectData('t', undefined, Schemas.STRING, 'hé'))).toBe('68c3a9');
    expect(Buffer.from(c.fromConnectData('t', undefined, null, 42)!).toString()).toBe('42');
    expect(Buffer.from(c.fromConnectData('t', undefined, null, true)!).toString()).toBe('true');
    expect(c.fromConnectData('t', undefined, Schemas.OPTIONAL_STRING, null)).toBeNull();
    expect(c.toConnectData('t', undefined, Buffer.from('68c3a9', 'hex'))).toEqual({ schema: Schemas.OPTIONAL_STRING, value: 'hé' });
    expect(c.toConnectData('t', undefined, null)).toEqual({ schema: Schemas.OPTIONAL_STRING, value: null });
  });
  it.each([
    ['UTF-16BE', '0068 00e9'],
    ['utf-16le', '6800 e900'],
    ['UTF-16', 'feff 0068 00e9'],
    ['ISO-8859-1', '68 e9'],
  ])('converter.encoding=%s', (encoding, expected) => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': encoding }, true);
    const b = c.fromConnectData('t', undefined, null, 'hé');
    expect(hex(b)).toBe(expected.replaceAll(' ', ''));
    expect(c.toConnectData('t', undefined, b).value).toBe('hé');
  });
  it('rejects an unknown encoding at configure time', () => {
    expect(() => new StringConverter().configure({ 'converter.encoding': 'EBCDIC' }, false)).toThrow(/converter.encoding/);
    expect(stringConverterConfigDef.key('converter.encoding')?.defaultValue).toBe('UTF-8');
  });
  it('is a header converter with the same format', () => {
    const c = new StringConverter();
    c.configure({ 'converter.type': 'header' });
    expect(c.toConnectHeader('t', 'h', c.fromConnectHeader('t', 'h', null, 'v')).value).toBe('v');
  });
});

describe('ByteArrayConverter', () => {
  const c = new ByteArrayConverter();
  c.configure({}, false);
  it('passes bytes through and reads an optional bytes schema', () => {
    const b = new Uint8Array([1, 2, 255]);
    expect(c.fromConnectData('t', undefined, Schemas.BYTES, b)).toBe(b);
    expect(c.fromConnectData('t', undefined, null, null)).toBeNull();
    expect(c.toConnectData('t', undefined, b)).toEqual({ schema: Schemas.OPTIONAL_BYTES, value: b });
    expect(c.toConnectData('t', undefined, null)).toEqual({ schema: Schemas.OPTIONAL_BYTES, value: null });
  });
  it('rejects a non-bytes schema or value', () => {
    expect(() => c.fromConnectData('t', undefined, Schemas.STRING, new Uint8Array(1))).toThrow(/Invalid schema type for ByteArrayConverter: string/);
    expect(() => c.fromConnectData('t', undefined, null, 'text')).toThrow(ConversionError);
  });
});

describe('number converters (Kafka serializers)', () => {
  const cases = [
    ['ShortConverter', new ShortConverter(), -2, 'fffe', Schemas.OPTIONAL_INT16],
    ['IntegerConverter', new IntegerConverter(), 258, '00000102', Schemas.OPTIONAL_INT32],
    ['LongConverter', new LongConverter(), 9007199254740993n, '0020000000000001', Schemas.OPTIONAL_INT64],
    ['LongConverter small', new LongConverter(), -1, 'ffffffffffffffff', Schemas.OPTIONAL_INT64],
    ['FloatConverter', new FloatConverter(), 1.5, '3fc00000', Schemas.OPTIONAL_FLOAT32],
    ['DoubleConverter', new DoubleConverter(), -2.5, 'c004000000000000', Schemas.OPTIONAL_FLOAT64],
    ['BooleanConverter', new BooleanConverter(), true, '01', Schemas.OPTIONAL_BOOLEAN],
  ] as const;
  it.each(cases)('%s round-trips big-endian bytes', (_name, c, value, bytes, schema) => {
    expect(hex(c.fromConnectData('t', undefined, null, value))).toBe(bytes);
    expect(c.toConnectData('t', undefined, Buffer.from(bytes, 'hex'))).toEqual({ schema, value });
    expect(c.toConnectData('t', undefined, null)).toEqual({ schema, value: null });
  });
  it('reports wrong sizes and wrong value types as ConversionErrors', () => {
    const c = new IntegerConverter();
    expect(() => c.toConnectData('t', undefined, new Uint8Array(3), { partition: 0, offset: 9 })).toThrow(/expected 4 bytes, got 3/);
    expect(() => c.fromConnectData('t', undefined, null, 'x')).toThrow(ConversionError);
    expect(() => c.fromConnectData('t', undefined, null, 2 ** 31)).toThrow(/integer/);
    expect(() => new BooleanConverter().toConnectData('t', undefined, new Uint8Array([2]))).toThrow(/Unexpected byte/);
  });
  it('lists Kafka class names', () => {
    expect(numberDescriptors.map((d) => d.className)).toContain('org.apache.kafka.connect.converters.LongConverter');
  });
});
