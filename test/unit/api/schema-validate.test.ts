import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../../../src/api/errors.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../src/api/logical-types.js';
import type { Schema } from '../../../src/api/schema.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { checkValue, validateValue } from '../../../src/api/schema-validate.js';
import { Schemas } from '../../../src/api/schemas.js';

const address = SchemaBuilder.struct().name('Address').field('street', Schemas.STRING).field('zip', Schemas.INT32).build();
const envelope = SchemaBuilder.struct()
  .name('Envelope')
  .field('before', SchemaBuilder.struct().name('Row').field('id', Schemas.INT64).optional())
  .field('after', SchemaBuilder.struct().name('Row').field('id', Schemas.INT64).field('address', address).optional())
  .field('tags', SchemaBuilder.array(Schemas.STRING).optional())
  .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).optional())
  .field('op', SchemaBuilder.string().defaultValue('c'))
  .build();

describe('validateValue: accepted values', () => {
  it.each<[string, Schema, unknown]>([
    ['int8 min', Schemas.INT8, -128],
    ['int8 max', Schemas.INT8, 127],
    ['int16', Schemas.INT16, -32768],
    ['int32', Schemas.INT32, 2147483647],
    ['int64 safe number', Schemas.INT64, Number.MAX_SAFE_INTEGER],
    ['int64 bigint max', Schemas.INT64, 2n ** 63n - 1n],
    ['int64 bigint min', Schemas.INT64, -(2n ** 63n)],
    ['float32', Schemas.FLOAT32, 1.5],
    ['float64 NaN', Schemas.FLOAT64, NaN],
    ['boolean', Schemas.BOOLEAN, false],
    ['string', Schemas.STRING, ''],
    ['bytes Uint8Array', Schemas.BYTES, new Uint8Array([1])],
    ['bytes Buffer', Schemas.BYTES, Buffer.from('x')],
    ['optional null', Schemas.OPTIONAL_INT32, null],
    ['optional undefined', Schemas.OPTIONAL_STRING, undefined],
    ['required with default, null', SchemaBuilder.int32().defaultValue(1).build(), null],
    ['array', SchemaBuilder.array(Schemas.INT32).build(), [1, 2]],
    ['map as object', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build(), { a: 1 }],
    ['map as Map with int keys', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), new Map([[1, 'a']])],
    ['Decimal', Decimal.schema(2), '-12.34'],
    ['Decimal fewer digits', Decimal.schema(2), '12'],
    ['Date', ConnectDate.SCHEMA, new Date('2024-02-29T00:00:00Z')],
    ['Time', ConnectTime.SCHEMA, new Date(3_600_000)],
    ['Timestamp', ConnectTimestamp.SCHEMA, new Date('2024-02-29T12:34:56.789Z')],
    ['envelope', envelope, { before: null, after: { id: 5n, address: { street: 's', zip: 12345 } }, tags: ['x'], attrs: { a: 1 }, op: 'u' }],
    ['envelope missing optionals and defaulted', envelope, { after: { id: 1, address: { street: 's', zip: 1 } } }],
  ])('%s', (_what, schema, value) => {
    expect(() => validateValue(schema, value)).not.toThrow();
    expect(checkValue(schema, value)).toBeNull();
  });
});

describe('validateValue: errors name the path', () => {
  it.each<[string, Schema, unknown, string]>([
    ['nested struct field', envelope, { after: { id: 1, address: { street: 's', zip: '12345' } } }, 'after.address.zip: expected int32, got string'],
    ['required null', Schemas.INT32, null, 'expected int32, got null (the schema is not optional and has no default)'],
    ['missing required field', address, { street: 's' }, 'zip: expected int32, got undefined (the schema is not optional and has no default)'],
    ['int8 overflow', Schemas.INT8, 128, 'expected int8, got 128 (out of range -128..127)'],
    ['int16 underflow', Schemas.INT16, -32769, 'expected int16, got -32769 (out of range -32768..32767)'],
    ['int32 overflow', Schemas.INT32, 2 ** 31, 'expected int32, got 2147483648 (out of range -2147483648..2147483647)'],
    ['int32 fraction', Schemas.INT32, 1.5, 'expected int32, got non-integer 1.5'],
    ['int32 bigint', Schemas.INT32, 1n, 'expected int32, got bigint'],
    ['int64 unsafe number', Schemas.INT64, 2 ** 60, 'expected int64, got 1152921504606847000 which is beyond 2^53 and may have lost precision; use a bigint'],
    ['int64 bigint overflow', Schemas.INT64, 2n ** 63n, 'expected int64, got 9223372036854775808n (out of the 64-bit range)'],
    ['float as string', Schemas.FLOAT64, '1.0', 'expected float64, got string'],
    ['boolean as number', Schemas.BOOLEAN, 1, 'expected boolean, got number'],
    ['bytes as string', Schemas.BYTES, 'abc', 'expected bytes, got string'],
    ['bytes as array', Schemas.BYTES, [1], 'expected bytes, got array'],
    ['array element', envelope, { after: null, tags: ['a', 2] }, 'tags[1]: expected string, got number'],
    ['map value', envelope, { attrs: { 'a b': 'x' } }, 'attrs["a b"]: expected int32, got string'],
    ['map key', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), { a: 'x' }, '["a"]: map key: expected int32, got string'],
    ['Map key', SchemaBuilder.map(Schemas.INT8, Schemas.STRING).build(), new Map([[1000, 'x']]), '[1000]: map key: expected int8, got 1000 (out of range -128..127)'],
    ['struct as array', address, [], "expected struct 'Address', got array"],
    ['extra struct key', address, { street: 's', zip: 1, zipp: 2 }, "zipp: not a field of struct 'Address' (fields: street, zip)"],
    ['Decimal as number', Decimal.schema(2), 1.5, 'expected Decimal (a decimal string), got number'],
    ['Decimal too precise', Decimal.schema(2), '1.234', 'expected Decimal with scale 2: decimal 1.234 has more than 2 fractional digits; it cannot be stored at scale 2 without rounding'],
    ['Decimal garbage', Decimal.schema(2), 'abc', 'expected Decimal with scale 2: not a decimal number: "abc"'],
    ['Decimal without scale', SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').build(), '1', "Decimal schema has no integer 'scale' parameter"],
    ['Date as number', ConnectDate.SCHEMA, 19000, 'expected Date (a JS Date), got number'],
    ['Date with time of day', ConnectDate.SCHEMA, new Date('2024-01-01T01:00:00Z'), 'expected Date (a JS Date at midnight UTC), got 2024-01-01T01:00:00.000Z'],
    ['Time with a date', ConnectTime.SCHEMA, new Date('2024-01-01T01:00:00Z'), 'expected Time (a JS Date on 1970-01-01 UTC), got 2024-01-01T01:00:00.000Z'],
    ['invalid Timestamp', ConnectTimestamp.SCHEMA, new Date(NaN), 'expected Timestamp, got an invalid Date'],
    ['array of structs', SchemaBuilder.array(address).build(), [{ street: 's', zip: 1 }, { street: 1, zip: 1 }], '[1].street: expected string, got number'],
  ])('%s', (_what, schema, value, message) => {
    expect(() => validateValue(schema, value)).toThrow(SchemaValidationError);
    const err = checkValue(schema, value);
    expect(err?.message).toBe(message);
    expect(err?.code).toBe('TRIB_SCHEMA_INVALID');
  });

  it('carries the path separately and prefixes a root path', () => {
    const err = checkValue(envelope, { after: { id: 1, address: { street: 's', zip: 'x' } } }, 'value');
    expect(err?.path).toBe('value.after.address.zip');
    expect(err?.message).toBe('value.after.address.zip: expected int32, got string');
    expect(checkValue(Schemas.INT8, 'x', 'key')?.message).toBe('key: expected int8, got string');
  });
});
