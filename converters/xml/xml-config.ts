/**
 * The XmlConverter's keys: IBM kafka-connect-xml-converter's names where IBM has one (`schemas.enable`,
 * `root.element.name`, `xsd.schema.path`, `xml.doc.flat.enable`), Tributary's own `xml.*` keys for what IBM
 * fixes in code. The FromXml/ToXml SMTs and the XML connectors reuse these declarations.
 */
import { converterTypeConfigDef } from '../../src/api/converter.js';
import { defineConfig, type ConfigOf } from '../../src/api/config/define-config.js';
import { listOf, nonEmptyString, oneOf, regex } from '../../src/api/config/validators.js';

const XML_NAME = /[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?/;

/** The keys that shape XML ⇄ Connect mapping (no `converter.type`): shared by the converter, SMTs and connectors. */
export const xmlFormatConfigDef = defineConfig({
  'schemas.enable': {
    type: 'boolean',
    default: true,
    importance: 'high',
    doc: 'Parsing: type values by an XSD (xsd.schema.path, else one embedded in the document) and return a struct with a schema. Writing: embed an XSD generated from the struct schema as the first child of the root element.',
  },
  'root.element.name': {
    type: 'string',
    default: 'root',
    validator: regex(XML_NAME),
    importance: 'medium',
    doc: 'Root element written when the value schema has no name that is a valid XML name (and for schemaless values).',
  },
  'xsd.schema.path': {
    type: 'string',
    default: null,
    importance: 'medium',
    doc: 'Local path of an XSD that types parsed documents (used when schemas.enable=true).',
  },
  'xml.doc.flat.enable': {
    type: 'boolean',
    default: false,
    importance: 'low',
    doc: 'Parsing without XSD: a root element that holds only text (<root>42</root>) gives that value itself instead of a map.',
  },
  'xml.attribute.prefix': {
    type: 'string',
    default: '',
    importance: 'medium',
    doc: "Prefix of the keys that attributes become in schemaless values (IBM: none). With a non-empty prefix, writing turns such keys back into attributes, so documents round-trip exactly.",
  },
  'xml.text.field.name': {
    type: 'string',
    default: 'entry',
    validator: nonEmptyString,
    importance: 'low',
    doc: 'Key that holds the text of an element that also has attributes or child elements (IBM: entry).',
  },
  'xml.array.elements': {
    type: 'list',
    default: [],
    validator: listOf(regex(/[^\s]+/)),
    importance: 'medium',
    doc: 'Elements that are always arrays in schemaless values, even with one occurrence: element names (item) or slash paths from the root (order/items/item).',
  },
  'xml.infer.types': {
    type: 'boolean',
    default: true,
    importance: 'medium',
    doc: 'Schemaless parsing: text that reads back unchanged as a boolean or number becomes one (integers of any size stay exact); other text stays a string. false keeps all text as strings.',
  },
  'xml.parser': {
    type: 'string',
    default: 'fast-xml-parser',
    validator: oneOf('fast-xml-parser', 'saxes'),
    importance: 'low',
    doc: 'Parser for whole documents: fast-xml-parser (validated first), or saxes (strict streaming parser, several times faster on small documents; does not expand DOCTYPE-declared entities).',
  },
  'xml.namespace.prefixes': {
    type: 'string',
    default: 'strip',
    validator: oneOf('strip', 'keep'),
    importance: 'low',
    doc: "strip: names lose their namespace prefix and xmlns declarations are dropped. keep: names keep their prefix (ns:item) and xmlns declarations are kept as attributes, so writing restores them.",
  },
});
export type XmlFormatConfig = ConfigOf<typeof xmlFormatConfigDef>;

/** The XmlConverter's ConfigDef: Kafka's `converter.type` plus the XML keys. */
export const xmlConverterConfigDef = converterTypeConfigDef.merge(xmlFormatConfigDef);
export type XmlConverterConfig = ConfigOf<typeof xmlConverterConfigDef>;
