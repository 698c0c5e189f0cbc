import { describe, expect, it } from 'vitest';
import { ConversionError } from '../../../../src/api/errors.js';
import { bytes, text, xmlConverter } from './xml-test-kit.js';

const read = (xml: string, configs: Record<string, unknown> = {}) => xmlConverter(configs).toConnectData('t', undefined, bytes(xml)).value;

describe('XmlConverter without an XSD (schemaless)', () => {
  it('maps child elements to keys, repeated elements to arrays and attributes to keys (IBM: no prefix)', () => {
    const r = xmlConverter().toConnectData('t', undefined, bytes('<order id="7"><item>a</item><item>b</item><note>hi</note></order>'));
    expect(r.schema).toBeNull();
    expect(r.value).toEqual({ id: 7, item: ['a', 'b'], note: 'hi' });
  });

  it('puts text beside attributes under "entry" (IBM) or the configured key, with the configured attribute prefix', () => {
    expect(read('<r><price currency="EUR">9.5</price></r>')).toEqual({ price: { currency: 'EUR', entry: 9.5 } });
    expect(read('<r><price currency="EUR">9.5</price></r>', { 'xml.attribute.prefix': '@', 'xml.text.field.name': 'value' }))
      .toEqual({ price: { '@currency': 'EUR', value: 9.5 } });
  });

  it('keeps integers of any size exact and only types text that reads back unchanged', () => {
    const v = read('<r><big>12345678901234567890</big><safe>9007199254740991</safe><neg>-42</neg><zip>007</zip><dec>1.5</dec>' +
      '<dec2>1.10</dec2><exp>1e3</exp><yes>true</yes><word>True</word><minus0>-0</minus0><int32>2147483648</int32></r>') as Record<string, unknown>;
    expect(v).toEqual({
      big: 12345678901234567890n, safe: 9007199254740991, neg: -42, zip: '007', dec: 1.5, dec2: '1.10', exp: '1e3',
      yes: true, word: 'True', minus0: '-0', int32: 2147483648,
    });
  });

  it('keeps all text as strings with xml.infer.types=false', () => {
    expect(read('<r a="1"><b>true</b><c>12</c></r>', { 'xml.infer.types': false })).toEqual({ a: '1', b: 'true', c: '12' });
  });

  it('makes configured elements arrays even when they occur once, by name or by path', () => {
    expect(read('<orders><order><item>1</item></order></orders>', { 'xml.array.elements': 'item' })).toEqual({ order: { item: [1] } });
    expect(read('<orders><order><item>1</item></order></orders>', { 'xml.array.elements': 'orders/order' })).toEqual({ order: [{ item: 1 }] });
    expect(read('<a><x><item>1</item></x><y><item>2</item></y></a>', { 'xml.array.elements': 'y/item' })).toEqual({ x: { item: 1 }, y: { item: [2] } });
  });

  it('reads CDATA, entities, character references and unicode as text', () => {
    const v = read('<r><c><![CDATA[<b>bold</b> & more]]></c><e>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &apos;s&apos;</e>' +
      '<n>&#65;&#x42;&#x1F600;</n><u>Zoë 東京 😀</u></r>');
    expect(v).toEqual({ c: '<b>bold</b> & more', e: 'a < b && c > d "q" \'s\'', n: 'AB😀', u: 'Zoë 東京 😀' });
  });

  it('reads empty elements as "" and an empty root as an empty map', () => {
    expect(read('<r><a/><b></b><c>   </c></r>')).toEqual({ a: '', b: '', c: '' });
    expect(read('<r/>')).toEqual({});
  });

  it('mixed content: text pieces are joined and trimmed under the text key, children stay fields', () => {
    expect(read('<p>Hello <b>world</b>, again</p>')).toEqual({ entry: 'Hello , again', b: 'world' });
  });

  it('strips namespace prefixes by default and keeps them (with xmlns attributes) when asked', () => {
    const xml = '<ns:a xmlns:ns="urn:x" ns:k="v"><ns:b>1</ns:b><c>2</c></ns:a>';
    expect(read(xml)).toEqual({ b: 1, c: 2, k: 'v' });
    expect(read(xml, { 'xml.namespace.prefixes': 'keep', 'xml.attribute.prefix': '@' })).toEqual({
      'ns:b': 1, c: 2, '@xmlns:ns': 'urn:x', '@ns:k': 'v',
    });
  });

  it('reads a text-only root as a map, or as the value itself with xml.doc.flat.enable', () => {
    expect(read('<root>42</root>')).toEqual({ entry: 42 });
    expect(read('<root>42</root>', { 'xml.doc.flat.enable': true })).toBe(42);
  });

  it('refuses an attribute and a child element that would share a key', () => {
    expect(() => read('<r id="1"><id>2</id></r>')).toThrow(/both map to the key 'id'.*xml\.attribute\.prefix/);
    expect(read('<r id="1"><id>2</id></r>', { 'xml.attribute.prefix': '@' })).toEqual({ id: 2, '@id': 1 });
  });

  it('null and empty bytes read as null', () => {
    const c = xmlConverter();
    expect(c.toConnectData('t', undefined, null)).toEqual({ schema: null, value: null });
    expect(c.toConnectData('t', undefined, new Uint8Array(0))).toEqual({ schema: null, value: null });
  });
});

describe('malformed XML', () => {
  const cases: [string, string, RegExp][] = [
    ['mismatched tags', '<a>\n  <b>1</a>', /line 2, column \d+/],
    ['unclosed root', '<a><b>1</b>', /Unclosed tag 'a'.*line 1/],
    ['bare ampersand', '<a>x & y</a>', /line 1, column 6/],
    ['two roots', '<a/><b/>', /more than one root element/],
    ['not XML at all', 'hello', /malformed XML/],
    ['repeated attribute', '<a x="1" x="2"/>', /repeated/],
  ];
  it.each(cases)('%s is a ConversionError naming the topic, partition, offset and position', (_name, xml, message) => {
    const c = xmlConverter();
    let err: unknown;
    try {
      c.toConnectData('orders', undefined, bytes(xml), { partition: 2, offset: 41 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConversionError);
    const ce = err as ConversionError;
    expect(ce.message).toMatch(/Converting XML from topic 'orders'/);
    expect(ce.message).toMatch(message);
    expect([ce.topic, ce.partition, ce.offset]).toEqual(['orders', 2, 41]);
  });

  it('bytes that are not UTF-8 (and declare no other encoding) are a ConversionError', () => {
    const c = xmlConverter();
    expect(() => c.toConnectData('t', undefined, new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(ConversionError);
    expect(() => c.toConnectData('t', undefined, new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(/not valid utf-8 \(the document declares no other encoding\)/);
    expect(() => c.toConnectData('t', undefined, bytes('<?xml version="1.0" encoding="x-no-such"?><a/>'))).toThrow(/declares encoding "x-no-such"/);
  });

  it('a bad record does not disturb the next good one (no state carried over)', () => {
    const c = xmlConverter();
    const docs = ['<a><n>1</n></a>', '<a><n>2</n>', '<a><n>3</n></a>'];
    const out: unknown[] = [];
    for (const d of docs) {
      try {
        out.push(c.toConnectData('t', undefined, bytes(d)).value);
      } catch (err) {
        out.push((err as Error).name);
      }
    }
    expect(out).toEqual([{ n: 1 }, 'ConversionError', { n: 3 }]);
    expect(text(c.fromConnectData('t', undefined, null, { n: 3 }))).toBe('<?xml version="1.0" encoding="UTF-8"?><root><n>3</n></root>');
  });
});

describe('element names that are Object.prototype members', () => {
  it('keeps <toString>, <hasOwnProperty> and <valueOf> as written (fast-xml-parser would rename them)', () => {
    const v = xmlConverter().toConnectData('t', undefined, bytes('<a hasOwnProperty="x"><toString>1</toString><toString>2</toString><valueOf/></a>')).value;
    expect(v).toEqual({ toString: [1, 2], valueOf: '', hasOwnProperty: 'x' });
  });

  it('refuses <constructor> and <__proto__> with a ConversionError (fast-xml-parser rejects them)', () => {
    expect(() => xmlConverter().toConnectData('t', undefined, bytes('<a><constructor>1</constructor></a>'))).toThrow(ConversionError);
  });
});

describe('entities', () => {
  it('decodes in one pass: &amp;#65; is the text "&#65;", not "A"', () => {
    expect(read('<r><a>&amp;#65; &amp;lt;</a><b x="&amp;#66;"/></r>')).toEqual({ a: '&#65; &lt;', b: { x: '&#66;' } });
  });

  it('expands entities declared in the internal DOCTYPE subset, and rejects undeclared ones', () => {
    expect(read('<!DOCTYPE r [<!ENTITY co "ACME and Sons">]><r><c>&co;</c></r>')).toEqual({ c: 'ACME and Sons' });
    expect(() => read('<r><c>&copy;</c></r>')).toThrow(/undefined entity &copy;/);
    expect(() => read('<r><c>&#0;</c></r>')).toThrow(ConversionError);
  });
});

describe('encodings (BOM, then the XML declaration, else UTF-8)', () => {
  const c = xmlConverter();
  it('reads ISO-8859-1 and windows-1252 documents as they declare', () => {
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x80]), Buffer.from('</a>')]);
    expect(c.toConnectData('t', undefined, latin1).value).toEqual({ entry: 'Zoë \u0080' });
    const cp1252 = Buffer.concat([Buffer.from("<?xml version='1.0' encoding='windows-1252'?><a>"), Buffer.from([0x80, 0x93, 0x94]), Buffer.from('</a>')]);
    expect(c.toConnectData('t', undefined, cp1252).value).toEqual({ entry: '€“”' });
  });

  it('reads UTF-16 with a byte-order mark, and UTF-8 with one', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>東京</a>', 'utf16le')]);
    expect(c.toConnectData('t', undefined, le).value).toEqual({ entry: '東京' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(c.toConnectData('t', undefined, Buffer.concat([Buffer.from([0xfe, 0xff]), be])).value).toEqual({ entry: '東京' });
    expect(c.toConnectData('t', undefined, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>x</a>')])).value).toEqual({ entry: 'x' });
  });
});
