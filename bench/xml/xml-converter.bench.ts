// XmlConverter throughput (records/s and MB/s of XML) beside plain fast-xml-parser on the same documents:
//   XML → Connect (schemaless, and XSD-typed) vs XMLParser.parse (raw, and with XMLValidator first);
//   XML → JSON bytes (XmlConverter + JsonConverter) — what an MQ-XML → Kafka-JSON pipeline pays per record;
//   Connect → XML (schema'd struct, with and without the embedded XSD) vs XMLBuilder.build of the same data;
//   XmlSource's streaming splitter (saxes) over one big document vs XMLParser.parse of the whole text.
// Run: node bin/run-ts.js bench/xml/xml-converter.bench.ts [documents]
// The converter validates every document and decodes entities with its own decoder (fast-xml-parser rebuilds
// its entity tables on every parse), so it can outrun the raw parse it is built on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { JsonConverter } from '../../converters/json-converter.js';
import { XmlConverter } from '../../converters/xml-converter.js';
import { XmlRecordSplitter } from '../../converters/xml/xml-record-splitter.js';

const DOCS = Number(process.argv[2] ?? 20_000);
const ROUNDS = 7;

const XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:element name="order"><xs:complexType><xs:sequence>
  <xs:element name="customer"><xs:complexType><xs:sequence><xs:element name="name" type="xs:string"/><xs:element name="email" type="xs:string"/></xs:sequence>
    <xs:attribute name="tier" type="xs:string"/></xs:complexType></xs:element>
  <xs:element name="line" maxOccurs="unbounded"><xs:complexType><xs:sequence>
    <xs:element name="sku" type="xs:string"/><xs:element name="qty" type="xs:int"/><xs:element name="price" type="xs:double"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="placed" type="xs:dateTime"/><xs:element name="paid" type="xs:boolean"/><xs:element name="note" type="xs:string" minOccurs="0"/>
</xs:sequence><xs:attribute name="id" type="xs:long" use="required"/></xs:complexType></xs:element></xs:schema>`;

function doc(i: number): string {
  let lines = '';
  for (let l = 0; l < 1 + (i % 4); l++) lines += `<line><sku>SKU-${i}-${l}</sku><qty>${1 + (l % 5)}</qty><price>${(9.5 + l).toFixed(2)}</price></line>`;
  return `<?xml version="1.0" encoding="UTF-8"?><order id="${1_000_000 + i}"><customer tier="gold"><name>Customer ${i} &amp; Co</name>` +
    `<email>c${i}@example.com</email></customer>${lines}<placed>2024-03-01T10:15:30Z</placed><paid>${i % 2 === 0}</paid>` +
    (i % 3 === 0 ? '<note><![CDATA[leave at <door>]]></note>' : '') + '</order>';
}

const texts = Array.from({ length: DOCS }, (_, i) => doc(i));
const buffers = texts.map((t) => Buffer.from(t));
const totalBytes = buffers.reduce((n, b) => n + b.length, 0);

interface Case { name: string; bytes: number; n: number; fn: () => void; best: number }
const cases: Case[] = [];
function measure(name: string, bytes: number, n: number, fn: () => void): Case {
  const c = { name, bytes, n, fn, best: Infinity };
  cases.push(c);
  return c;
}
/** Rounds go over every case in turn (so a burst of load on the machine hits all of them), best time kept. */
function runAll(): void {
  for (const c of cases) c.fn(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const t0 = process.hrtime.bigint();
      c.fn();
      c.best = Math.min(c.best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'xml-bench-'));
writeFileSync(join(dir, 'order.xsd'), XSD);
const schemaless = new XmlConverter();
schemaless.configure({ 'schemas.enable': false }, false);
const schemalessSaxes = new XmlConverter();
schemalessSaxes.configure({ 'schemas.enable': false, 'xml.parser': 'saxes' }, false);
const typed = new XmlConverter();
typed.configure({ 'xsd.schema.path': join(dir, 'order.xsd'), 'schemas.enable': false }, false);
const typedEmbed = new XmlConverter();
typedEmbed.configure({ 'xsd.schema.path': join(dir, 'order.xsd') }, false);
const json = new JsonConverter();
json.configure({ 'schemas.enable': true }, false);
const jsonPlain = new JsonConverter();
jsonPlain.configure({ 'schemas.enable': false }, false);
// fast-xml-parser's own defaults, keeping attributes (the converter needs them too).
const fxp = new XMLParser({ ignoreAttributes: false });
const builder = new XMLBuilder({ ignoreAttributes: false });

const typedRead = buffers.map((b) => typed.toConnectData('t', undefined, b));
const fxpObjects = texts.map((t) => fxp.parse(t));
const xmlOut = typedRead.map((r) => typed.fromConnectData('t', undefined, r.schema, r.value)!);
const outBytes = xmlOut.reduce((n, b) => n + b.length, 0);

const rows = [
  measure('baseline: fast-xml-parser XMLParser.parse', totalBytes, DOCS, () => { for (const t of texts) fxp.parse(t); }),
  measure('baseline: XMLValidator.validate + XMLParser.parse', totalBytes, DOCS, () => { for (const t of texts) { XMLValidator.validate(t); fxp.parse(t); } }),
  measure('XmlConverter.toConnectData, schemaless', totalBytes, DOCS, () => { for (const b of buffers) schemaless.toConnectData('t', undefined, b); }),
  measure('XmlConverter.toConnectData, schemaless, xml.parser=saxes', totalBytes, DOCS, () => { for (const b of buffers) schemalessSaxes.toConnectData('t', undefined, b); }),
  measure('XmlConverter.toConnectData, XSD-typed', totalBytes, DOCS, () => { for (const b of buffers) typed.toConnectData('t', undefined, b); }),
  measure('XML → JSON bytes, schemaless (Xml + JsonConverter)', totalBytes, DOCS, () => {
    for (const b of buffers) { const r = schemaless.toConnectData('t', undefined, b); jsonPlain.fromConnectData('t', undefined, r.schema, r.value); }
  }),
  measure('XML → JSON bytes with schema (XSD-typed)', totalBytes, DOCS, () => {
    for (const b of buffers) { const r = typed.toConnectData('t', undefined, b); json.fromConnectData('t', undefined, r.schema, r.value); }
  }),
  measure('baseline: fast-xml-parser XMLBuilder.build', outBytes, DOCS, () => { for (const o of fxpObjects) builder.build(o); }),
  measure('XmlConverter.fromConnectData, struct → XML', outBytes, DOCS, () => { for (const r of typedRead) typed.fromConnectData('t', undefined, r.schema, r.value); }),
  measure('XmlConverter.fromConnectData, + embedded XSD', outBytes, DOCS, () => { for (const r of typedRead) typedEmbed.fromConnectData('t', undefined, r.schema, r.value); }),
];

// One big document of the same orders, split by the source's streaming splitter in 64 KB chunks.
const big = '<orders>' + texts.map((t) => t.slice(t.indexOf('?>') + 2)).join('\n') + '</orders>';
const bigBytes = Buffer.byteLength(big);
rows.push(measure('baseline: XMLParser.parse of the whole document', bigBytes, DOCS, () => { fxp.parse(big); }));
rows.push(measure('XmlSource splitter (saxes), 64 KB chunks', bigBytes, DOCS, () => {
  const s = new XmlRecordSplitter(['orders', 'order'], true);
  for (let at = 0; at < big.length; at += 65536) { s.push(big.slice(at, at + 65536)); s.records.length = 0; }
  s.end();
}));

runAll();
rmSync(dir, { recursive: true, force: true });
console.log(`${DOCS} order documents, ${(totalBytes / DOCS).toFixed(0)} bytes each on average (written: ${(outBytes / DOCS).toFixed(0)}); best of ${ROUNDS}\n`);
console.log('| case | records/s | MB/s |');
console.log('|---|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${Math.round(r.n / r.best).toLocaleString('en-US')} | ${(r.bytes / 1048576 / r.best).toFixed(1)} |`);
