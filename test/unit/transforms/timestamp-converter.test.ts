import { describe, expect, it } from 'vitest';
import { ConfigError, ConnectDate, ConnectTime, ConnectTimestamp, SchemaBuilder, Schemas, fieldOf, validateValue } from '../../../src/api/index.js';
import { frozen, sink, transform } from './transform-test-kit.js';

const ms = Date.UTC(2024, 2, 15, 13, 45, 30, 250);
const D = new Date(ms);
const FMT = "yyyy-MM-dd'T'HH:mm:ss.SSS";
const STR = '2024-03-15T13:45:30.250';

describe('TimestampConverter (whole value, schema\'d)', () => {
  const inputs = [
    ['Timestamp', ConnectTimestamp.SCHEMA, D],
    ['unix', Schemas.INT64, ms],
    ['string', Schemas.STRING, STR],
  ] as const;
  const outputs = [
    ['Timestamp', ConnectTimestamp.SCHEMA, D],
    ['unix', Schemas.INT64, ms],
    ['string', Schemas.STRING, STR],
    ['Date', ConnectDate.SCHEMA, new Date(Date.UTC(2024, 2, 15))],
    ['Time', ConnectTime.SCHEMA, new Date(Date.UTC(1970, 0, 1, 13, 45, 30, 250))],
  ] as const;
  for (const [fromName, fromSchema, fromValue] of inputs) {
    it.each(outputs)(`${fromName} → %s`, async (target, schema, expected) => {
      const t = await transform('org.apache.kafka.connect.transforms.TimestampConverter$Value', { 'target.type': target, format: FMT });
      const out = t.apply(sink({ valueSchema: fromSchema, value: fromValue }))!;
      expect(out.valueSchema).toBe(schema);
      expect(out.value).toEqual(expected);
    });
  }

  it('keeps optional schemas optional and null values null', async () => {
    const t = await transform('TimestampConverter$Value', { 'target.type': 'unix' });
    const out = t.apply(sink({ valueSchema: ConnectTimestamp.OPTIONAL_SCHEMA, value: null }))!;
    expect(out.valueSchema).toBe(Schemas.OPTIONAL_INT64);
    expect(out.value).toBeNull();
  });
});

describe('TimestampConverter options', () => {
  it.each([
    ['seconds', 1_710_510_330, 1_710_510_330],
    ['milliseconds', ms, ms],
    ['microseconds', ms * 1000, ms * 1000],
    ['nanoseconds', BigInt(ms) * 1_000_000n, BigInt(ms) * 1_000_000n],
  ] as const)('unix.precision=%s reads and writes that precision', async (precision, input, output) => {
    const toTs = await transform('TimestampConverter$Value', { 'target.type': 'Timestamp', 'unix.precision': precision });
    const back = await transform('TimestampConverter$Value', { 'target.type': 'unix', 'unix.precision': precision });
    const asTs = toTs.apply(sink({ valueSchema: Schemas.INT64, value: input }))!;
    expect((asTs.value as Date).getTime()).toBe(precision === 'seconds' ? 1_710_510_330_000 : ms);
    expect(back.apply(sink({ valueSchema: ConnectTimestamp.SCHEMA, value: D }))!.value).toEqual(precision === 'seconds' ? 1_710_510_330 : output);
  });

  it('converts one field of a struct (schema cached) and of a schemaless map', async () => {
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('at', Schemas.INT64).build();
    const t = await transform('TimestampConverter$Value', { field: 'at', 'target.type': 'string', format: 'yyyy-MM-dd' });
    const out = t.apply(sink({ valueSchema: s, value: frozen({ id: 1, at: ms }) }))!;
    expect(out.value).toEqual({ id: 1, at: '2024-03-15' });
    expect(fieldOf(out.valueSchema!, 'at')!.schema).toBe(Schemas.STRING);
    validateValue(out.valueSchema!, out.value);
    expect(t.apply(sink({ valueSchema: s, value: { id: 2, at: 0 } }))!.valueSchema).toBe(out.valueSchema);
    expect(t.apply(sink({ value: { id: 1, at: ms } }))!.value).toEqual({ id: 1, at: '2024-03-15' });
    expect(t.apply(sink({ value: { id: 1, at: D } }))!.value).toEqual({ id: 1, at: '2024-03-15' });
  });

  it('formats each record with its own time (the last-text cache follows the pattern resolution)', async () => {
    const t = await transform('TimestampConverter$Value', { 'target.type': 'string', format: 'yyyy-MM-dd HH:mm' });
    const at = (m: number) => t.apply(sink({ valueSchema: Schemas.INT64, value: m }))!.value;
    const base = Date.UTC(2024, 0, 1, 10, 0);
    expect([at(base), at(base + 59_999), at(base + 60_000), at(base - 1)]).toEqual([
      '2024-01-01 10:00',
      '2024-01-01 10:00',
      '2024-01-01 10:01',
      '2024-01-01 09:59',
    ]);
  });

  it('works on keys with $Key; schemaless whole values are inferred by JS type', async () => {
    const t = await transform('TimestampConverter$Key', { 'target.type': 'Timestamp', format: 'yyyy-MM-dd' });
    expect(t.apply(sink({ key: '2024-03-15' }))!.key).toEqual(new Date(Date.UTC(2024, 2, 15)));
    expect(t.apply(sink({ key: ms }))!.key).toEqual(D);
    expect(t.apply(sink({ key: null }))!.key).toBeNull();
  });

  it.each([
    [{ 'target.type': 'string' }, /requires format/],
    [{ 'target.type': 'instant' }, /must be one of/],
    [{ 'target.type': 'unix', 'unix.precision': 'minutes' }, /must be one of/],
    [{ 'target.type': 'Timestamp', format: 'yyyy-qq' }, /Illegal pattern character 'q'/],
  ])('rejects config %j', async (cfg, msg) => {
    await expect(transform('TimestampConverter$Value', cfg)).rejects.toThrow(ConfigError);
    await expect(transform('TimestampConverter$Value', cfg)).rejects.toThrow(msg);
  });

  it.each([
    ['an unparseable string', { 'target.type': 'unix', format: 'yyyy-MM-dd', field: 'at' }, { at: 'yesterday' }, /does not match pattern/],
    ['a string without format', { 'target.type': 'unix', field: 'at' }, { at: '2024-01-01' }, /requires format/],
    ['a boolean', { 'target.type': 'unix', field: 'at' }, { at: true }, /does not support boolean/],
  ])('raises naming the field for %s', async (_n, cfg, value, msg) => {
    const t = await transform('TimestampConverter$Value', { ...cfg, 'transform.alias': 'ts' });
    expect(() => t.apply(sink({ value }))).toThrow(msg);
    expect(() => t.apply(sink({ value }))).toThrow(/'ts' failed on field 'at'/);
  });

  it('raises for a schema that is not a timestamp type', async () => {
    const t = await transform('TimestampConverter$Value', { 'target.type': 'unix' });
    expect(() => t.apply(sink({ valueSchema: Schemas.BOOLEAN, value: true }))).toThrow(/does not correspond to a known timestamp type/);
  });
});
