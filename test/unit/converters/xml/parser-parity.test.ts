/** xml.parser=saxes must read every document as xml.parser=fast-xml-parser does (the documented exceptions aside). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConversionError } from '../../../../src/api/errors.js';
import { bytes, FIXTURES, xmlConverter } from './xml-test-kit.js';

const documents = [
  '<order id="7"><item>a</item><item>b</item><note>hi</note></order>',
  '<r><price currency="EUR">9.5</price><empty/><b></b><c>   </c></r>',
  '<r><big>12345678901234567890</big><zip>007</zip><dec>1.5</dec><yes>true</yes></r>',
  '<r><c><![CDATA[<b>bold</b> & more]]></c><e>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &apos;s&apos;</e><n>&#65;&#x42;&#x1F600;</n><u>Zoë 東京 😀</u></r>',
  '<p>Hello <b>world</b>, again</p>',
  '<ns:a xmlns:ns="urn:x" ns:k="v"><ns:b>1</ns:b><c>2</c><!-- c --><?pi x?></ns:a>',
  '<?xml version="1.0"?>\n<root>42</root>\n',
  '<a hasOwnProperty="x"><toString>1</toString><toString>2</toString><valueOf/></a>',
  '<r><a>&amp;#65; &amp;lt;</a><b x="&amp;#66;"/></r>',
];

const configs = [
  {},
  { 'xml.attribute.prefix': '@', 'xml.namespace.prefixes': 'keep', 'xml.infer.types': false },
  { 'xml.array.elements': 'item,b', 'xml.doc.flat.enable': true },
];

describe('xml.parser=saxes reads like fast-xml-parser', () => {
  it.each(documents)('%s', (xml) => {
    for (const config of configs) {
      const fxp = xmlConverter(config).toConnectData('t', undefined, bytes(xml));
      const saxes = xmlConverter({ ...config, 'xml.parser': 'saxes' }).toConnectData('t', undefined, bytes(xml));
      expect(saxes).toEqual(fxp);
    }
  });

  it('the XSD-typed fixture and its embedded-XSD round trip', () => {
    const xml = readFileSync(join(FIXTURES, 'order.xml'), 'utf8');
    const config = { 'xsd.schema.path': join(FIXTURES, 'order.xsd') };
    const fxp = xmlConverter(config).toConnectData('t', undefined, bytes(xml));
    const saxes = xmlConverter({ ...config, 'xml.parser': 'saxes' });
    expect(saxes.toConnectData('t', undefined, bytes(xml))).toEqual(fxp);
    const written = saxes.fromConnectData('t', undefined, fxp.schema, fxp.value)!;
    expect(xmlConverter({ 'xml.parser': 'saxes' }).toConnectData('t', undefined, written).value).toEqual(fxp.value);
  });

  it.each(['<a>\n  <b>1</a>', '<a><b>1</b>', '<a>x & y</a>', '<a/><b/>', 'hello', '<a x="1" x="2"/>', '<r><c>&copy;</c></r>'])(
    'malformed %j is a ConversionError with a position',
    (xml) => {
      const c = xmlConverter({ 'xml.parser': 'saxes' });
      expect(() => c.toConnectData('t', undefined, bytes(xml))).toThrow(ConversionError);
      expect(() => c.toConnectData('t', undefined, bytes(xml))).toThrow(/malformed XML: .*\(line \d+, column \d+\)/);
    },
  );
});

describe('where the parsers differ (documented)', () => {
  it('saxes accepts <constructor>, fast-xml-parser refuses it; saxes refuses DOCTYPE entities, fast-xml-parser expands them', () => {
    const ctor = '<a><constructor>1</constructor></a>';
    expect(xmlConverter({ 'xml.parser': 'saxes' }).toConnectData('t', undefined, bytes(ctor)).value).toEqual({ constructor: 1 });
    expect(() => xmlConverter().toConnectData('t', undefined, bytes(ctor))).toThrow(ConversionError);
    const dtd = '<!DOCTYPE r [<!ENTITY co "ACME">]><r><c>&co;</c></r>';
    expect(xmlConverter().toConnectData('t', undefined, bytes(dtd)).value).toEqual({ c: 'ACME' });
    expect(() => xmlConverter({ 'xml.parser': 'saxes' }).toConnectData('t', undefined, bytes(dtd))).toThrow(/undefined entity/);
  });
});

describe('__proto__', () => {
  it('an attribute named __proto__ is an error with either parser, never a prototype change', () => {
    for (const parser of ['fast-xml-parser', 'saxes']) {
      expect(() => xmlConverter({ 'xml.parser': parser }).toConnectData('t', undefined, bytes('<a __proto__="x"><b>1</b></a>'))).toThrow(ConversionError);
    }
  });
});
