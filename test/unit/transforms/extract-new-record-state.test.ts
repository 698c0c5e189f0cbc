import { describe, expect, it } from 'vitest';
import { ConfigError, SchemaBuilder, Schemas, fieldOf, validateValue, type ConnectRecord, type Schema } from '../../../src/api/index.js';
import { frozen, sink, transform } from './transform-test-kit.js';

const row = SchemaBuilder.struct().name('pg.public.orders.Value').field('id', Schemas.INT32).field('status', Schemas.OPTIONAL_STRING).optional().build();
const sourceSchema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.Source')
  .field('db', Schemas.STRING)
  .field('table', Schemas.STRING)
  .field('lsn', Schemas.OPTIONAL_INT64)
  .field('ts_ms', Schemas.INT64)
  .build();
const txSchema = SchemaBuilder.struct().field('id', Schemas.STRING).field('total_order', Schemas.INT64).optional().build();
const envelope = SchemaBuilder.struct()
  .name('pg.public.orders.Envelope')
  .field('before', row)
  .field('after', row)
  .field('source', sourceSchema)
  .field('transaction', txSchema)
  .field('op', Schemas.STRING)
  .field('ts_ms', Schemas.OPTIONAL_INT64)
  .build();

const src = { db: 'shop', table: 'orders', lsn: 123, ts_ms: 1000 };
function event(op: string, before: unknown, after: unknown): ConnectRecord {
  return sink({
    topic: 'pg.public.orders',
    keySchema: SchemaBuilder.struct().field('id', Schemas.INT32).build(),
    key: { id: 1 },
    valueSchema: envelope,
    value: frozen({ before, after, source: { ...src }, transaction: { id: 'tx1', total_order: 5 }, op, ts_ms: 2000 }),
  });
}
const created = () => event('c', null, { id: 1, status: 'new' });
const updated = () => event('u', { id: 1, status: 'new' }, { id: 1, status: 'paid' });
const deleted = () => event('d', { id: 1, status: 'paid' }, null);
const tombstone = () => sink({ topic: 'pg.public.orders', key: { id: 1 }, valueSchema: null, value: null });

const U = 'io.debezium.transforms.ExtractNewRecordState';

describe('ExtractNewRecordState: row images', () => {
  it('replaces c/u/r envelopes with the after image and its schema; the key is kept', async () => {
    const t = await transform(U);
    for (const [rec, status] of [[created(), 'new'], [updated(), 'paid'], [event('r', null, { id: 1, status: 'snap' }), 'snap']] as const) {
      const out = t.apply(rec)!;
      expect(out.value).toEqual({ id: 1, status });
      expect(out.valueSchema).toBe(row);
      expect(out.key).toEqual({ id: 1 });
    }
  });

  it('passes non-envelope records (heartbeats, schemaless non-events) through; drops truncates', async () => {
    const t = await transform('ExtractNewRecordState');
    const hb = sink({ valueSchema: SchemaBuilder.struct().name('io.debezium.connector.common.Heartbeat').field('ts_ms', Schemas.INT64).build(), value: { ts_ms: 1 } });
    expect(t.apply(hb)).toBe(hb);
    const plain = sink({ value: { a: 1 } });
    expect(t.apply(plain)).toBe(plain);
    expect(t.apply(event('t', null, null))).toBeNull();
  });

  it('unwraps schemaless envelopes (JSON without schemas) too', async () => {
    const t = await transform(U, { 'delete.tombstone.handling.mode': 'rewrite', 'add.fields': 'op' });
    const out = t.apply(sink({ value: { before: null, after: { id: 7 }, source: src, op: 'c' } }))!;
    expect(out.value).toEqual({ id: 7, __deleted: 'false', __op: 'c' });
    expect(out.valueSchema).toBeNull();
  });
});

describe('ExtractNewRecordState: delete.tombstone.handling.mode', () => {
  type Outcome = 'dropped' | 'null-value' | 'rewritten' | 'tombstone' | 'kept';
  const table: [string, Outcome, Outcome][] = [
    // mode, delete event →, Debezium tombstone →
    ['drop', 'dropped', 'dropped'],
    ['tombstone', 'null-value', 'dropped'],
    ['rewrite', 'rewritten', 'dropped'],
    ['rewrite-with-tombstone', 'rewritten', 'kept'],
    ['delete-to-tombstone', 'tombstone', 'dropped'],
  ];

  function outcome(out: ConnectRecord | null, input: ConnectRecord): Outcome {
    if (out === null) return 'dropped';
    if (out === input) return 'kept';
    if (out.value === null) return out.valueSchema === null ? 'tombstone' : 'null-value';
    return 'rewritten';
  }

  it.each(table)('%s: delete → %s, tombstone → %s', async (mode, onDelete, onTombstone) => {
    const t = await transform(U, { 'delete.tombstone.handling.mode': mode });
    const d = deleted();
    const out = t.apply(d);
    expect(outcome(out, d)).toBe(onDelete);
    if (onDelete === 'null-value') expect(out!.valueSchema).toBe(row);
    if (onDelete === 'rewritten') {
      expect(out!.value).toEqual({ id: 1, status: 'paid', __deleted: 'true' });
      validateValue(out!.valueSchema!, out!.value);
    }
    const tomb = tombstone();
    expect(outcome(t.apply(tomb), tomb)).toBe(onTombstone);
  });

  it('marks inserts and updates __deleted=false in rewrite modes (schema cached)', async () => {
    const t = await transform(U, { 'delete.tombstone.handling.mode': 'rewrite' });
    const a = t.apply(created())!;
    expect(a.value).toEqual({ id: 1, status: 'new', __deleted: 'false' });
    expect(fieldOf(a.valueSchema!, '__deleted')!.schema).toBe(Schemas.OPTIONAL_STRING);
    expect(t.apply(updated())!.valueSchema).toBe(a.valueSchema);
  });

  const legacy: [Record<string, string>, Outcome, Outcome][] = [
    [{ 'drop.tombstones': 'true' }, 'dropped', 'dropped'],
    [{ 'drop.tombstones': 'false' }, 'dropped', 'kept'],
    [{ 'delete.handling.mode': 'none' }, 'null-value', 'dropped'],
    [{ 'delete.handling.mode': 'none', 'drop.tombstones': 'false' }, 'null-value', 'kept'],
    [{ 'delete.handling.mode': 'rewrite' }, 'rewritten', 'dropped'],
    [{ 'delete.handling.mode': 'rewrite', 'drop.tombstones': 'false' }, 'rewritten', 'kept'],
    [{ 'delete.handling.mode': 'rewrite', 'delete.tombstone.handling.mode': 'drop' }, 'dropped', 'dropped'],
  ];
  it.each(legacy)('legacy keys %j: delete → %s, tombstone → %s', async (cfg, onDelete, onTombstone) => {
    const t = await transform(U, cfg);
    const d = deleted();
    expect(outcome(t.apply(d), d)).toBe(onDelete);
    const tomb = tombstone();
    expect(outcome(t.apply(tomb), tomb)).toBe(onTombstone);
  });

  it('rejects unknown modes and the unsupported drop.fields.header.name', async () => {
    await expect(transform(U, { 'delete.tombstone.handling.mode': 'keep' })).rejects.toThrow(ConfigError);
    await expect(transform(U, { 'delete.handling.mode': 'keep' })).rejects.toThrow(ConfigError);
    await expect(transform(U, { 'drop.fields.header.name': 'h' })).rejects.toThrow(/not supported/);
  });
});

describe('ExtractNewRecordState: add.fields, add.headers, route.by.field', () => {
  it('adds envelope, source and transaction fields with optional copies of their schemas', async () => {
    const t = await transform(U, { 'add.fields': 'op,table,source.ts_ms,ts_ms,lsn:pos,transaction.id,nope' });
    const out = t.apply(updated())!;
    expect(out.value).toEqual({ id: 1, status: 'paid', __op: 'u', __table: 'orders', __source_ts_ms: 1000, __ts_ms: 2000, __pos: 123, __transaction_id: 'tx1' });
    const s = out.valueSchema!;
    expect(s.fields!.map((f) => f.name)).toEqual(['id', 'status', '__op', '__table', '__source_ts_ms', '__ts_ms', '__pos', '__transaction_id']);
    expect(fieldOf(s, '__op')!.schema).toMatchObject({ type: 'string', optional: true });
    expect(fieldOf(s, '__source_ts_ms')!.schema).toMatchObject({ type: 'int64', optional: true });
    validateValue(s, out.value);
    expect(t.apply(created())!.valueSchema).toBe(s);
  });

  it('uses add.fields.prefix, and adds fields after __deleted on rewritten deletes', async () => {
    const t = await transform(U, { 'add.fields': 'op', 'add.fields.prefix': 'cdc_', 'delete.tombstone.handling.mode': 'rewrite' });
    const out = t.apply(deleted())!;
    expect(Object.keys(out.value as object)).toEqual(['id', 'status', '__deleted', 'cdc_op']);
    expect(out.value).toMatchObject({ __deleted: 'true', cdc_op: 'd' });
  });

  it('adds headers (with prefix), including op=d on kept tombstones', async () => {
    const t = await transform(U, { 'add.headers': 'op,db,source.lsn', 'add.headers.prefix': 'dbz.', 'delete.tombstone.handling.mode': 'rewrite-with-tombstone' });
    const out = t.apply(created())!;
    expect(out.headers.toArray().map((h) => [h.key, h.value])).toEqual([
      ['dbz.op', 'c'],
      ['dbz.db', 'shop'],
      ['dbz.source_lsn', 123],
    ]);
    expect(created().headers.size).toBe(0);
    const tomb = t.apply(tombstone())!;
    expect(tomb.value).toBeNull();
    expect(tomb.headers.lastWithName('dbz.op')!.value).toBe('d');
  });

  it('routes by a field of the after image (the before image for deletes)', async () => {
    const t = await transform(U, { 'route.by.field': 'status', 'delete.tombstone.handling.mode': 'rewrite' });
    expect(t.apply(updated())!.topic).toBe('paid');
    expect(t.apply(deleted())!.topic).toBe('paid');
    expect(t.apply(event('c', null, { id: 1, status: null }))!.topic).toBe('pg.public.orders');
  });

  it('never changes its input record', async () => {
    const t = await transform(U, { 'add.fields': 'op', 'add.headers': 'op' });
    const rec = updated();
    const before = JSON.stringify(rec.value);
    t.apply(rec);
    expect(JSON.stringify(rec.value)).toBe(before);
    expect(rec.valueSchema).toBe(envelope as Schema);
    expect(rec.headers.size).toBe(0);
  });
});
