import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConversionError, ConfigError } from '../../../../src/api/errors.js';
import { logicalTypeOf } from '../../../../src/api/logical-types.js';
import type { Schema } from '../../../../src/api/schema.js';
import { bytes, FIXTURES, xmlConverter } from './xml-test-kit.js';

const orderXsd = join(FIXTURES, 'order.xsd');
const orderXml = readFileSync(join(FIXTURES, 'order.xml'), 'utf8');
const c = xmlConverter({ 'xsd.schema.path': orderXsd });
const read = (xml: string) => c.toConnectData('orders', undefined, bytes(xml), { partition: 0, offset: 9 });
const field = (s: Schema, name: string) => s.fields!.find((f) => f.name === name)!.schema;

function xsdFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xsd-'));
  const path = join(dir, 's.xsd');
  writeFileSync(path, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${body}</xs:schema>`);
  return path;
}

describe('XSD-typed conversion (xsd.schema.path)', () => {
  const { schema, value } = read(orderXml);

  it('derives a struct schema named after the root element, fields in XSD order (elements, then attributes, as IBM)', () => {
    expect(schema!.type).toBe('struct');
    expect(schema!.name).toBe('order');
    expect(schema!.fields!.map((f) => f.name)).toEqual([
      'customer', 'line', 'tag', 'note', 'placed', 'due', 'cutoff', 'total', 'paid', 'signature', 'pickup', 'delivery', 'createdBy', 'id', 'channel',
    ]);
    expect(field(schema!, 'id')).toMatchObject({ type: 'int64', optional: false, parameters: { 'xml.attribute': 'true' } });
    expect(field(schema!, 'channel')).toMatchObject({ type: 'string', optional: true });
    expect(field(schema!, 'line')).toMatchObject({ type: 'array', optional: false });
    expect(field(schema!, 'tag')).toMatchObject({ type: 'array', optional: true });
    expect(field(schema!, 'pickup').optional).toBe(true); // choice members are optional
    expect(logicalTypeOf(field(schema!, 'placed'))).toBe('Timestamp');
    expect(logicalTypeOf(field(schema!, 'due'))).toBe('Date');
    expect(logicalTypeOf(field(schema!, 'cutoff'))).toBe('Time');
    expect(field(schema!, 'total')).toMatchObject({ type: 'bytes', name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '2' } });
    const line = field(schema!, 'line').valueSchema!;
    expect(line.fields!.map((f) => [f.name, f.schema.type])).toEqual([
      ['sku', 'string'], ['qty', 'int32'], ['price', 'struct'], ['weight', 'float32'], ['serial', 'int64'], ['small', 'int8'], ['medium', 'int16'],
    ]);
    expect(field(line, 'price').fields!.map((f) => [f.name, f.schema.type])).toEqual([['entry', 'float64'], ['currency', 'string']]);
  });

  it('types every value, keeps a repeatable element with one occurrence an array, and optional absences null', () => {
    expect(value).toEqual({
      customer: { name: 'Zoë & Søren 東京', vip: null },
      line: [{ sku: 'A-1', qty: 2, price: { entry: 9.5, currency: 'EUR' }, weight: null, serial: 18446744073709551n, small: -7, medium: null }],
      tag: null,
      note: null,
      placed: new Date('2024-03-01T08:15:30.250Z'),
      due: new Date('2024-02-29T00:00:00Z'),
      cutoff: null,
      total: '19.00',
      paid: true,
      signature: Buffer.from([0, 1, 2, 255]),
      pickup: null,
      delivery: { street: '1 Main St', city: 'Springfield' },
      createdBy: null,
      id: 9007199254740993n,
      channel: 'web',
    });
    expect(Object.keys(value as object)).toEqual(schema!.fields!.map((f) => f.name));
  });

  it('supports complexContent extension (base fields first)', () => {
    const r = read('<shipment><to><street>s</street><city>c</city><zip>z</zip></to></shipment>');
    expect(r.schema!.name).toBe('shipment');
    expect(r.value).toEqual({ to: { street: 's', city: 'c', zip: 'z' } });
  });

  const mismatches: [string, string, RegExp][] = [
    ['an undeclared element', orderXml.replace('</customer>', '<bogus/></customer>'), /order\/customer: element <bogus> is not declared/],
    ['an undeclared attribute', orderXml.replace('channel="web"', 'channel="web" color="red"'), /attribute 'color' is not declared/],
    ['a missing required element', orderXml.replace('<paid>1</paid>', ''), /missing required element <paid>/],
    ['a missing required attribute', orderXml.replace('id="9007199254740993"', ''), /missing required attribute 'id'/],
    ['an int out of range (IBM saturates)', orderXml.replace('<qty>2</qty>', '<qty>2147483648</qty>'), /order\/line\[0\]\/qty: '2147483648' is not a valid xs:int \(out of range/],
    ['a non-repeatable element twice', orderXml.replace('<paid>1</paid>', '<paid>1</paid><paid>0</paid>'), /<paid> occurs 2 times/],
    ['too many fraction digits', orderXml.replace('<total>19.00</total>', '<total>19.001</total>'), /more than 2 fraction digits/],
    ['a bad date', orderXml.replace('2024-02-29', '2023-02-29'), /not a valid xs:date/],
    ['an undeclared root', '<invoice/>', /root element <invoice> is not declared in the XSD \(it declares <order>, <note>, <shipment>\)/],
  ];
  it.each(mismatches)('%s is a ConversionError naming the path', (_name, xml, message) => {
    let err: unknown;
    try {
      read(xml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConversionError);
    expect((err as Error).message).toMatch(message);
    expect((err as ConversionError).offset).toBe(9);
  });

  it('skips undeclared elements where the type has xs:any', () => {
    expect(read(orderXml.replace('<paid>1</paid>', '<paid>1</paid><extra>x</extra>')).value).toEqual(value);
  });

  it('ignores namespace declarations and xsi:* attributes on any element, and reads xsi:nil as null', () => {
    const xml = orderXml.replace('<customer>', '<customer xmlns:foo="urn:foo" xsi:type="Customer">').replace('<cutoff', '<x').replace('<due>2024-02-29</due>', '<due xsi:nil="true"/>');
    expect((read(xml).value as Record<string, unknown>)['due']).toBeNull();
  });

  it('reads xs:time with a zone, unsigned and float types', () => {
    const path = xsdFile('<xs:element name="r"><xs:complexType><xs:sequence><xs:element name="t" type="xs:time"/><xs:element name="u" type="xs:unsignedInt"/>' +
      '<xs:element name="f" type="xs:double" maxOccurs="3"/><xs:element name="h" type="xs:hexBinary"/><xs:element name="i" type="xs:integer"/></xs:sequence></xs:complexType></xs:element>');
    const r = xmlConverter({ 'xsd.schema.path': path }).toConnectData('t', undefined,
      bytes('<r><t>10:00:00.5+01:00</t><u>4294967295</u><f>INF</f><f>-1.5E2</f><f>NaN</f><h>0AFF</h><i> 12 </i></r>'));
    expect(r.value).toEqual({ t: new Date('1970-01-01T09:00:00.500Z'), u: 4294967295, f: [Infinity, -150, NaN], h: '0AFF', i: 12 });
    expect(r.schema!.fields!.map((f) => f.schema.type)).toEqual(['int32', 'int64', 'array', 'string', 'int32']);
  });

  it('a recursive type or an unknown type is a ConfigError at configure time', () => {
    const recursive = xsdFile('<xs:element name="n" type="N"/><xs:complexType name="N"><xs:sequence><xs:element name="n" type="N" minOccurs="0"/></xs:sequence></xs:complexType>');
    const conv = xmlConverter({ 'xsd.schema.path': recursive });
    expect(() => conv.toConnectData('t', undefined, bytes('<n/>'))).toThrow(/recursive/);
    expect(() => xmlConverter({ 'xsd.schema.path': '/nonexistent/x.xsd' })).toThrow(ConfigError);
    const unknown = xsdFile('<xs:element name="a" type="xs:nope"/>');
    expect(() => xmlConverter({ 'xsd.schema.path': unknown }).toConnectData('t', undefined, bytes('<a>1</a>'))).toThrow(/'nope' is neither declared/);
  });

  it('reads xs:include and xs:import files relative to the XSD (each once) and matches namespaced documents by local name', () => {
    const conv = xmlConverter({ 'xsd.schema.path': join(FIXTURES, 'include', 'main.xsd') });
    const r = conv.toConnectData('t', undefined, bytes('<s:customer xmlns:s="urn:shop" xmlns:a="urn:address"><s:id>12345678901234567</s:id><s:home><a:city>Oslo</a:city></s:home></s:customer>'));
    expect(r.value).toEqual({ id: 12345678901234567n, home: { city: 'Oslo', zip: null } });
    expect(r.schema!.fields!.map((f) => [f.name, f.schema.type])).toEqual([['id', 'int64'], ['home', 'struct']]);
    const embedded = '<r><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="x.xsd"/></xs:schema></r>';
    expect(() => xmlConverter().toConnectData('t', undefined, bytes(embedded))).toThrow(/needs the XSD to be read from a file/);
  });

  it('schemas.enable=false ignores xsd.schema.path (schemaless, as IBM)', () => {
    const r = xmlConverter({ 'xsd.schema.path': orderXsd, 'schemas.enable': false }).toConnectData('t', undefined, bytes('<order id="1"><paid>1</paid></order>'));
    expect(r).toEqual({ schema: null, value: { id: 1, paid: 1 } });
  });

  it('reads the same schema object for every document (schemas are interned per XSD)', () => {
    expect(read(orderXml).schema).toBe(schema);
  });
});
