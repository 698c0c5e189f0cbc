/**
 * Parsed XML (`XmlContent`, namespace prefixes stripped) + a compiled plan → a Connect value that matches
 * the plan's schema. Strict, so a document that does not match its XSD is a conversion error that names the
 * element path, instead of a record with a silently different shape:
 * - an undeclared child element is an error (unless the type has xs:any); undeclared attributes are an error
 *   except namespace declarations and xsi:* attributes (schemaLocation, nil, type), which IBM rejects;
 * - a missing required element or attribute is an error, a missing optional one is null, a missing
 *   required array is [];
 * - an element declared repeatable is always an array (also with one or zero occurrences);
 * - `xsi:nil="true"` or empty text on a non-string type reads as null.
 */
import { ATTR_PREFIX, TEXT_KEY, type XmlContent, type XmlObject } from '../xml-content.js';
import type { CollectionPlan, FieldPlan, PrimitivePlan, StructPlan, ValuePlan } from './xsd-plan.js';

/** A mismatch between a document and its XSD; `path` is the element path from the root. */
export class XsdValueError extends Error {
  readonly path: string[];
  readonly detail: string;
  constructor(detail: string) {
    super(detail);
    this.detail = detail;
    this.path = [];
  }
  /** Called by each enclosing element on the way out, so the message names the whole path. */
  within(name: string): this {
    this.path.unshift(name);
    this.message = `${this.path.join('/')}: ${this.detail}`;
    return this;
  }
}

const IGNORED_ATTRIBUTES = new Set(['noNamespaceSchemaLocation', 'schemaLocation', 'nil', 'type']);

function ignorable(attr: string): boolean {
  return IGNORED_ATTRIBUTES.has(attr) || attr === 'xmlns' || attr.startsWith('xmlns:');
}

function isNil(obj: XmlObject): boolean {
  return obj[ATTR_PREFIX + 'nil'] === 'true';
}

/** The value of an element with `plan`; undefined means "no value" (empty non-string text, or xsi:nil). */
export function readElement(plan: ValuePlan, content: XmlContent, name: string): unknown {
  try {
    switch (plan.kind) {
      case 'primitive':
        return readPrimitive(plan, content);
      case 'struct':
        return readStruct(plan, content);
      default:
        return readCollection(plan, content);
    }
  } catch (err) {
    throw withPath(err, name);
  }
}

function withPath(err: unknown, name: string): XsdValueError {
  return (err instanceof XsdValueError ? err : new XsdValueError((err as Error).message)).within(name);
}

function readPrimitive(plan: PrimitivePlan, content: XmlContent): unknown {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    if (isNil(content)) return undefined;
    for (const key in content) {
      if (key === TEXT_KEY || (key.startsWith(ATTR_PREFIX) && ignorable(key.slice(ATTR_PREFIX.length)))) continue;
      throw new XsdValueError(`${key.startsWith(ATTR_PREFIX) ? `attribute '${key.slice(2)}'` : `child element <${key}>`} is not declared in the XSD (the element has a simple type)`);
    }
    text = (content[TEXT_KEY] as string | undefined) ?? '';
  }
  if (plan.keepsWhitespace) return text;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : plan.read(trimmed);
}

function readStruct(plan: StructPlan, content: XmlContent): unknown {
  const out: Record<string, unknown> = {};
  const fields = plan.fields;
  for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = undefined;
  if (typeof content === 'string') {
    if (plan.text !== undefined) out[plan.text.name] = textValue(plan.text, content);
    else if (content.trim() !== '') throw new XsdValueError('text content is not allowed by the XSD (the element has a complex type without text)');
  } else {
    if (isNil(content)) return undefined;
    for (const key in content) {
      const v = content[key]!;
      if (key === TEXT_KEY) {
        if (plan.text !== undefined) out[plan.text.name] = textValue(plan.text, v as string);
        else if ((v as string).trim() !== '') throw new XsdValueError('text content is not allowed by the XSD (the element has a complex type without text)');
      } else if (key.startsWith(ATTR_PREFIX)) {
        const attr = key.slice(ATTR_PREFIX.length);
        const field = plan.attributes.get(attr);
        if (field === undefined) {
          if (ignorable(attr)) continue;
          throw new XsdValueError(`attribute '${attr}' is not declared in the XSD`);
        }
        out[field.name] = readElement(field.plan, v as string, '@' + attr);
      } else {
        const field = plan.elements.get(key);
        if (field === undefined) {
          if (plan.allowsAny) continue;
          throw new XsdValueError(`element <${key}> is not declared in the XSD`);
        }
        out[field.name] = childValue(field, v);
      }
    }
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = out[f.name];
    if (v !== undefined) continue;
    if (f.optional) out[f.name] = null;
    // A required array with no occurrence is empty (minOccurs is not enforced; the XSD generator relies on it).
    else if (f.repeated) out[f.name] = [];
    else throw new XsdValueError(`missing required ${f.source === 'attribute' ? `attribute '${f.xmlName}'` : f.source === 'text' ? 'text' : `element <${f.xmlName}>`}`);
  }
  return out;
}

function textValue(field: FieldPlan, text: string): unknown {
  const plan = field.plan as PrimitivePlan;
  // simpleContent text is kept as written; mixed content (an optional text field) is trimmed.
  if (plan.keepsWhitespace) return field.optional ? text.trim() || undefined : text;
  const t = text.trim();
  return t === '' ? undefined : plan.read(t);
}

function childValue(field: FieldPlan, v: XmlContent | XmlContent[]): unknown {
  if (!field.repeated) {
    if (Array.isArray(v)) throw new XsdValueError(`element <${field.xmlName}> occurs ${v.length} times but the XSD allows it once`);
    return readElement(field.plan, v, field.xmlName);
  }
  const items = Array.isArray(v) ? v : [v];
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = readElement(field.plan, items[i]!, `${field.xmlName}[${i}]`);
    if (item === undefined) throw new XsdValueError(`element <${field.xmlName}> occurrence ${i + 1} has no value (array items are required)`);
    out[i] = item;
  }
  return out;
}

/** An array or map written as repeated `<entry>` children (a map entry holds `<key>` and `<value>`). */
function readCollection(plan: CollectionPlan, content: XmlContent): unknown {
  if (typeof content === 'string') {
    if (content.trim() !== '') throw new XsdValueError(`text content is not allowed (the element holds a ${plan.kind} of <entry> elements)`);
    return plan.kind === 'array' ? [] : {};
  }
  if (isNil(content)) return undefined;
  let entries: XmlContent | XmlContent[] | undefined;
  for (const key in content) {
    if (key === 'entry') entries = content[key];
    else if (key === TEXT_KEY ? (content[key] as string).trim() !== '' : !(key.startsWith(ATTR_PREFIX) && ignorable(key.slice(ATTR_PREFIX.length)))) {
      throw new XsdValueError(`${key.startsWith(ATTR_PREFIX) ? `attribute '${key.slice(2)}'` : key === TEXT_KEY ? 'text' : `element <${key}>`} is not allowed (the element holds a ${plan.kind} of <entry> elements)`);
    }
  }
  const items = entries === undefined ? [] : (childValue(plan.entry, entries) as unknown[]);
  if (plan.kind === 'array') return items;
  let stringKeys = true;
  for (const e of items) if (typeof (e as { key: unknown }).key !== 'string') stringKeys = false;
  if (!stringKeys) return new Map(items.map((e) => [(e as { key: unknown }).key, (e as { value: unknown }).value]));
  const out: Record<string, unknown> = {};
  for (const e of items) out[(e as { key: string }).key] = (e as { value: unknown }).value;
  return out;
}
