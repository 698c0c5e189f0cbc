/**
 * Finds an XSD embedded in a document (IBM's `-combined.xml` layout, which XmlConverter writes with
 * `schemas.enable=true`): an `<xs:schema>` element inside the root. Returns the XSD text and the document
 * without it, so the document is parsed as if the schema were not there.
 */
const OPEN = /<([A-Za-z_][\w.-]*):schema[\s>/]/;

export interface EmbeddedSchema {
  readonly xsd: string;
  readonly document: string;
}

export function extractEmbeddedSchema(text: string): EmbeddedSchema | undefined {
  if (!text.includes(':schema')) return undefined;
  const m = OPEN.exec(text);
  if (m === null) return undefined;
  const start = m.index;
  const close = `</${m[1]}:schema>`;
  const end = text.indexOf(close, start);
  if (end < 0) return undefined;
  const stop = end + close.length;
  // The XSD needs its own xmlns declaration; IBM's and ours declare it on the xs:schema element itself.
  return { xsd: text.slice(start, stop), document: text.slice(0, start) + text.slice(stop) };
}
