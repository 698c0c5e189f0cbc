import { describe, expect, it } from 'vitest';
import { ConversionError } from '../../../../src/api/errors.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../../../../src/api/logical-types.js';
import { SchemaBuilder } from '../../../../src/api/schema-builder.js';
import { Schemas } from '../../../../src/api/schemas.js';
import { bytes, text, xmlConverter } from './xml-test-kit.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const write = (schema: unknown, value: unknown, configs: Record<string, unknown> = {}) =>
  text(xmlConverter({ 'schemas.enable': false, ...configs }).fromConnectData('t', undefined, schema as never, value));

describe('XmlConverter.fromConnectData', () => {
  const person = SchemaBuilder.struct().name('Person')
    .field('id', Schemas.INT64)
    .field('name', Schemas.OPTIONAL_STRING)
    .field('tags', SchemaBuilder.array(Schemas.STRING).optional().build())
    .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).optional().build())
    .field('photo', Schemas.OPTIONAL_BYTES)
    .field('born', ConnectDate.builder().optional().build())
    .field('wakes', ConnectTime.builder().optional().build())
    .field('seen', ConnectTimestamp.builder().optional().build())
    .field('balance', Decimal.builder(2).optional().build())
    .field('ratio', Schemas.OPTIONAL_FLOAT64)
    .build();

  it('writes a struct: root from the schema name, fields in order, nulls left out, arrays repeated, maps as entries', () => {
    const xml = write(person, {
      id: 12345678901234567890n, name: 'a<b & "c"', tags: ['x', 'y'], attrs: { k: 1 }, photo: Buffer.from([1, 2]),
      born: new Date('2000-01-02T00:00:00Z'), wakes: new Date('1970-01-01T06:30:00.000Z'), seen: new Date('2024-01-01T00:00:00.5Z'),
      balance: '-1.50', ratio: -Infinity,
    });
    expect(xml).toBe(DECL + '<Person><id>12345678901234567890</id><name>a&lt;b &amp; "c"</name><tags>x</tags><tags>y</tags>' +
      '<attrs><entry><key>k</key><value>1</value></entry></attrs><photo>AQI=</photo><born>2000-01-02</born><wakes>06:30:00.000</wakes>' +
      '<seen>2024-01-01T00:00:00.500Z</seen><balance>-1.50</balance><ratio>-INF</ratio></Person>');
    expect(write(person, { id: 1, name: null })).toBe(DECL + '<Person><id>1</id></Person>');
  });

  it('uses root.element.name when the schema has no name or one that is not an XML name', () => {
    const s = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    expect(write(s, { a: 1 }, { 'root.element.name': 'msg' })).toBe(DECL + '<msg><a>1</a></msg>');
    const bad = SchemaBuilder.struct().name('my schema').field('a', Schemas.INT32).build();
    expect(write(bad, { a: 1 })).toBe(DECL + '<root><a>1</a></root>');
  });

  it('writes schemaless maps, top-level arrays and primitives as IBM does', () => {
    expect(write(null, { a: 1, list: [1, 2], nested: { b: true }, '1bad': 'x' })).toBe(
      DECL + '<root><a>1</a><list>1</list><list>2</list><nested><b>true</b></nested><entry><key>1bad</key><value>x</value></entry></root>');
    expect(write(null, ['a', 'b'])).toBe(DECL + '<root><entry>a</entry><entry>b</entry></root>');
    expect(write(Schemas.STRING, 'hi')).toBe(DECL + '<root>hi</root>');
    expect(write(null, 42n)).toBe(DECL + '<root>42</root>');
  });

  it('turns prefixed keys into attributes and the text key into text (schemaless)', () => {
    expect(write(null, { '@id': 7, entry: 'body', child: 'c' }, { 'xml.attribute.prefix': '@' })).toBe(DECL + '<root id="7">body<child>c</child></root>');
  });

  it('embeds a generated XSD only with schemas.enable=true and a struct schema', () => {
    const s = SchemaBuilder.struct().name('m').field('a', Schemas.INT8).field('b', SchemaBuilder.array(Schemas.FLOAT32).build()).build();
    const xml = text(xmlConverter().fromConnectData('t', undefined, s, { a: 1, b: [] }))!;
    expect(xml).toBe(DECL + '<m xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="#connectSchema">' +
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" id="connectSchema"><xs:element name="m"><xs:complexType><xs:sequence>' +
      '<xs:any namespace="http://www.w3.org/2001/XMLSchema" processContents="skip" minOccurs="0" maxOccurs="1"/>' +
      '<xs:element name="a" type="xs:byte"></xs:element><xs:element name="b" maxOccurs="unbounded" type="xs:float"></xs:element>' +
      '</xs:sequence></xs:complexType></xs:element></xs:schema><a>1</a></m>');
    const back = xmlConverter().toConnectData('t', undefined, bytes(xml));
    expect(back.value).toEqual({ a: 1, b: [] });
    expect(back.schema!.fields!.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([['a', 'int8', false], ['b', 'array', false]]);
    expect(write(Schemas.STRING, 'x', { 'schemas.enable': true })).toBe(DECL + '<root>x</root>');
  });

  it('null stays a tombstone (IBM writes empty bytes)', () => {
    expect(xmlConverter().fromConnectData('t', undefined, person, null)).toBeNull();
  });

  it('values XML cannot carry are a ConversionError', () => {
    expect(() => xmlConverter().fromConnectData('t', undefined, null, { a: 'bell\u0007' })).toThrow(ConversionError);
    const s = SchemaBuilder.struct().name('x').field('has space', Schemas.INT32).build();
    expect(() => xmlConverter().fromConnectData('t', undefined, s, { 'has space': 1 })).toThrow(/not a valid XML element name/);
  });
});

describe('arrays and maps through the embedded XSD', () => {
  const roundTrip = (schema: unknown, value: unknown) => {
    const c = xmlConverter();
    const xml = text(c.fromConnectData('t', undefined, schema as never, value))!;
    return { xml, back: c.toConnectData('t', undefined, bytes(xml)) };
  };

  it('a map field and an array of arrays come back as a map and an array of arrays (connect:type marker)', () => {
    const s = SchemaBuilder.struct().name('m')
      .field('prices', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
      .field('grid', SchemaBuilder.array(SchemaBuilder.array(Schemas.INT32).build()).optional().build())
      .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.OPTIONAL_STRING).optional().build())
      .build();
    const value = { prices: { a: 1.5, 'not a name': 2 }, grid: [[1, 2], [], [3]], byId: new Map([[1, 'x'], [2, null]]) };
    const { xml, back } = roundTrip(s, value);
    expect(xml).toContain('xmlns:connect="urn:tributary:connect"');
    expect(xml).toContain('<prices><entry><key>a</key><value>1.5</value></entry><entry><key>not a name</key><value>2</value></entry></prices>');
    expect(back.schema!.fields!.map((f) => [f.name, f.schema.type, f.schema.keySchema?.type, f.schema.valueSchema?.type])).toEqual([
      ['prices', 'map', 'string', 'float64'], ['grid', 'array', undefined, 'array'], ['byId', 'map', 'int32', 'string'],
    ]);
    expect(back.value).toEqual(value);
  });

  it('a top-level array or map is written under root.element.name with its XSD, and read back', () => {
    const arr = SchemaBuilder.array(Schemas.STRING).build();
    const a = roundTrip(arr, ['list', 'of', 'strings']);
    expect(a.xml).toMatch(/^<\?xml[^>]*\?><root xmlns:xsi=[^>]*><xs:schema[\s\S]*<\/xs:schema><entry>list<\/entry><entry>of<\/entry><entry>strings<\/entry><\/root>$/);
    expect(a.back).toEqual({ schema: arr, value: ['list', 'of', 'strings'] });
    const map = SchemaBuilder.map(Schemas.OPTIONAL_STRING, Schemas.FLOAT64).build();
    expect(roundTrip(map, { first: 1.1, third: 3.3 }).back).toEqual({ schema: map, value: { first: 1.1, third: 3.3 } });
  });

  it("an XSD without the marker (IBM's) keeps <entry> sequences as a struct with an entry array, as IBM does", () => {
    const xml = '<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="#connectSchema">' +
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" id="connectSchema"><xs:element name="root"><xs:complexType><xs:sequence>' +
      '<xs:any processContents="skip" namespace="http://www.w3.org/2001/XMLSchema" minOccurs="0" maxOccurs="1"/>' +
      '<xs:element name="entry" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element></xs:schema>' +
      '<entry>list</entry><entry>of</entry></root>';
    const r = xmlConverter().toConnectData('t', undefined, bytes(xml));
    expect(r.schema!.type).toBe('struct');
    expect(r.value).toEqual({ entry: ['list', 'of'] });
  });
});
