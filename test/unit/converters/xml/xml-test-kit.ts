/** Helpers for the XmlConverter tests: a configured converter, text ⇄ bytes, a structural XML compare. */
import { XmlConverter } from '../../../../converters/xml-converter.js';
import { XmlCodec } from '../../../../converters/xml/xml-codec.js';
import { xmlFormatConfigDef } from '../../../../converters/xml/xml-config.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

export function xmlConverter(configs: Record<string, unknown> = {}, isKey = false): XmlConverter {
  const c = new XmlConverter();
  c.configure(configs, isKey);
  return c;
}

export const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');
export const text = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('utf8'));

/**
 * A document's structure as plain data (names with prefixes, attributes under "@", text as written, no
 * typing, comments/whitespace-only text dropped), so two documents can be compared whatever their byte form.
 */
const structural = new XmlCodec(
  xmlFormatConfigDef.parse({
    'schemas.enable': false,
    'xml.infer.types': false,
    'xml.attribute.prefix': '@',
    'xml.text.field.name': '#text',
    'xml.namespace.prefixes': 'keep',
  }),
);
export function structure(xml: string): unknown {
  return structural.read(xml).value;
}
