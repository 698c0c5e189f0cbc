/**
 * Streams an XML document through saxes and hands out the elements at a record path (`orders/order`) one at
 * a time, in the same `XmlContent` shape fast-xml-parser produces, so the converter's readers apply
 * unchanged. Only the record being built is held in memory: content outside record elements is never
 * materialised, so a document of any size streams in constant memory.
 *
 * Why saxes and not fast-xml-parser here: fast-xml-parser parses a whole string at once and has no
 * incremental mode; saxes is a strict, namespace-aware push parser (used by jsdom), fed chunk by chunk,
 * that reports line and column on errors.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ATTR_PREFIX, TEXT_KEY, type XmlContent, type XmlObject } from './xml-content.js';
import { XmlSyntaxError } from './xml-document-parser.js';

export interface SplitRecord {
  /** 0-based index of the record in the document. */
  readonly index: number;
  readonly name: string;
  readonly content: XmlContent;
}

interface Frame {
  readonly name: string;
  obj: XmlObject | undefined;
  text: string;
  readonly attrs: Record<string, string>;
}

function localOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export class XmlRecordSplitter {
  readonly #parser = new SaxesParser({ xmlns: false, position: true });
  readonly #path: readonly string[];
  readonly #strip: boolean;
  /** Names of the open elements above the record level (only as deep as the path). */
  readonly #outer: string[] = [];
  /** Depth of elements opened below a point that cannot lead to a record. */
  #ignoredDepth = 0;
  /** The record being built: a stack of open elements, record element first. */
  readonly #frames: Frame[] = [];
  #skipping = false;
  #next = 0;
  readonly #skip: number;
  /** Completed records waiting to be taken. */
  readonly records: SplitRecord[] = [];
  #rootSeen = false;
  /** Parser position when the last record was completed. */
  #lastRecordAt = -1;
  #ended = false;

  /**
   * @param recordPath element names from the root down to the record element; `*` matches any name
   * @param skip how many records to pass over without building them (resume after a restart)
   */
  constructor(recordPath: readonly string[], stripNamespacePrefixes: boolean, skip = 0) {
    if (recordPath.length === 0) throw new Error('the record path is empty');
    this.#path = recordPath;
    this.#strip = stripNamespacePrefixes;
    this.#skip = skip;
    const p = this.#parser;
    p.on('opentag', (tag) => this.#open(tag as SaxesTagPlain));
    p.on('closetag', () => this.#close());
    p.on('text', (t) => this.#text(t));
    p.on('cdata', (t) => this.#text(t));
    p.on('error', (err) => {
      // saxes closes still-open elements when it meets a mismatched end tag, and reports the error after the
      // close events: a record "completed" that way was never closed in the document, so it is taken back.
      if (this.records.length > 0 && this.#lastRecordAt === this.#parser.position) {
        this.records.pop();
        this.#next--;
      }
      throw new XmlSyntaxError(err.message.replace(/^\d+:\d+: /, ''), this.#parser.line, this.#parser.column + 1);
    });
  }

  /** How many record elements were seen so far (built or skipped). */
  get count(): number {
    return this.#next;
  }

  /** True once the root element is closed. */
  get complete(): boolean {
    return this.#rootSeen && this.#outer.length === 0 && this.#frames.length === 0 && this.#ignoredDepth === 0;
  }

  push(chunk: string): void {
    this.#parser.write(chunk);
  }

  /** End of input: throws an XmlSyntaxError when the document is incomplete. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#parser.close();
  }

  #name(raw: string): string {
    return this.#strip ? localOf(raw) : raw;
  }

  #open(tag: SaxesTagPlain): void {
    this.#rootSeen = true;
    const name = this.#name(tag.name);
    if (name === '__proto__') throw new XmlSyntaxError('an element may not be named __proto__', this.#parser.line, this.#parser.column);
    if (this.#frames.length > 0) {
      if (this.#skipping) this.#frames.push({ name, obj: undefined, text: '', attrs: {} });
      else this.#frames.push({ name, obj: undefined, text: '', attrs: this.#attributes(tag) });
      return;
    }
    if (this.#ignoredDepth > 0) {
      this.#ignoredDepth++;
      return;
    }
    const depth = this.#outer.length;
    const want = this.#path[depth]!;
    if (want !== '*' && want !== name) {
      this.#ignoredDepth = 1;
      return;
    }
    if (depth < this.#path.length - 1) {
      this.#outer.push(name);
      return;
    }
    this.#skipping = this.#next < this.#skip;
    this.#frames.push({ name, obj: undefined, text: '', attrs: this.#skipping ? {} : this.#attributes(tag) });
  }

  #attributes(tag: SaxesTagPlain): Record<string, string> {
    const out: Record<string, string> = {};
    for (const raw in tag.attributes) {
      if (this.#strip && (raw === 'xmlns' || raw.startsWith('xmlns:'))) continue;
      out[ATTR_PREFIX + this.#name(raw)] = tag.attributes[raw]!;
    }
    return out;
  }

  #text(t: string): void {
    const n = this.#frames.length;
    if (n > 0 && !this.#skipping) this.#frames[n - 1]!.text += t;
  }

  #close(): void {
    const n = this.#frames.length;
    if (n === 0) {
      if (this.#ignoredDepth > 0) this.#ignoredDepth--;
      else this.#outer.pop();
      return;
    }
    const frame = this.#frames.pop()!;
    if (this.#skipping) {
      if (n === 1) {
        this.#skipping = false;
        this.#next++;
      }
      return;
    }
    const content = this.#content(frame);
    if (n === 1) {
      this.records.push({ index: this.#next++, name: frame.name, content });
      this.#lastRecordAt = this.#parser.position;
      return;
    }
    const parent = this.#frames[n - 2]!;
    const obj = (parent.obj ??= {});
    const prev = Object.hasOwn(obj, frame.name) ? obj[frame.name] : undefined;
    if (prev === undefined) obj[frame.name] = content;
    else if (Array.isArray(prev)) prev.push(content);
    else obj[frame.name] = [prev, content];
  }

  /** As fast-xml-parser: children first, then the text, then the attributes. */
  #content(frame: Frame): XmlContent {
    let hasAttrs = false;
    for (const _ in frame.attrs) {
      hasAttrs = true;
      break;
    }
    if (frame.obj === undefined && !hasAttrs) return frame.text;
    const obj = frame.obj ?? {};
    if (frame.text !== '') obj[TEXT_KEY] = frame.text;
    for (const k in frame.attrs) obj[k] = frame.attrs[k]!;
    return obj;
  }
}
