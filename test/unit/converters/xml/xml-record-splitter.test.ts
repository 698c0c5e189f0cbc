import { describe, expect, it } from 'vitest';
import { XmlRecordSplitter } from '../../../../converters/xml/xml-record-splitter.js';
import { SchemalessReader } from '../../../../converters/xml/schemaless-reader.js';
import { XmlDocumentParser, XmlSyntaxError } from '../../../../converters/xml/xml-document-parser.js';

const reader = new SchemalessReader({ attributePrefix: '@', textField: '#text', inferTypes: false, arrayElements: [], flat: false });

function split(xml: string, path: string[], cuts: number[] = [], strip = true, skip = 0) {
  const s = new XmlRecordSplitter(path, strip, skip);
  let at = 0;
  for (const c of [...cuts, xml.length]) {
    s.push(xml.slice(at, c));
    at = c;
  }
  s.end();
  return s;
}

const documents = [
  '<a x="1"><b>1</b><b>2</b><c/><d y="2">t &amp; &#x41;</d><e><![CDATA[<raw>]]></e>\n  mixed <f>z</f> tail</a>',
  '<ns:a xmlns:ns="urn:x" ns:k="v"><ns:b>1</ns:b><c>2</c><!-- c --><?pi x?></ns:a>',
  '<a><toString>2</toString><toString>3</toString><valueOf/></a>',
  '<a>  just text  </a>',
  '<a/>',
];

describe('XmlRecordSplitter', () => {
  it.each(documents)('builds the same content as fast-xml-parser for %s', (xml) => {
    for (const strip of [true, false]) {
      const expected = new XmlDocumentParser(strip).parse(xml);
      const s = split(xml, [expected.rootName], [], strip);
      expect(s.records).toHaveLength(1);
      expect(reader.element(s.records[0]!.content, '', 'a')).toEqual(reader.element(expected.content, '', 'a'));
    }
  });

  it('emits the elements at the record path, with their index, ignoring everything else', () => {
    const xml = '<orders><meta><order>not a record</order></meta><order id="1"><n>a</n></order><order id="2"/><x/><order id="3"/></orders>';
    const s = split(xml, ['orders', 'order']);
    expect(s.records.map((r) => [r.index, r.name, reader.element(r.content, '', r.name)])).toEqual([
      [0, 'order', { '@id': '1', n: 'a' }], [1, 'order', { '@id': '2' }], [2, 'order', { '@id': '3' }],
    ]);
    expect(s.count).toBe(3);
    expect(s.complete).toBe(true);
  });

  it('matches "*" and namespace-prefixed names (stripped by default)', () => {
    const xml = '<p:feed xmlns:p="urn:p"><p:day><p:item>1</p:item></p:day><p:night><p:item>2</p:item></p:night></p:feed>';
    expect(split(xml, ['feed', '*', 'item']).records.map((r) => r.content)).toEqual(['1', '2']);
    expect(split(xml, ['p:feed', 'p:day', 'p:item'], [], false).records.map((r) => r.content)).toEqual(['1']);
  });

  it('gives the same records wherever the input is cut into chunks', () => {
    const xml = '<r><i k="é">1 &amp; 2</i><i><![CDATA[x]]>y</i><i>😀</i></r>';
    const whole = split(xml, ['r', 'i']).records;
    for (let cut = 1; cut < xml.length; cut++) {
      expect(split(xml, ['r', 'i'], [cut]).records).toEqual(whole);
    }
  });

  it('skips the first n records without building them', () => {
    const s = split('<r><i>1</i><i>2</i><i>3</i></r>', ['r', 'i'], [], true, 2);
    expect(s.records.map((r) => [r.index, r.content])).toEqual([[2, '3']]);
  });

  it('reports malformed input with line and column, and an unfinished document at the end', () => {
    expect(() => split('<r>\n<i>1</i>\n<i>2</j></r>', ['r', 'i'])).toThrow(XmlSyntaxError);
    expect(() => split('<r>\n<i>1</i>\n<i>2</j></r>', ['r', 'i'])).toThrow(/line 3, column \d+/);
    expect(() => split('<r><i>1</i>', ['r', 'i'])).toThrow(/malformed XML/);
  });
});

describe('XmlRecordSplitter and mismatched end tags', () => {
  it('does not hand out a record that only a wrong end tag closed', () => {
    const s = new XmlRecordSplitter(['r', 'i'], true);
    expect(() => s.push('<r><i>1</i><i>2</r>')).toThrow(XmlSyntaxError);
    expect(s.records.map((r) => r.content)).toEqual(['1']);
  });
});

describe('XmlStreamDecoder', () => {
  it('decodes the declared encoding across any chunking, holding bytes until the declaration is readable', async () => {
    const { XmlStreamDecoder } = await import('../../../../converters/xml/xml-text-decoder.js');
    const text = '<?xml version="1.0" encoding="UTF-16LE"?><r><i>東京 😀</i></r>';
    const bytes = Buffer.from(text, 'utf16le');
    for (const size of [1, 3, 7, 300]) {
      const d = new XmlStreamDecoder();
      let out = '';
      for (let at = 0; at < bytes.length; at += size) out += d.push(bytes.subarray(at, at + size));
      out += d.end();
      expect(out).toBe(text);
    }
  });
});
