import { describe, expect, it } from 'vitest';
import { ConnectTimestamp, SchemaBuilder, Schemas, type ConnectRecord } from '../../../src/api/index.js';
import { sink, transform } from './transform-test-kit.js';

const def = new Date(86_400_000);
const s = SchemaBuilder.struct()
  .field('id', Schemas.INT32)
  .field('age', SchemaBuilder.int32().optional().defaultValue(18))
  .field('at', ConnectTimestamp.builder().optional().defaultValue(def).build())
  .build();
const rec = () => sink({ valueSchema: s, value: { id: 1, age: null, at: null } });

/** Where each transform puts the field it read, so the test can look at it. */
const cases: [string, Record<string, unknown>, (r: ConnectRecord) => unknown, unknown][] = [
  ['InsertField$Value', { 'topic.field': 't' }, (r) => (r.value as Record<string, unknown>).age, 18],
  ['ReplaceField$Value', { renames: 'age:years' }, (r) => (r.value as Record<string, unknown>).years, 18],
  ['MaskField$Value', { fields: 'id' }, (r) => (r.value as Record<string, unknown>).age, 18],
  ['Cast$Value', { spec: 'age:string' }, (r) => (r.value as Record<string, unknown>).age, '18'],
  ['ValueToKey', { fields: 'age' }, (r) => (r.key as Record<string, unknown>).age, 18],
  ['ExtractField$Value', { field: 'age' }, (r) => r.value, 18],
  ['HeaderFrom$Value', { fields: 'age', headers: 'h', operation: 'copy' }, (r) => r.headers.lastWithName('h')!.value, 18],
  ['TimestampConverter$Value', { field: 'at', 'target.type': 'unix' }, (r) => (r.value as Record<string, unknown>).at, 86_400_000],
];

describe('replace.null.with.default', () => {
  it.each(cases)('%s reads a null field as its default by default', async (name, cfg, pick, expected) => {
    const t = await transform(name, cfg);
    expect(pick(t.apply(rec())!)).toEqual(expected);
  });

  it.each(cases)('%s keeps the null with replace.null.with.default=false', async (name, cfg, pick) => {
    const t = await transform(name, { ...cfg, 'replace.null.with.default': 'false' });
    expect(pick(t.apply(rec())!)).toBeNull();
  });
});
