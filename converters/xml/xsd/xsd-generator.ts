/**
 * Connect schema → the XSD that XmlConverter embeds as the root's first child when writing with
 * `schemas.enable=true` (IBM's layout: `<xs:schema id="connectSchema">`, the root's sequence starts with an
 * optional `xs:any` in the XSD namespace so the embedded schema validates). Reading such a document with
 * `schemas.enable=true` compiles this XSD back, so struct → XML → struct keeps the schema.
 *
 * Types: int8 → xs:byte, int16 → xs:short, int32 → xs:integer, int64 → xs:long, float32 → xs:float,
 * float64 → xs:double, bytes → xs:base64Binary, Date/Time/Timestamp → xs:date/xs:time/xs:dateTime,
 * Decimal → xs:decimal with fractionDigits = scale; optional → minOccurs="0"; arrays → maxOccurs="unbounded";
 * structs → nested complexTypes; maps → a sequence of `entry` elements holding `key` and `value`, and arrays
 * that are not a struct field's repetition (a top-level array, an array of arrays) → a sequence of `entry`;
 * those complexTypes carry `connect:type="map"|"array"` (namespace urn:tributary:connect), so reading the XSD
 * back gives a map/array again (IBM's converter ignores the attribute and reads a struct with `entry`).
 * Fields with the `xml.attribute`/`xml.text` parameters become attributes / simple or mixed content.
 */
import { decimalScale, logicalTypeOf, type Schema } from '../../../src/api/index.js';
import { escapeAttr } from '../xml-escape.js';
import { CONNECT_XSD_NS, XML_ATTRIBUTE_PARAM, XML_TEXT_PARAM } from './xsd-plan.js';

const ANY = '<xs:any namespace="http://www.w3.org/2001/XMLSchema" processContents="skip" minOccurs="0" maxOccurs="1"/>';

const BASE_TYPES: Readonly<Record<string, string>> = {
  int8: 'xs:byte', int16: 'xs:short', int32: 'xs:integer', int64: 'xs:long', float32: 'xs:float', float64: 'xs:double',
  boolean: 'xs:boolean', string: 'xs:string', bytes: 'xs:base64Binary',
};

/** `attributePrefix` is stripped from attribute field names (the XSD compiler adds it back). */
export function generateXsd(rootName: string, schema: Schema, attributePrefix = ''): string {
  prefix = attributePrefix;
  const marker = usesCollections(schema) ? ` xmlns:connect="${CONNECT_XSD_NS}"` : '';
  return `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"${marker} id="connectSchema"><xs:element name="${escapeAttr(rootName)}">${complexType(schema, true)}</xs:element></xs:schema>`;
}

// Set per call; generation is synchronous, so no other call can observe it mid-way.
let prefix = '';

/** ` type="xs:int"` or an inline simpleType, for a primitive schema. */
function simpleType(schema: Schema): { attr: string; inline: string } {
  switch (logicalTypeOf(schema)) {
    case 'Date': return { attr: ' type="xs:date"', inline: '' };
    case 'Time': return { attr: ' type="xs:time"', inline: '' };
    case 'Timestamp': return { attr: ' type="xs:dateTime"', inline: '' };
    case 'Decimal':
      return { attr: '', inline: `<xs:simpleType><xs:restriction base="xs:decimal"><xs:fractionDigits value="${decimalScale(schema)}"/></xs:restriction></xs:simpleType>` };
    default:
      return { attr: ` type="${BASE_TYPES[schema.type] ?? 'xs:string'}"`, inline: '' };
  }
}

function complexType(schema: Schema, isRoot: boolean): string {
  if (schema.type === 'map') {
    const k = schema.keySchema!;
    const v = schema.valueSchema!;
    const entry = `<xs:element name="entry" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>${element('key', k, k.optional)}${element('value', v, v.optional)}</xs:sequence></xs:complexType></xs:element>`;
    return `<xs:complexType connect:type="map"><xs:sequence>${isRoot ? ANY : ''}${entry}</xs:sequence></xs:complexType>`;
  }
  if (schema.type === 'array') {
    return `<xs:complexType connect:type="array"><xs:sequence>${isRoot ? ANY : ''}${element('entry', schema.valueSchema!, false, true)}</xs:sequence></xs:complexType>`;
  }
  if (schema.type !== 'struct') throw new Error(`no complexType for a ${schema.type} schema`);
  let elements = '';
  let attributes = '';
  let text: Schema | undefined;
  for (const f of schema.fields ?? []) {
    const p = f.schema.parameters;
    if (p?.[XML_ATTRIBUTE_PARAM] === 'true') attributes += attribute(f.name, f.schema);
    else if (p?.[XML_TEXT_PARAM] === 'true') text = f.schema;
    else elements += element(f.name, f.schema, f.schema.optional);
  }
  if (text !== undefined && elements === '' && !isRoot) {
    const t = simpleType(text);
    const base = t.attr === '' ? 'xs:decimal' : t.attr.slice(7, -1);
    return `<xs:complexType><xs:simpleContent><xs:extension base="${base}">${attributes}</xs:extension></xs:simpleContent></xs:complexType>`;
  }
  const mixed = text !== undefined ? ' mixed="true"' : '';
  return `<xs:complexType${mixed}><xs:sequence>${isRoot ? ANY : ''}${elements}</xs:sequence>${attributes}</xs:complexType>`;
}

function attribute(fieldName: string, schema: Schema): string {
  const t = simpleType(schema);
  const name = prefix !== '' && fieldName.startsWith(prefix) ? fieldName.slice(prefix.length) : fieldName;
  return `<xs:attribute name="${escapeAttr(name)}"${t.attr}${schema.optional ? '' : ' use="required"'}>${t.inline}</xs:attribute>`;
}

function element(name: string, schema: Schema, optional: boolean, repeated = false): string {
  let occurs = optional ? ' minOccurs="0"' : '';
  let item = schema;
  if (schema.type === 'array' && !repeated) {
    // A required array reads back as [] when no element occurs (xsd-value-reader), so minOccurs stays 1.
    occurs = schema.optional ? ' minOccurs="0" maxOccurs="unbounded"' : ' maxOccurs="unbounded"';
    item = schema.valueSchema!;
  } else if (repeated) {
    occurs = ' minOccurs="0" maxOccurs="unbounded"';
  }
  if (item.type === 'struct' || item.type === 'map' || item.type === 'array') {
    return `<xs:element name="${escapeAttr(name)}"${occurs}>${complexType(item, false)}</xs:element>`;
  }
  const t = simpleType(item);
  return `<xs:element name="${escapeAttr(name)}"${occurs}${t.attr}>${t.inline}</xs:element>`;
}

/** True when the schema holds a map or an array that is not a struct field's repetition (needs the marker). */
function usesCollections(schema: Schema, asField = false): boolean {
  switch (schema.type) {
    case 'map':
      return true;
    case 'array':
      return !asField || usesCollections(schema.valueSchema!, false);
    case 'struct':
      return (schema.fields ?? []).some((f) => usesCollections(f.schema, true));
    default:
      return false;
  }
}
