/**
 * Parses one XML document with fast-xml-parser into `{ rootName, content }`. fast-xml-parser's parser is
 * lenient (a truncated document parses), so its validator runs first: a malformed document is an
 * `XmlSyntaxError` with the line and column the validator reports.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XmlEntityDecoder } from './xml-entity-decoder.js';
import { ATTR_PREFIX, TEXT_KEY, type XmlContent } from './xml-content.js';

export class XmlSyntaxError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    const where = line === undefined ? '' : column === undefined ? ` (line ${line})` : ` (line ${line}, column ${column})`;
    super(`malformed XML: ${message}${where}`);
    this.name = 'XmlSyntaxError';
    this.line = line;
    this.column = column;
  }
}

export interface ParsedDocument {
  readonly rootName: string;
  readonly content: XmlContent;
}

export class XmlDocumentParser {
  readonly #parser: XMLParser;

  constructor(stripNamespacePrefixes: boolean) {
    this.#parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: ATTR_PREFIX,
      textNodeName: TEXT_KEY,
      parseTagValue: false,
      parseAttributeValue: false,
      // Leaf text is kept verbatim; whitespace between child elements is dropped by the readers.
      trimValues: false,
      entityDecoder: new XmlEntityDecoder(),
      // No callbacks use it: skip building a path string for every text node and attribute set.
      jPath: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      removeNSPrefix: stripNamespacePrefixes,
      // fast-xml-parser renames elements like <toString> to "__toString" unless told not to; the readers
      // only use own properties, so the names are kept as written.
      onDangerousProperty: (name: string) => name,
    });
  }

  parse(text: string): ParsedDocument {
    const verdict = XMLValidator.validate(text);
    if (verdict !== true) throw new XmlSyntaxError(verdict.err.msg, verdict.err.line, verdict.err.col);
    let doc: Record<string, XmlContent | XmlContent[]>;
    try {
      doc = this.#parser.parse(text) as Record<string, XmlContent | XmlContent[]>;
    } catch (err) {
      // Well-formed but refused by fast-xml-parser (it rejects element names such as __proto__ and constructor).
      throw new Error(`cannot parse XML: ${(err as Error).message}`);
    }
    let rootName: string | undefined;
    for (const key in doc) {
      if (key.startsWith(ATTR_PREFIX) || key === TEXT_KEY) continue;
      if (rootName !== undefined) throw new XmlSyntaxError(`more than one root element (<${rootName}> and <${key}>)`);
      rootName = key;
    }
    if (rootName === undefined) throw new XmlSyntaxError('no root element');
    const content = doc[rootName]!;
    if (Array.isArray(content)) throw new XmlSyntaxError(`more than one root element (<${rootName}> repeated)`);
    return { rootName, content };
  }
}
