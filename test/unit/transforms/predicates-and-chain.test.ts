import { describe, expect, it } from 'vitest';
import { ConfigError, SchemaBuilder, Schemas, type Transformation } from '../../../src/api/index.js';
import { TransformError } from '../../../transforms/support/transform-error.js';
import { chainFrom, predicate, registry, sink, source } from './transform-test-kit.js';

describe('predicates', () => {
  it.each([
    ['orders-.*', 'orders-eu', true],
    ['orders-.*', 'xorders-eu', false],
    ['orders', 'orders-eu', false],
    ['(?i)ORDERS', 'orders', true],
  ])('TopicNameMatches %s on %s → %s (whole-name match)', async (pattern, topic, expected) => {
    const p = await predicate('org.apache.kafka.connect.transforms.predicates.TopicNameMatches', { pattern });
    expect(p.test(sink({ topic }))).toBe(expected);
  });

  it('HasHeaderKey checks for at least one header with the name', async () => {
    const p = await predicate('org.apache.kafka.connect.transforms.predicates.HasHeaderKey', { name: 'trace' });
    expect(p.test(sink({ headers: [{ key: 'a', value: 1 }, { key: 'trace', value: null }] }))).toBe(true);
    expect(p.test(sink({ headers: [{ key: 'a', value: 1 }] }))).toBe(false);
  });

  it('RecordIsTombstone is true exactly for null values', async () => {
    const p = await predicate('org.apache.kafka.connect.transforms.predicates.RecordIsTombstone');
    expect(p.test(sink({ value: null }))).toBe(true);
    expect(p.test(sink({ value: 0 }))).toBe(false);
    expect(p.test(source({ value: '' }))).toBe(false);
  });

  it('validate their config', async () => {
    await expect(predicate('TopicNameMatches', {})).rejects.toThrow(ConfigError);
    await expect(predicate('TopicNameMatches', { pattern: '(' })).rejects.toThrow(ConfigError);
    await expect(predicate('HasHeaderKey', { name: '' })).rejects.toThrow(ConfigError);
  });
});

describe('transforms.X.predicate / negate (chain semantics)', () => {
  const base = {
    predicates: 'isOrders',
    'predicates.isOrders.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.isOrders.pattern': 'orders.*',
    transforms: 'drop',
    'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.drop.predicate': 'isOrders',
  };

  it.each([
    [{}, 'orders-eu', 'dropped'],
    [{}, 'payments', 'kept'],
    [{ 'transforms.drop.negate': 'true' }, 'orders-eu', 'kept'],
    [{ 'transforms.drop.negate': 'true' }, 'payments', 'dropped'],
    [{ 'transforms.drop.negate': 'false' }, 'orders-eu', 'dropped'],
  ])('%j on topic %s → %s', async (extra, topic, expected) => {
    const chain = await chainFrom({ ...base, ...extra });
    const out = chain.apply(sink({ topic, value: 1 }));
    expect(out === null ? 'dropped' : 'kept').toBe(expected);
  });

  it('drops tombstones with Filter + RecordIsTombstone, and other transforms skip non-matching records', async () => {
    const chain = await chainFrom({
      predicates: 'tomb,hasTrace',
      'predicates.tomb.type': 'RecordIsTombstone',
      'predicates.hasTrace.type': 'HasHeaderKey',
      'predicates.hasTrace.name': 'trace',
      transforms: 'dropTomb,tag',
      'transforms.dropTomb.type': 'Filter',
      'transforms.dropTomb.predicate': 'tomb',
      'transforms.tag.type': 'InsertHeader',
      'transforms.tag.header': 'traced',
      'transforms.tag.value.literal': 'yes',
      'transforms.tag.predicate': 'hasTrace',
    });
    expect(chain.apply(sink({ value: null }))).toBeNull();
    expect(chain.apply(sink({ value: 1 }))!.headers.has('traced')).toBe(false);
    expect(chain.apply(sink({ value: 1, headers: [{ key: 'trace', value: 't' }] }))!.headers.has('traced')).toBe(true);
  });
});

describe('a realistic 5-transform chain', () => {
  const envelope = SchemaBuilder.struct()
    .name('pg.public.orders.Envelope')
    .field('before', SchemaBuilder.struct().field('id', Schemas.INT32).field('amount', Schemas.STRING).field('secret', Schemas.STRING).optional().build())
    .field('after', SchemaBuilder.struct().field('id', Schemas.INT32).field('amount', Schemas.STRING).field('secret', Schemas.STRING).optional().build())
    .field('op', Schemas.STRING)
    .build();
  const props = {
    transforms: 'unwrap,cast,mask,route,meta',
    'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
    'transforms.unwrap.delete.tombstone.handling.mode': 'rewrite',
    'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.cast.spec': 'amount:float64',
    'transforms.mask.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
    'transforms.mask.fields': 'secret',
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': 'pg\\.public\\.(.*)',
    'transforms.route.replacement': 'dw_$1',
    'transforms.meta.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.meta.offset.field': 'kafka_offset',
  };

  it('unwraps, casts, masks, routes and stamps the offset', async () => {
    const chain = await chainFrom(props);
    const out = chain.apply(
      sink({ topic: 'pg.public.orders', offset: 77, valueSchema: envelope, value: { before: null, after: { id: 1, amount: '9.50', secret: 's3' }, op: 'c' } }),
    )!;
    expect(out.topic).toBe('dw_orders');
    expect(out.value).toEqual({ id: 1, amount: 9.5, secret: '', __deleted: 'false', kafka_offset: 77 });
    expect(out.valueSchema!.fields!.map((f) => `${f.name}:${f.schema.type}`)).toEqual([
      'id:int32',
      'amount:float64',
      'secret:string',
      '__deleted:string',
      'kafka_offset:int64',
    ]);
    chain.close();
    chain.close();
  });

  it('reports the failing step by its alias', async () => {
    const chain = await chainFrom(props);
    let err: unknown;
    try {
      chain.apply(sink({ topic: 'pg.public.orders', offset: 78, valueSchema: envelope, value: { before: null, after: { id: 1, amount: 'abc', secret: 's' }, op: 'u' } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransformError);
    expect(err).toMatchObject({ transform: 'cast', field: 'amount', topic: 'pg.public.orders', partition: 3, offset: 78 });
  });
});

describe('alias resolution through loadPlugins()', () => {
  const kafka = 'org.apache.kafka.connect.transforms.';
  const variants = ['InsertField', 'ReplaceField', 'MaskField', 'ExtractField', 'HoistField', 'Cast', 'Flatten', 'TimestampConverter', 'HeaderFrom', 'SetSchemaMetadata'];
  const singles = ['ValueToKey', 'RegexRouter', 'TimestampRouter', 'Filter', 'InsertHeader', 'DropHeaders'];
  const names = [
    ...variants.flatMap((v) => [`${kafka}${v}$Key`, `${kafka}${v}$Value`]),
    ...singles.map((s) => kafka + s),
  ];

  it.each(names)('%s resolves (full name and short alias) to a transformation', async (name) => {
    const reg = await registry();
    const d = reg.resolve(name, ['transformation']);
    expect(d.className).toBe(name);
    expect(d.kind).toBe('transformation');
    expect(reg.resolve(name.slice(kafka.length), ['transformation'])).toBe(d);
    const t = d.create() as Transformation;
    expect(typeof t.apply).toBe('function');
    expect(t.config()).toBe(d.configDef);
    expect(t.version!()).toBe(d.version);
  });

  it('resolves the predicates and Debezium unwrap', async () => {
    const reg = await registry();
    for (const p of ['TopicNameMatches', 'HasHeaderKey', 'RecordIsTombstone']) {
      expect(reg.resolve(`${kafka}predicates.${p}`, ['predicate']).kind).toBe('predicate');
      expect(reg.resolve(p, ['predicate']).className).toBe(`${kafka}predicates.${p}`);
    }
    expect(reg.resolve('io.debezium.transforms.ExtractNewRecordState', ['transformation']).className).toBe('io.debezium.transforms.ExtractNewRecordState');
    expect(reg.resolve('ExtractNewRecordState', ['transformation']).className).toBe('io.debezium.transforms.ExtractNewRecordState');
  });

  it('lists 27 built-in transformations and 3 predicates', async () => {
    const reg = await registry();
    expect(reg.list(['transformation']).filter((d) => d.className.startsWith(kafka) || d.className.startsWith('io.debezium.'))).toHaveLength(27);
    expect(reg.list(['predicate'])).toHaveLength(3);
  });

  it('suggests the closest class for a typo', async () => {
    const reg = await registry();
    expect(() => reg.resolve(`${kafka}ReplaceFeild$Value`, ['transformation'])).toThrow(/Did you mean: org\.apache\.kafka\.connect\.transforms\.ReplaceField\$Value/);
  });
});
