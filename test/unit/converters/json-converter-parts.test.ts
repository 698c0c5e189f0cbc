/**
 * JsonConverter.fromConnectDataParts must give exactly fromConnectData's bytes as `shared ++ own`, with the
 * envelope's schema part as `shared` (the same object for one Schema) — on the compiled path, the generic
 * one (logical types, maps, fallbacks), schemaless values, schemas off, tombstones and errors.
 */
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../converters/json-converter.js';
import { ConversionError } from '../../../src/api/errors.js';
import { Decimal } from '../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import { Schemas } from '../../../src/api/schemas.js';

function converter(configs: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}

const row = SchemaBuilder.struct().name('db.public.t.Value').field('id', Schemas.INT32).field('name', SchemaBuilder.string().optional()).optional().build();
const envelope = SchemaBuilder.struct().name('db.public.t.Envelope')
  .field('before', row).field('after', row).field('op', Schemas.STRING).field('ts_ms', SchemaBuilder.int64().optional())
  .field('amount', SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('scale', '2').optional().build())
  .build();
const map = SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build();

const cases: Array<[string, unknown, unknown]> = [];
for (let i = 0; i < 60; i++) {
  cases.push([`envelope ${i}`, envelope, { before: i % 3 === 0 ? null : { id: i - 1, name: 'x"\n\u00e9' }, after: { id: i, name: i % 5 === 0 ? null : `n${i}✓` }, op: 'u', ts_ms: 1_700_000_000_000 + i, amount: i % 4 === 0 ? null : '12.34' }]);
}
cases.push(['map (generic writer)', map, new Map([['a', 1], ['b', 2]])]);
cases.push(['decimal alone', Decimal.schema(2), '-0.5']);
cases.push(['no schema', null, { a: [1, 'two', null], b: true }]);
cases.push(['string', Schemas.STRING, 'plain']);
cases.push(['optional struct, null value', row, null]);

describe('JsonConverter.fromConnectDataParts', () => {
  it.each<[string, Record<string, string>]>([['schemas.enable=true', {}], ['schemas.enable=false', { 'schemas.enable': 'false' }]])('%s: shared ++ own is fromConnectData\'s bytes', (_, cfg) => {
    const c = converter(cfg);
    const reference = converter(cfg);
    let firstShared: Uint8Array | null | undefined;
    for (const [what, schema, value] of cases) {
      const whole = reference.fromConnectData('t', undefined, schema as never, value);
      const parts = c.fromConnectDataParts('t', undefined, schema as never, value);
      if (whole === null) {
        expect(parts, what).toBeNull();
        continue;
      }
      const joined = Buffer.concat([parts!.shared ?? Buffer.alloc(0), parts!.own]);
      expect(joined.toString(), what).toBe(Buffer.from(whole).toString());
      if (cfg['schemas.enable'] === 'false') expect(parts!.shared, what).toBeNull();
      else if (schema === envelope) {
        expect(Buffer.from(parts!.shared!).toString()).toMatch(/^\{"schema":\{"type":"struct".*,"payload":$/);
        firstShared ??= parts!.shared;
        expect(parts!.shared, 'one shared buffer per Schema object').toBe(firstShared);
      }
    }
  });

  it('a tombstone (no schema, null value) is null; a bad value is a ConversionError naming the topic', () => {
    const c = converter();
    expect(c.fromConnectDataParts('t', undefined, null, null)).toBeNull();
    expect(() => c.fromConnectDataParts('orders', undefined, Decimal.schema(2), '1.234')).toThrow(ConversionError);
    expect(() => c.fromConnectDataParts('orders', undefined, Decimal.schema(2), '1.234')).toThrow(/orders/);
  });
});
