/**
 * Parsed XML (`XmlContent`) → a schemaless Connect value (plain objects, arrays, strings, numbers…).
 *
 * Rules (the same for the converter, the SMTs and the streaming source):
 * - child elements become keys; an element that occurs more than once becomes an array, and so does every
 *   element listed in `xml.array.elements` (by name, or by a slash path that ends the element's path);
 * - attributes become keys named `xml.attribute.prefix` + name;
 * - the text of an element that also has attributes or children goes under `xml.text.field.name`
 *   (mixed content: the text pieces are joined, trimmed, and their place between the children is lost);
 * - a text-only element is its text (whitespace-only text reads as ""), typed by `inferValue` when enabled;
 * - two parts of one element that map to the same key (an attribute and a child with the same name when the
 *   prefix is empty) are an error rather than one silently overwriting the other.
 */
import { ATTR_PREFIX, TEXT_KEY, type XmlContent, type XmlObject } from './xml-content.js';
import { inferValue } from './infer-value.js';

export interface SchemalessOptions {
  readonly attributePrefix: string;
  readonly textField: string;
  readonly inferTypes: boolean;
  /** Element names or slash paths (`order/items/item`) that always read as arrays. */
  readonly arrayElements: readonly string[];
  readonly flat: boolean;
}

const BLANK = /^\s*$/;

export class SchemalessReader {
  readonly #prefix: string;
  readonly #textField: string;
  readonly #infer: boolean;
  readonly #arrayNames: ReadonlySet<string>;
  readonly #arrayPaths: readonly string[];
  readonly #flat: boolean;

  constructor(options: SchemalessOptions) {
    this.#prefix = options.attributePrefix;
    this.#textField = options.textField;
    this.#infer = options.inferTypes;
    this.#arrayNames = new Set(options.arrayElements.filter((e) => !e.includes('/')));
    this.#arrayPaths = options.arrayElements.filter((e) => e.includes('/')).map((e) => '/' + e.replace(/^\/+/, ''));
    this.#flat = options.flat;
  }

  /** The value of a whole document whose root element is `rootName`. */
  read(rootName: string, content: XmlContent): unknown {
    if (typeof content === 'string') {
      if (this.#flat) return this.#leaf(content);
      return BLANK.test(content) ? {} : { [this.#textField]: this.#leaf(content) };
    }
    return this.#object(content, this.#arrayPaths.length > 0 ? '/' + rootName : '', rootName);
  }

  /** The value of one element (the streaming source uses this for each record element). */
  element(content: XmlContent, path: string, name: string): unknown {
    return typeof content === 'string' ? this.#leaf(content) : this.#object(content, path, name);
  }

  #leaf(text: string): unknown {
    if (BLANK.test(text)) return '';
    return this.#infer ? inferValue(text) : text;
  }

  #object(obj: XmlObject, path: string, name: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const trackPaths = path !== '';
    for (const key in obj) {
      const v = obj[key]!;
      if (key === TEXT_KEY) {
        const text = (v as string).trim();
        if (text !== '') this.#set(out, this.#textField, this.#infer ? inferValue(text) : text, name, 'text');
      } else if (key.startsWith(ATTR_PREFIX)) {
        const attr = key.slice(ATTR_PREFIX.length);
        const value = v as string;
        this.#set(out, this.#prefix + attr, this.#infer ? inferValue(value) : value, name, `attribute '${attr}'`);
      } else {
        const childPath = trackPaths ? path + '/' + key : '';
        let value: unknown;
        if (Array.isArray(v)) {
          const items = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) items[i] = this.element(v[i]!, childPath, key);
          value = items;
        } else {
          value = this.element(v, childPath, key);
          if (this.#arrayNames.has(key) || (trackPaths && this.#isArrayPath(childPath))) value = [value];
        }
        this.#set(out, key, value, name, `element <${key}>`);
      }
    }
    return out;
  }

  #isArrayPath(path: string): boolean {
    for (const p of this.#arrayPaths) if (path === p || path.endsWith(p)) return true;
    return false;
  }

  #set(out: Record<string, unknown>, key: string, value: unknown, element: string, what: string): void {
    if (key === '__proto__') throw new Error(`<${element}>: ${what} would be the key '__proto__', which a value cannot hold`);
    if (Object.hasOwn(out, key)) {
      throw new Error(
        `<${element}>: ${what} and another part of the element both map to the key '${key}'; set xml.attribute.prefix (e.g. "@") or xml.text.field.name to tell them apart`,
      );
    }
    out[key] = value;
  }
}
