/**
 * XML text ⇄ Connect data with one configuration: what XmlConverter, the FromXml/ToXml transforms and the
 * XML connectors share. Synchronous; throws plain Errors (callers wrap them into ConversionError/DataError
 * with the topic and record they know about).
 *
 * Reading, with `schemas.enable=true`: typed by the XSD at `xsd.schema.path`, else by an XSD embedded in the
 * document, else (no XSD at all) schemaless. With `schemas.enable=false`: always schemaless (an embedded XSD
 * is removed and ignored).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Schema, SchemaAndValue } from '../../src/api/index.js';
import { extractEmbeddedSchema } from './embedded-schema.js';
import { ATTR_PREFIX, type XmlContent } from './xml-content.js';
import type { XmlFormatConfig } from './xml-config.js';
import { XmlDocumentParser, type ParsedDocument } from './xml-document-parser.js';
import { SaxesDocumentParser } from './saxes-document-parser.js';
import { SchemalessReader } from './schemaless-reader.js';
import { XML_DECLARATION, XmlWriter } from './xml-writer.js';
import { XsdModel } from './xsd/xsd-compiler.js';
import { generateXsd } from './xsd/xsd-generator.js';
import { readElement, XsdValueError } from './xsd/xsd-value-reader.js';
import type { ValuePlan } from './xsd/xsd-plan.js';

interface DocumentParser {
  parse(text: string): ParsedDocument;
}

const NULL_RESULT: SchemaAndValue = Object.freeze({ schema: null, value: null });
/** Embedded XSDs are usually the same few texts over and over: keep this many compiled. */
const EMBEDDED_CACHE_SIZE = 32;

export class XmlCodec {
  readonly #config: XmlFormatConfig;
  readonly #schemasEnabled: boolean;
  readonly #xsd: XsdModel | undefined;
  readonly #strippingParser: DocumentParser;
  readonly #schemalessParser: DocumentParser;
  readonly #schemaless: SchemalessReader;
  readonly #writer: XmlWriter;
  readonly #embedded = new Map<string, XsdModel>();
  readonly #generated = new WeakMap<Schema, string>();

  constructor(config: XmlFormatConfig) {
    this.#config = config;
    this.#schemasEnabled = config['schemas.enable'];
    const path = config['xsd.schema.path'];
    if (this.#schemasEnabled && path !== null && path !== '') {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        throw new Error(`cannot read xsd.schema.path '${path}': ${(err as Error).message}`);
      }
      try {
        this.#xsd = new XsdModel(text, this.#compileOptions(), loadIncludedXsd, resolvePath(path));
      } catch (err) {
        throw new Error(`the XSD at xsd.schema.path '${path}' cannot be used: ${(err as Error).message}`);
      }
    }
    const parser = (strip: boolean): DocumentParser =>
      config['xml.parser'] === 'saxes' ? new SaxesDocumentParser(strip) : new XmlDocumentParser(strip);
    this.#strippingParser = parser(true);
    this.#schemalessParser = config['xml.namespace.prefixes'] === 'keep' ? parser(false) : this.#strippingParser;
    this.#schemaless = new SchemalessReader({
      attributePrefix: config['xml.attribute.prefix'],
      textField: config['xml.text.field.name'],
      inferTypes: config['xml.infer.types'],
      arrayElements: config['xml.array.elements'],
      flat: config['xml.doc.flat.enable'],
    });
    this.#writer = new XmlWriter({
      rootName: config['root.element.name'],
      attributePrefix: config['xml.attribute.prefix'],
      textField: config['xml.text.field.name'],
    });
  }

  #compileOptions() {
    return { textField: this.#config['xml.text.field.name'], attributePrefix: this.#config['xml.attribute.prefix'] };
  }

  /** The XSD from `xsd.schema.path`, if configured (the streaming source plans records with it). */
  get xsdModel(): XsdModel | undefined {
    return this.#xsd;
  }

  get schemalessReader(): SchemalessReader {
    return this.#schemaless;
  }

  /** One document → schema and value. Empty or blank text → null. */
  read(text: string): SchemaAndValue {
    if (text.length === 0 || /^\s*$/.test(text)) return NULL_RESULT;
    const embedded = extractEmbeddedSchema(text);
    const doc = embedded === undefined ? text : embedded.document;
    let model = this.#xsd;
    if (model === undefined && embedded !== undefined && this.#schemasEnabled) model = this.#embeddedModel(embedded.xsd);
    if (model !== undefined) {
      const { rootName, content } = this.#strippingParser.parse(doc);
      const plan = model.rootPlan(rootName);
      if (plan === undefined) {
        throw new Error(`root element <${rootName}> is not declared in the XSD (it declares ${model.rootNames.map((n) => `<${n}>`).join(', ') || 'no elements'})`);
      }
      return { schema: plan.schema, value: readRoot(plan, content, rootName) };
    }
    const { rootName, content } = this.#schemalessParser.parse(doc);
    if (embedded !== undefined && typeof content !== 'string') dropSchemaLocation(content);
    return { schema: null, value: this.#schemaless.read(rootName, content) };
  }

  #embeddedModel(xsd: string): XsdModel {
    let model = this.#embedded.get(xsd);
    if (model === undefined) {
      try {
        model = new XsdModel(xsd, this.#compileOptions());
      } catch (err) {
        throw new Error(`the XSD embedded in the document cannot be used: ${(err as Error).message}`);
      }
      if (this.#embedded.size >= EMBEDDED_CACHE_SIZE) this.#embedded.delete(this.#embedded.keys().next().value!);
      this.#embedded.set(xsd, model);
    }
    return model;
  }

  /** Connect data → one XML document (with an XML declaration). */
  write(schema: Schema | null | undefined, value: unknown): string {
    return XML_DECLARATION + this.writeElement(schema, value);
  }

  /** Connect data → the root element alone (no XML declaration), e.g. to batch records into one file. */
  writeElement(schema: Schema | null | undefined, value: unknown): string {
    let xsd: string | undefined;
    const t = schema?.type;
    if (this.#schemasEnabled && schema !== null && schema !== undefined && (t === 'struct' || t === 'array' || t === 'map')) {
      xsd = this.#generated.get(schema);
      if (xsd === undefined) {
        xsd = generateXsd(this.#writer.rootName(schema), schema, this.#config['xml.attribute.prefix']);
        this.#generated.set(schema, xsd);
      }
    }
    return this.#writer.write(schema, value, xsd);
  }
}

function readRoot(plan: ValuePlan, content: XmlContent, rootName: string): unknown {
  try {
    return readElement(plan, content, rootName) ?? null;
  } catch (err) {
    if (err instanceof XsdValueError) throw new Error(`document does not match the XSD: ${err.message}`);
    throw err;
  }
}

/** The root attributes that only pointed at an embedded XSD. */
function dropSchemaLocation(content: Record<string, unknown>): void {
  for (const key of Object.keys(content)) {
    if (!key.startsWith(ATTR_PREFIX)) continue;
    const name = key.slice(ATTR_PREFIX.length);
    if (name === 'xmlns:xsi' || name === 'noNamespaceSchemaLocation' || name === 'xsi:noNamespaceSchemaLocation') delete content[key];
  }
}

/** Reads an included/imported XSD from a local path, relative to the XSD that refers to it. */
function loadIncludedXsd(location: string, from: string | undefined): { text: string; id: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new Error(`cannot fetch '${location}': only local schemaLocations are read`);
  const path = isAbsolute(location) || from === undefined ? resolvePath(location) : resolvePath(dirname(from), location);
  try {
    return { text: readFileSync(path, 'utf8'), id: path };
  } catch (err) {
    throw new Error(`cannot read the XSD '${location}' (${path}): ${(err as Error).message}`);
  }
}
