/**
 * The Transformation contract, checked for every built-in SMT with a minimal config: the input record
 * (deep-frozen) is never changed, sink-record fields survive (newRecord), close() is safe twice, and
 * config()/version() match the descriptor.
 */
import { describe, expect, it } from 'vitest';
import { ConnectTimestamp, SchemaBuilder, Schemas, type SinkRecord, type Transformation } from '../../../src/api/index.js';
import { frozen, registry, sink } from './transform-test-kit.js';

const minimal: Record<string, Record<string, string>> = {
  InsertField: { 'topic.field': 't' },
  ReplaceField: { exclude: 'b' },
  MaskField: { fields: 'b' },
  ValueToKey: { fields: 'a' },
  ExtractField: { field: 'a' },
  HoistField: { field: 'h' },
  Cast: { spec: 'a:string' },
  Flatten: {},
  RegexRouter: { regex: '(.*)', replacement: 'x_$1' },
  TimestampRouter: {},
  TimestampConverter: { field: 'ts', 'target.type': 'unix' },
  Filter: {},
  InsertHeader: { header: 'h', 'value.literal': 'v' },
  DropHeaders: { headers: 'x' },
  HeaderFrom: { fields: 'a', headers: 'h', operation: 'move' },
  SetSchemaMetadata: { 'schema.name': 'n' },
  ExtractNewRecordState: {},
};

const struct = SchemaBuilder.struct()
  .field('a', Schemas.INT32)
  .field('b', Schemas.STRING)
  .field('ts', ConnectTimestamp.SCHEMA)
  .field('n', SchemaBuilder.struct().field('x', Schemas.INT32).build())
  .build();

function records(): SinkRecord[] {
  const value = () => ({ a: 1, b: 'b', ts: new Date(5), n: { x: 2 } });
  return [
    sink({ keySchema: struct, key: value(), valueSchema: struct, value: value(), headers: [{ key: 'x', value: 1 }] }),
    sink({ key: { a: 1, b: 'b', ts: 5, n: { x: 2 } }, value: { a: 1, b: 'b', ts: 5, n: { x: 2 } }, headers: [{ key: 'x', value: 1 }] }),
  ].map((r) => frozen(r));
}

describe('every built-in transformation honours the contract', async () => {
  const reg = await registry();
  const builtins = reg
    .list(['transformation'])
    .filter((d) => d.className.startsWith('org.apache.kafka.connect.transforms.') || d.className.startsWith('io.debezium.'));

  it.each(builtins.map((d) => [d.className, d] as const))('%s', (_name, d) => {
    const simple = d.className.slice(d.className.lastIndexOf('.') + 1).split('$')[0]!;
    const t = d.create() as Transformation<SinkRecord>;
    t.configure(minimal[simple]!);
    expect(t.config()).toBe(d.configDef);
    expect(t.version!()).toBe(d.version);
    for (const r of records()) {
      const snapshot = JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      if (simple === 'SetSchemaMetadata' && r.valueSchema === null) {
        expect(() => t.apply(r)).toThrow(/Schema required/); // schemaless records have no schema to rename
        continue;
      }
      const out = t.apply(r);
      expect(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(snapshot);
      expect(r.headers.size).toBe(1);
      if (out !== null && out !== r) {
        expect(out.kafkaOffset).toBe(42);
        expect(out.originalTopic).toBe('orders');
        expect(out.timestampType).toBe('CreateTime');
      }
    }
    t.close();
    t.close();
  });

  it('covers every transformation module', () => {
    expect(new Set(builtins.map((d) => d.className.slice(d.className.lastIndexOf('.') + 1).split('$')[0]))).toEqual(new Set(Object.keys(minimal)));
  });
});
