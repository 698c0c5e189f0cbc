/**
 * Connect data → one XML document (IBM's `StructToXmlBytes`/`CollectionToXmlBytes` rules):
 * - the root element is the struct schema's name when that is a valid XML name, else `root.element.name`;
 * - struct fields become child elements in field order, null fields are left out, array fields repeat the
 *   element, maps write `<entry><key>…</key><value>…</value></entry>` (schemaless objects write `<k>v</k>`
 *   when the key is a valid XML name), bytes are base64;
 * - fields whose schema has the `xml.attribute` parameter (set by the XSD compiler) become attributes, and the
 *   one with `xml.text` the element's text. Schemaless: keys starting with a non-empty `xml.attribute.prefix`
 *   become attributes and the `xml.text.field.name` key (with a primitive value) the element's text;
 * - a top-level array writes `<root><entry>…</entry>…</root>`, a primitive `<root>text</root>`.
 */
import type { Schema } from '../../src/api/index.js';
import { escapeAttr, escapeText, isXmlName } from './xml-escape.js';
import { formatPrimitive, isPrimitive } from './format-primitive.js';
import { XML_ATTRIBUTE_PARAM, XML_TEXT_PARAM } from './xsd/xsd-plan.js';

export interface XmlWriterOptions {
  readonly rootName: string;
  readonly attributePrefix: string;
  readonly textField: string;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const XSI_ATTRS = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="#connectSchema"';

interface StructField {
  readonly name: string;
  readonly tag: string;
  readonly kind: 'attribute' | 'text' | 'element';
  readonly schema: Schema;
}

export class XmlWriter {
  readonly #options: XmlWriterOptions;
  readonly #structs = new WeakMap<Schema, readonly StructField[]>();

  constructor(options: XmlWriterOptions) {
    this.#options = options;
  }

  /** The root element name for a value with `schema`. */
  rootName(schema: Schema | null | undefined): string {
    return schema?.type === 'struct' && schema.name !== undefined && isXmlName(schema.name) ? schema.name : this.#options.rootName;
  }

  /** The document (without XML declaration); `embeddedXsd` is written as the root's first child. */
  write(schema: Schema | null | undefined, value: unknown, embeddedXsd?: string): string {
    const root = this.rootName(schema);
    if (schema !== null && schema !== undefined) {
      if (schema.type === 'struct') return this.#struct(root, schema, value as Record<string, unknown>, embeddedXsd);
      if (embeddedXsd !== undefined && (schema.type === 'array' || schema.type === 'map')) {
        const inner = this.#schemaValue(root, schema, value);
        // `<root>…</root>` → `<root xsi…>` + XSD + `…</root>`
        return `<${root}${XSI_ATTRS}>${embeddedXsd}${inner.slice(root.length + 2)}`;
      }
      return this.#schemaValue(root, schema, value);
    }
    if (value !== null && typeof value === 'object' && !isPrimitive(value) && !Array.isArray(value) && !(value instanceof Map)) {
      return this.#object(root, value as Record<string, unknown>);
    }
    if (Array.isArray(value)) return `<${root}>${this.#any('entry', value)}</${root}>`;
    return this.#any(root, value) || `<${root}/>`;
  }

  #fieldsOf(schema: Schema): readonly StructField[] {
    let fields = this.#structs.get(schema);
    if (fields !== undefined) return fields;
    const prefix = this.#options.attributePrefix;
    fields = (schema.fields ?? []).map((f) => {
      const p = f.schema.parameters;
      const kind = p?.[XML_ATTRIBUTE_PARAM] === 'true' ? 'attribute' : p?.[XML_TEXT_PARAM] === 'true' ? 'text' : 'element';
      const tag = kind === 'attribute' && prefix !== '' && f.name.startsWith(prefix) ? f.name.slice(prefix.length) : f.name;
      if (kind !== 'text' && !isXmlName(tag)) throw new Error(`field '${f.name}' is not a valid XML ${kind} name`);
      return { name: f.name, tag, kind, schema: f.schema };
    });
    this.#structs.set(schema, fields);
    return fields;
  }

  #struct(tag: string, schema: Schema, obj: Record<string, unknown>, embeddedXsd?: string): string {
    const fields = this.#fieldsOf(schema);
    let open = '<' + tag;
    let text = '';
    let body = '';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = obj[f.name] ?? f.schema.defaultValue;
      if (v === null || v === undefined) continue;
      if (f.kind === 'attribute') open += ` ${f.tag}="${escapeAttr(formatPrimitive(f.schema, v))}"`;
      else if (f.kind === 'text') text = escapeText(formatPrimitive(f.schema, v));
      else body += this.#schemaField(f.tag, f.schema, v);
    }
    if (embeddedXsd !== undefined) return `${open}${XSI_ATTRS}>${embeddedXsd}${text}${body}</${tag}>`;
    if (text === '' && body === '') return open + '/>';
    return `${open}>${text}${body}</${tag}>`;
  }

  #schemaField(tag: string, schema: Schema, v: unknown): string {
    if (schema.type !== 'array') return this.#schemaValue(tag, schema, v);
    const items = v as readonly unknown[];
    const item = schema.valueSchema!;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      out += x === null || x === undefined ? `<${tag}/>` : this.#schemaValue(tag, item, x);
    }
    return out;
  }

  #schemaValue(tag: string, schema: Schema, v: unknown): string {
    if (v === null || v === undefined) return `<${tag}/>`;
    switch (schema.type) {
      case 'struct':
        return this.#struct(tag, schema, v as Record<string, unknown>);
      case 'array':
        return `<${tag}>${this.#schemaField('entry', schema, v)}</${tag}>`;
      case 'map': {
        let out = '';
        const entries = v instanceof Map ? v.entries() : Object.entries(v as object);
        for (const [k, x] of entries) {
          out += `<entry>${this.#schemaValue('key', schema.keySchema!, k)}${x === null || x === undefined ? '' : this.#schemaValue('value', schema.valueSchema!, x)}</entry>`;
        }
        return `<${tag}>${out}</${tag}>`;
      }
      default: {
        const text = escapeText(formatPrimitive(schema, v));
        return text === '' ? `<${tag}/>` : `<${tag}>${text}</${tag}>`;
      }
    }
  }

  /** A schemaless value as element(s) named `tag`; '' for null. */
  #any(tag: string, v: unknown): string {
    if (v === null || v === undefined) return '';
    if (isPrimitive(v)) {
      const text = escapeText(formatPrimitive(null, v));
      return text === '' ? `<${tag}/>` : `<${tag}>${text}</${tag}>`;
    }
    if (Array.isArray(v)) {
      let out = '';
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        out += Array.isArray(x) ? `<${tag}>${this.#any('entry', x)}</${tag}>` : x === null || x === undefined ? `<${tag}/>` : this.#any(tag, x);
      }
      return out;
    }
    if (v instanceof Map) {
      let out = '';
      for (const [k, x] of v) out += this.#entry(k, x);
      return `<${tag}>${out}</${tag}>`;
    }
    return this.#object(tag, v as Record<string, unknown>);
  }

  #entry(k: unknown, x: unknown): string {
    return `<entry>${this.#any('key', k)}${this.#any('value', x)}</entry>`;
  }

  #object(tag: string, obj: Record<string, unknown>): string {
    const prefix = this.#options.attributePrefix;
    const textField = this.#options.textField;
    let open = '<' + tag;
    let text = '';
    let body = '';
    for (const key in obj) {
      const v = obj[key];
      if (v === null || v === undefined) continue;
      if (prefix !== '' && key.startsWith(prefix) && isPrimitive(v)) {
        const name = key.slice(prefix.length);
        if (!isXmlName(name)) throw new Error(`key '${key}' does not name a valid XML attribute`);
        open += ` ${name}="${escapeAttr(formatPrimitive(null, v))}"`;
      } else if (key === textField && isPrimitive(v)) {
        text = escapeText(formatPrimitive(null, v));
      } else if (isXmlName(key)) {
        body += this.#any(key, v);
      } else {
        body += this.#entry(key, v);
      }
    }
    if (text === '' && body === '') return open + '/>';
    return `${open}>${text}${body}</${tag}>`;
  }
}
