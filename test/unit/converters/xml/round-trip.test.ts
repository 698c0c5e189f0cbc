/**
 * XML → XmlConverter → Kafka bytes (JsonConverter, schemas.enable=true) → JsonConverter → XmlConverter → XML,
 * compared structurally with the input (and the second read compared with the first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../../converters/json-converter.js';
import { schemaEquals } from '../../../../src/api/schema-equals.js';
import { bytes, FIXTURES, structure, text, xmlConverter } from './xml-test-kit.js';

function json(schemasEnable: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': schemasEnable }, false);
  return c;
}

/** The XML after a trip through Kafka as JSON; also returns the two Connect reads. */
function throughKafka(xml: string, xmlConfig: Record<string, unknown>, schemasEnable = true) {
  const conv = xmlConverter(xmlConfig);
  const j = json(schemasEnable);
  const first = conv.toConnectData('t', undefined, bytes(xml));
  const kafkaBytes = j.fromConnectData('t', undefined, first.schema, first.value);
  const back = j.toConnectData('t', undefined, kafkaBytes);
  const out = text(conv.fromConnectData('t', undefined, back.schema, back.value))!;
  const second = conv.toConnectData('t', undefined, bytes(out));
  return { first, back, out, second, kafka: text(kafkaBytes)! };
}

const roundTripConfig = { 'xml.attribute.prefix': '@', 'xml.namespace.prefixes': 'keep', 'root.element.name': 'doc', 'xml.infer.types': false };

const documents: [string, string][] = [
  ['attributes and text', '<doc id="1" kind="a&amp;b"><price currency="EUR">9.50</price><empty/></doc>'],
  ['namespaces', '<doc xmlns="urn:default" xmlns:p="urn:p"><p:item p:code="x">1</p:item><item>2</item></doc>'],
  ['repeated and optional elements', '<doc><line><n>1</n></line><line><n>2</n><opt>x</opt></line><line><n>3</n></line></doc>'],
  ['CDATA and entities', '<doc><c><![CDATA[<b>x</b> & ]]]]><![CDATA[>]]></c><e>&lt;&amp;&gt;&quot;&apos;&#x41;</e><q a="&quot;&lt;&#10;&#9;"/></doc>'],
  ['unicode', '<doc><u lang="ja">東京 Zoë 😀 \u00a0 ∑</u><v>  leading and trailing  </v></doc>'],
  ['carriage returns survive', '<doc><t>a&#13;\nb</t></doc>'],
];

const schemalessCases = documents.flatMap(([name, xml]) => [[`${name} (JSON with schemas.enable=true)`, xml, true], [`${name} (plain JSON)`, xml, false]] as const);

describe('round trip XML → Kafka (JSON) → XML, schemaless', () => {
  it.each(schemalessCases)('%s', (_name, xml, schemasEnable) => {
    const { first, out, second } = throughKafka(xml, roundTripConfig, schemasEnable);
    expect(first.schema).toBeNull();
    expect(structure(out)).toEqual(structure(xml));
    expect(second.value).toEqual(first.value);
  });

  it('keeps integers beyond 2^53 exact through JSON', () => {
    const { first, kafka, out } = throughKafka('<doc><id>12345678901234567890</id></doc>', { 'root.element.name': 'doc' }, false);
    expect(first.value).toEqual({ id: 12345678901234567890n });
    expect(kafka).toBe('{"id":12345678901234567890}');
    expect(structure(out)).toEqual({ id: '12345678901234567890' });
  });
});

describe('round trip XML → Kafka (JSON with schemas) → XML, typed by an XSD', () => {
  const xml = readFileSync(join(FIXTURES, 'order.xml'), 'utf8');
  const config = { 'xsd.schema.path': join(FIXTURES, 'order.xsd') };

  it('keeps the values and the schema, and writes the root element from the schema name', () => {
    const { first, back, out, second } = throughKafka(xml, config);
    expect(schemaEquals(back.schema, first.schema)).toBe(true);
    expect(back.value).toEqual(first.value);
    expect(second.value).toEqual(first.value);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?><order id="9007199254740993" channel="web"')).toBe(true);
  });

  it('writes an embedded XSD (schemas.enable) that a converter without xsd.schema.path reads back to the same schema', () => {
    const { first, out } = throughKafka(xml, config);
    expect(out).toContain('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" id="connectSchema">');
    expect(out).toContain('xsi:noNamespaceSchemaLocation="#connectSchema"');
    const plain = xmlConverter();
    const again = plain.toConnectData('t', undefined, bytes(out));
    expect(schemaEquals(again.schema, first.schema)).toBe(true);
    expect(again.value).toEqual(first.value);
  });

  it('a namespace-prefixed document with CDATA, typed by the XSD by local names, keeps its values (not its prefixes)', () => {
    const nsXml = xml.replace('<order ', '<o:order xmlns:o="urn:orders" ').replace('</order>', '</o:order>')
      .replace('<customer>', '<o:customer>').replace('</customer>', '</o:customer>')
      .replace('<name>Zoë &amp; Søren 東京</name>', '<o:name><![CDATA[Zoë & Søren 東京]]></o:name>');
    const plain = throughKafka(xml, config).first;
    const { first, second, out } = throughKafka(nsXml, config);
    expect(first.value).toEqual(plain.value);
    expect(second.value).toEqual(first.value);
    expect(out).toContain('<customer><name>Zoë &amp; Søren 東京</name></customer>');
  });

  it('the written document matches the input element for element (ignoring the embedded XSD and formatting)', () => {
    const { out } = throughKafka(xml, { ...config, 'schemas.enable': true });
    const noXsd = xmlConverter({ 'xsd.schema.path': join(FIXTURES, 'order.xsd') });
    // Re-write without embedding, then compare the element trees (values normalised by the XSD types).
    const v = noXsd.toConnectData('t', undefined, bytes(out));
    const plainOut = text(xmlConverter({ 'schemas.enable': false }).fromConnectData('t', undefined, v.schema, v.value))!;
    const s = structure(plainOut) as Record<string, unknown>;
    expect(s).toMatchObject({
      '@id': '9007199254740993', '@channel': 'web', customer: { name: 'Zoë & Søren 東京' }, total: '19.00', paid: 'true',
      line: { sku: 'A-1', qty: '2', price: { '@currency': 'EUR', '#text': '9.5' }, serial: '18446744073709551', small: '-7' },
      placed: '2024-03-01T08:15:30.250Z', due: '2024-02-29', signature: 'AAEC/w==', delivery: { street: '1 Main St', city: 'Springfield' },
    });
    expect(Object.keys(s)).not.toContain('note');
  });
});
