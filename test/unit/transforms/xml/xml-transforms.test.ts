import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, SchemaBuilder, Schemas, sinkRecord, sourceRecord, type ConnectRecord, type Transformation } from '../../../../src/api/index.js';
import { loadPlugins } from '../../../../src/plugins/load-plugins.js';

const FIXTURES = new URL('../../converters/xml/fixtures/', import.meta.url).pathname;

async function transform(name: string, config: Record<string, unknown> = {}): Promise<Transformation> {
  const t = (await loadPlugins()).resolve(name, ['transformation']).create() as Transformation;
  t.configure(config);
  return t;
}

const rec = (o: Partial<ConnectRecord> = {}) =>
  sinkRecord({ topic: 'xml-in', kafkaPartition: 1, kafkaOffset: 77, valueSchema: o.valueSchema ?? null, value: o.value ?? null,
    keySchema: o.keySchema ?? null, key: o.key ?? null });

describe('FromXml / ToXml', () => {
  it('FromXml$Value parses a whole string value (schemaless) and keeps the rest of the record', async () => {
    const t = await transform('FromXml$Value');
    const r = rec({ valueSchema: Schemas.STRING, value: '<o id="1"><item>a</item><item>b</item></o>', key: 'k' });
    const out = t.apply(r)!;
    expect(out).toMatchObject({ topic: 'xml-in', key: 'k', kafkaOffset: 77, valueSchema: null, value: { id: 1, item: ['a', 'b'] } });
    expect(r.value).toBe('<o id="1"><item>a</item><item>b</item></o>');
  });

  it('FromXml$Key parses bytes in the key with an XSD', async () => {
    const t = await transform('io.tributary.connect.transforms.xml.FromXml$Key', { 'xsd.schema.path': join(FIXTURES, 'order.xsd') });
    const out = t.apply(rec({ key: Buffer.from('<note>hello</note>') }))!;
    expect(out.keySchema).toMatchObject({ type: 'string', name: 'note' });
    expect(out.key).toBe('hello');
  });

  it('FromXml on a field of a struct replaces that field and its schema (cached per input schema)', async () => {
    const t = await transform('FromXml$Value', { field: 'payload', 'xsd.schema.path': join(FIXTURES, 'order.xsd') });
    const envelope = SchemaBuilder.struct().name('Envelope').field('source', Schemas.STRING).field('payload', Schemas.OPTIONAL_STRING).build();
    const r1 = t.apply(rec({ valueSchema: envelope, value: { source: 'mq', payload: '<note>one</note>' } }))!;
    const r2 = t.apply(rec({ valueSchema: envelope, value: { source: 'mq', payload: '<note>two</note>' } }))!;
    expect(r1.value).toEqual({ source: 'mq', payload: 'one' });
    expect(r1.valueSchema!.fields!.map((f) => [f.name, f.schema.name, f.schema.optional])).toEqual([['source', undefined, false], ['payload', 'note', true]]);
    expect(r2.valueSchema).toBe(r1.valueSchema);
    expect(t.apply(rec({ valueSchema: envelope, value: { source: 'mq', payload: null } }))!.value).toEqual({ source: 'mq', payload: null });
  });

  it('FromXml on a field of a schema\'d record without an XSD explains what to set', async () => {
    const t = await transform('FromXml$Value', { field: 'payload' });
    const s = SchemaBuilder.struct().field('payload', Schemas.STRING).build();
    expect(() => t.apply(rec({ valueSchema: s, value: { payload: '<a>1</a>' } }))).toThrow(/set xsd\.schema\.path/);
  });

  it('malformed XML is a DataError naming the transform, field, topic, partition and offset', async () => {
    const t = await transform('FromXml$Value', { field: 'x', 'transform.alias': 'parseXml' });
    let err: unknown;
    try {
      t.apply(rec({ value: { x: '<a><b></a>' } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/Transform 'parseXml' failed on field 'x' \(topic=xml-in partition=1 offset=77\): malformed XML: .*line 1, column/);
  });

  it('ToXml$Value writes a struct as an XML string; FromXml reads it back', async () => {
    const to = await transform('ToXml$Value', { 'schemas.enable': false });
    const from = await transform('FromXml$Value', { 'xml.infer.types': false });
    const s = SchemaBuilder.struct().name('user').field('id', Schemas.INT32).field('tags', SchemaBuilder.array(Schemas.STRING).build()).build();
    const xml = to.apply(rec({ valueSchema: s, value: { id: 5, tags: ['a', 'b'] } }))!;
    expect(xml.valueSchema).toBe(Schemas.STRING);
    expect(xml.value).toBe('<?xml version="1.0" encoding="UTF-8"?><user><id>5</id><tags>a</tags><tags>b</tags></user>');
    expect(from.apply(xml)!.value).toEqual({ id: '5', tags: ['a', 'b'] });
  });

  it('ToXml on a field turns that field into a STRING and leaves the others', async () => {
    const t = await transform('ToXml$Value', { field: 'body', 'schemas.enable': false, 'root.element.name': 'body' });
    const inner = SchemaBuilder.struct().field('n', Schemas.INT32).optional().build();
    const s = SchemaBuilder.struct().field('id', Schemas.INT32).field('body', inner).build();
    const out = t.apply(rec({ valueSchema: s, value: { id: 1, body: { n: 2 } } }))!;
    expect(out.value).toEqual({ id: 1, body: '<?xml version="1.0" encoding="UTF-8"?><body><n>2</n></body>' });
    expect(out.valueSchema!.fields![1]!.schema).toMatchObject({ type: 'string', optional: true });
  });

  it('null values pass through untouched', async () => {
    const r = rec({ value: null });
    expect((await transform('FromXml$Value')).apply(r)).toBe(r);
    expect((await transform('ToXml$Value')).apply(r)).toBe(r);
  });
});

describe("IBM's XmlTransformation alias", () => {
  it('parses string values and writes structured ones, on the value only', async () => {
    const t = await transform('com.ibm.eventstreams.kafkaconnect.plugins.xml.XmlTransformation', {
      'converter.type': 'value', 'schemas.enable': false, 'root.element.name': 'msg',
    });
    const parsed = t.apply(sourceRecord({ topic: 't', key: '<k/>', value: '<msg><a>1</a></msg>', sourcePartition: null, sourceOffset: null }))!;
    expect(parsed.key).toBe('<k/>');
    expect(parsed.value).toEqual({ a: 1 });
    const written = t.apply(parsed)!;
    expect(written).toMatchObject({ valueSchema: Schemas.STRING, value: '<?xml version="1.0" encoding="UTF-8"?><msg><a>1</a></msg>' });
  });
});
