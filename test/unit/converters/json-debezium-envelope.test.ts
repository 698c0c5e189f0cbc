/**
 * Debezium change events — the CDC → Kafka hot path — through the compiled JSON writers: the envelope schema
 * and source block from connectors/postgres-cdc, values shaped as EventRecords builds them (bigint ts_ns, lsn
 * as number or bigint, null txId/xmin/transaction, quotes in `sequence`). Every event must come out as the
 * generic writer's bytes, and the compiled writer must write it itself (no fallback on the hot path).
 */
import { describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../../connectors/postgres-cdc/debezium-schemas.js';
import { EventRecords, type SourcePosition } from '../../../connectors/postgres-cdc/event-records.js';
import { JsonConverter } from '../../../converters/json-converter.js';
import { JsonEncoder } from '../../../converters/json/json-encoder.js';
import { JsonValueCompiler } from '../../../converters/json/json-value-compiler.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

const row = SchemaBuilder.struct()
  .name('shop.public.orders.Value')
  .field('id', Schemas.INT32)
  .field('name', Schemas.STRING)
  .field('qty', Schemas.OPTIONAL_INT64)
  .field('ts', SchemaBuilder.int64().name('io.debezium.time.MicroTimestamp').version(1).optional().build())
  .field('price', SchemaBuilder.float64().optional().build())
  .field('flag', SchemaBuilder.bool().optional().build())
  .optional()
  .build();
const schema = envelopeSchema('shop.public.orders.Envelope', row);
const events = new EventRecords('shop', 'shopdb');

const NAMES = ['plain', 'quote " here', 'ünïcödé', '𝄞 clef', 'tab\there', 'x'.repeat(100)];

function event(i: number): Record<string, unknown> {
  const lsn = i % 3 === 0 ? 2n ** 60n + BigInt(i) : 0x1_6b37_4d48 + i * 120;
  const pos: SourcePosition = {
    tsMicros: 1_709_288_130_000_000n + BigInt(i),
    snapshot: i % 7 === 0 ? 'last' : 'false',
    txId: i % 5 === 0 ? null : 7_000 + i,
    lsn,
    lastCommitLsn: i % 4 === 0 ? null : lsn,
  };
  const image = (rev: number) => ({
    id: i * (i % 2 === 0 ? 1 : -1),
    name: `${NAMES[i % NAMES.length]} ${rev}`,
    qty: i % 6 === 0 ? null : i % 6 === 1 ? 2n ** 62n + BigInt(i) : 1000 + i * 7 + rev,
    ts: i % 8 === 0 ? null : 1_709_288_130_123_456 + i,
    price: i % 9 === 0 ? null : [0, -0, 0.1, 1e21, NaN, 12.5][i % 6],
    flag: i % 4 === 0 ? null : i % 2 === 0,
  });
  const op = (['c', 'u', 'd', 'r'] as const)[i % 4];
  return {
    before: op === 'u' || op === 'd' ? image(0) : null,
    after: op === 'd' ? null : image(1),
    source: events.source(null, pos),
    transaction: i % 10 === 0 ? { id: `${7000 + i}:${lsn}`, total_order: i, data_collection_order: 1 } : null,
    op,
    ts_ms: 1_709_288_131_000 + i,
    ts_us: 1_709_288_131_000_000 + i,
    ts_ns: 1_709_288_131_000_000_000n + BigInt(i),
  };
}

describe('Debezium change events through the compiled JSON writers', () => {
  it('every event: the generic writer’s bytes, written by the compiled writer itself', () => {
    const enc = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const reference = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    const compiler = new JsonValueCompiler((s, v) => reference.value(s, v), { replaceNullWithDefault: true, compileAtUse: 1 });
    for (let i = 0; i < 400; i++) {
      const value = event(i);
      const text = reference.value(schema, value);
      expect(enc.envelopeBytes(schema, value).equals(Buffer.from(reference.envelope(schema, value)))).toBe(true);
      expect(enc.valueBytes(schema, value).equals(Buffer.from(text))).toBe(true);
      expect(enc.compiledValue(schema, value)).toBe(text);
      const end = compiler.writeInto(schema, value, Buffer.allocUnsafe(64), 0);
      expect(end).toBeGreaterThan(0); // not left to the generic writer
      expect(compiler.written.subarray(0, end).equals(Buffer.from(text))).toBe(true);
    }
  });

  it('through JsonConverter, with and without schemas', () => {
    const withSchemas = new JsonConverter();
    withSchemas.configure({}, false);
    const bare = new JsonConverter();
    bare.configure({ 'schemas.enable': 'false' }, false);
    const reference = new JsonEncoder({ decimalNumeric: false, replaceNullWithDefault: true });
    for (let i = 0; i < 50; i++) {
      const value = event(i);
      const env = Buffer.from(withSchemas.fromConnectData('t', null, schema, value)!);
      expect(env.equals(Buffer.from(reference.envelope(schema, value)))).toBe(true);
      expect(Buffer.from(bare.fromConnectData('t', null, schema, value)!).equals(Buffer.from(reference.value(schema, value)))).toBe(true);
      // and it reads back
      expect(withSchemas.toConnectData('t', null, env).value).toMatchObject({ op: value['op'] });
    }
  });
});
