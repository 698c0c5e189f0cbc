/**
 * Compiles an XSD into per-element read plans and Connect schemas (IBM's `XsdToSchema`, extended).
 *
 * Supported: global and local elements (`name`, `ref`, `type`, inline types), named and anonymous
 * complexTypes and simpleTypes, `sequence`/`all`/`choice` (nested; choice members are optional; a repeated
 * group makes its members arrays), `group` and `attributeGroup` references, attributes (`use="required"`),
 * `simpleContent` (text in the `xml.text.field.name` field), `complexContent` extension, `mixed`, `any`.
 * minOccurs 0 → optional; maxOccurs > 1 or minOccurs > 1 → array. Namespaces: prefixes are ignored
 * (names are matched by local name); `include`/`import`/`redefine` with a `schemaLocation` are read (local
 * files, relative to the including XSD) and their declarations merged (redefinitions are not applied).
 */
import { SchemaBuilder, type Schema } from '../../../src/api/index.js';
import { decimalPrimitive, XSD_PRIMITIVES, type XsdPrimitive } from './xsd-primitives.js';
import { localName, parseXsd, type XsdNode } from './xsd-dom.js';
import {
  XML_ATTRIBUTE_PARAM, XML_TEXT_PARAM, type CollectionPlan, type FieldPlan, type PrimitivePlan, type StructPlan, type ValuePlan,
} from './xsd-plan.js';

export interface XsdCompileOptions {
  /** Field name of an element's text (simpleContent, mixed). */
  readonly textField: string;
  /** Prefix of attribute field names. */
  readonly attributePrefix: string;
}

interface Occurs {
  readonly optional: boolean;
  readonly repeated: boolean;
}

function occurs(node: XsdNode, outer: Occurs): Occurs {
  const min = node.attrs['minOccurs'] === undefined ? 1 : Number(node.attrs['minOccurs']);
  const maxRaw = node.attrs['maxOccurs'];
  const max = maxRaw === undefined ? 1 : maxRaw === 'unbounded' ? Infinity : Number(maxRaw);
  return { optional: outer.optional || min === 0 || max === 0, repeated: outer.repeated || max > 1 || min > 1 };
}

const ONCE: Occurs = { optional: false, repeated: false };

export class XsdModel {
  readonly #elements = new Map<string, XsdNode>();
  readonly #complexTypes = new Map<string, XsdNode>();
  readonly #simpleTypes = new Map<string, XsdNode>();
  readonly #groups = new Map<string, XsdNode>();
  readonly #attributeGroups = new Map<string, XsdNode>();
  readonly #roots = new Map<string, ValuePlan>();
  readonly #namedPlans = new Map<string, StructPlan | CollectionPlan>();
  readonly #compiling = new Set<string>();
  readonly #options: XsdCompileOptions;

  /**
   * @param load reads the XSD at a `schemaLocation` of an `xs:include`/`xs:import` (relative locations are
   *   resolved by the caller); without it, includes and imports are an error
   */
  constructor(xsdText: string, options: XsdCompileOptions, load?: (location: string, from: string | undefined) => { text: string; id: string }, id?: string) {
    this.#options = options;
    const seen = new Set<string>(id === undefined ? [] : [id]);
    const add = (root: XsdNode, from: string | undefined): void => {
      for (const n of root.children) {
        if (n.local === 'include' || n.local === 'import' || n.local === 'redefine') {
          const location = n.attrs['schemaLocation'];
          if (location === undefined) continue; // an import of a namespace without a location: nothing to read
          if (load === undefined) throw new Error(`xs:${n.local} of '${location}' needs the XSD to be read from a file (xsd.schema.path)`);
          const next = load(location, from);
          if (seen.has(next.id)) continue;
          seen.add(next.id);
          add(parseXsd(next.text), next.id);
          continue;
        }
        const name = n.attrs['name'];
        if (name === undefined) continue;
        // The including document's declarations come first and win; namespaces are ignored (local names).
        const table = n.local === 'element' ? this.#elements : n.local === 'complexType' ? this.#complexTypes
          : n.local === 'simpleType' ? this.#simpleTypes : n.local === 'group' ? this.#groups
          : n.local === 'attributeGroup' ? this.#attributeGroups : undefined;
        if (table !== undefined && !table.has(name)) table.set(name, n);
      }
    };
    add(parseXsd(xsdText), id);
  }

  /** Names of the global elements (possible document roots). */
  get rootNames(): string[] {
    return [...this.#elements.keys()];
  }

  /** The plan for a document whose root element is `name`, or undefined when the XSD does not declare it. */
  rootPlan(name: string): ValuePlan | undefined {
    let plan = this.#roots.get(name);
    if (plan !== undefined) return plan;
    const node = this.#elements.get(name);
    if (node === undefined) return undefined;
    const inner = this.#elementPlan(node);
    // The root's schema carries the element name, so writing a struct back picks the same root element.
    // Arrays and maps stay unnamed: they are written under root.element.name anyway.
    plan = inner.kind === 'array' || inner.kind === 'map' ? inner : { ...inner, schema: SchemaBuilder.from(inner.schema).name(name).build() };
    this.#roots.set(name, plan);
    return plan;
  }

  #elementPlan(node: XsdNode): ValuePlan {
    // An inline type wins over a `type` attribute (an XSD should not have both; IBM's converter reads the inline one).
    for (const c of node.children) {
      if (c.local === 'complexType') return this.#complexPlan(c);
      if (c.local === 'simpleType') return primitivePlan(this.#simpleType(c));
    }
    const type = node.attrs['type'];
    if (type !== undefined) return this.#typePlan(localName(type));
    return primitivePlan(XSD_PRIMITIVES.get('string')!);
  }

  #typePlan(name: string): ValuePlan {
    const complex = this.#complexTypes.get(name);
    if (complex !== undefined) {
      const cached = this.#namedPlans.get(name);
      if (cached !== undefined) return cached;
      if (this.#compiling.has(name)) throw new Error(`XSD type '${name}' is recursive; Connect schemas cannot express recursion`);
      this.#compiling.add(name);
      try {
        const plan = this.#complexPlan(complex);
        this.#namedPlans.set(name, plan);
        return plan;
      } finally {
        this.#compiling.delete(name);
      }
    }
    return primitivePlan(this.#simpleTypeByName(name));
  }

  #simpleTypeByName(name: string): XsdPrimitive {
    const user = this.#simpleTypes.get(name);
    if (user !== undefined) return this.#simpleType(user);
    const builtin = XSD_PRIMITIVES.get(name);
    if (builtin === undefined) throw new Error(`XSD type '${name}' is neither declared in the XSD nor a supported built-in type`);
    return builtin;
  }

  #simpleType(node: XsdNode): XsdPrimitive {
    for (const c of node.children) {
      if (c.local === 'restriction') {
        const base = c.attrs['base'];
        let prim: XsdPrimitive;
        if (base !== undefined) prim = this.#simpleTypeByName(localName(base));
        else {
          const inline = c.children.find((x) => x.local === 'simpleType');
          prim = inline === undefined ? XSD_PRIMITIVES.get('string')! : this.#simpleType(inline);
        }
        const digits = c.children.find((x) => x.local === 'fractionDigits')?.attrs['value'];
        if (prim.xsType === 'decimal' && digits !== undefined) return decimalPrimitive(Number(digits));
        return prim;
      }
      if (c.local === 'list' || c.local === 'union') return XSD_PRIMITIVES.get('string')!;
    }
    return XSD_PRIMITIVES.get('string')!;
  }

  #complexPlan(node: XsdNode): StructPlan | CollectionPlan {
    const fields: FieldPlan[] = [];
    const state = { allowsAny: false };
    this.#complexContent(node, fields, state);
    if (node.attrs['mixed'] === 'true' && !fields.some((f) => f.source === 'text')) {
      fields.push(this.#textField(XSD_PRIMITIVES.get('string')!, true));
    }
    const collection = node.attrs['connect:type'];
    if (collection === 'array' || collection === 'map') return collectionPlan(collection, fields);
    return structPlan(fields, state.allowsAny);
  }

  /** Adds the fields of a complexType's content in IBM's order: text, elements, then attributes. */
  #complexContent(node: XsdNode, fields: FieldPlan[], state: { allowsAny: boolean }): void {
    const elements: FieldPlan[] = [];
    const attributes: FieldPlan[] = [];
    for (const c of node.children) {
      switch (c.local) {
        case 'sequence':
        case 'all':
        case 'choice':
        case 'group':
          this.#particles(c, ONCE, elements, state);
          break;
        case 'attribute':
        case 'attributeGroup':
          this.#attributes(c, attributes);
          break;
        case 'anyAttribute':
          break;
        case 'simpleContent':
          this.#simpleContent(c, fields);
          break;
        case 'complexContent':
          this.#complexContentDerivation(c, fields, elements, state);
          break;
        default:
          break;
      }
    }
    // simpleContent/complexContent put text and attributes in `fields`; attributes go last, as IBM orders them.
    const text = fields.filter((f) => f.source === 'text');
    const inherited = fields.filter((f) => f.source !== 'text');
    fields.length = 0;
    fields.push(...text, ...elements, ...inherited.filter((f) => f.source === 'element'), ...inherited.filter((f) => f.source === 'attribute'), ...attributes);
  }

  #complexContentDerivation(node: XsdNode, fields: FieldPlan[], elements: FieldPlan[], state: { allowsAny: boolean }): void {
    for (const d of node.children) {
      if (d.local !== 'extension' && d.local !== 'restriction') continue;
      const base = d.attrs['base'];
      if (d.local === 'extension' && base !== undefined && localName(base) !== 'anyType') {
        const baseNode = this.#complexTypes.get(localName(base));
        if (baseNode === undefined) throw new Error(`complexContent base type '${base}' is not declared in the XSD`);
        const baseFields: FieldPlan[] = [];
        this.#complexContent(baseNode, baseFields, state);
        for (const f of baseFields) (f.source === 'element' ? elements : fields).push(f);
      }
      const own: FieldPlan[] = [];
      this.#complexContent(d, own, state);
      for (const f of own) (f.source === 'element' ? elements : fields).push(f);
    }
  }

  #simpleContent(node: XsdNode, fields: FieldPlan[]): void {
    for (const d of node.children) {
      if (d.local !== 'extension' && d.local !== 'restriction') continue;
      const base = d.attrs['base'];
      const baseName = base === undefined ? 'string' : localName(base);
      const baseComplex = this.#complexTypes.get(baseName);
      if (baseComplex !== undefined) {
        const inherited: FieldPlan[] = [];
        this.#complexContent(baseComplex, inherited, { allowsAny: false });
        fields.push(...inherited);
      } else {
        fields.push(this.#textField(this.#simpleTypeByName(baseName), false));
      }
      for (const a of d.children) if (a.local === 'attribute' || a.local === 'attributeGroup') this.#attributes(a, fields);
    }
  }

  #textField(prim: XsdPrimitive, optional: boolean): FieldPlan {
    const plan = primitivePlan(prim);
    return { name: this.#options.textField, xmlName: '', source: 'text', repeated: false, optional, plan };
  }

  #attributes(node: XsdNode, fields: FieldPlan[]): void {
    if (node.local === 'attributeGroup') {
      const ref = node.attrs['ref'];
      const group = ref === undefined ? node : this.#attributeGroups.get(localName(ref));
      if (group === undefined) throw new Error(`attributeGroup '${ref}' is not declared in the XSD`);
      for (const a of group.children) if (a.local === 'attribute' || a.local === 'attributeGroup') this.#attributes(a, fields);
      return;
    }
    const name = node.attrs['name'] ?? (node.attrs['ref'] === undefined ? undefined : localName(node.attrs['ref']));
    if (name === undefined) return;
    const type = node.attrs['type'];
    const inline = node.children.find((c) => c.local === 'simpleType');
    const prim = type !== undefined ? this.#simpleTypeByName(localName(type)) : inline !== undefined ? this.#simpleType(inline) : XSD_PRIMITIVES.get('string')!;
    fields.push({
      name: this.#options.attributePrefix + name,
      xmlName: name,
      source: 'attribute',
      repeated: false,
      optional: node.attrs['use'] !== 'required',
      plan: primitivePlan(prim),
    });
  }

  #particles(node: XsdNode, outer: Occurs, out: FieldPlan[], state: { allowsAny: boolean }): void {
    if (node.local === 'group') {
      const ref = node.attrs['ref'];
      const group = ref === undefined ? node : this.#groups.get(localName(ref));
      if (group === undefined) throw new Error(`group '${ref}' is not declared in the XSD`);
      const inner = occurs(node, outer);
      for (const c of group.children) this.#particles(c, inner, out, state);
      return;
    }
    if (node.local === 'any') {
      state.allowsAny = true;
      return;
    }
    if (node.local === 'element') {
      out.push(this.#elementField(node, occurs(node, outer)));
      return;
    }
    if (node.local !== 'sequence' && node.local !== 'all' && node.local !== 'choice') return;
    const o = occurs(node, outer);
    const inner = node.local === 'choice' ? { ...o, optional: true } : o;
    for (const c of node.children) this.#particles(c, inner, out, state);
  }

  #elementField(node: XsdNode, o: Occurs): FieldPlan {
    const ref = node.attrs['ref'];
    let decl = node;
    if (ref !== undefined) {
      const global = this.#elements.get(localName(ref));
      if (global === undefined) throw new Error(`element ref '${ref}' is not declared in the XSD`);
      decl = global;
    }
    const name = decl.attrs['name'];
    if (name === undefined) throw new Error('an xs:element has neither name nor ref');
    return { name, xmlName: name, source: 'element', repeated: o.repeated, optional: o.optional, plan: this.#elementPlan(decl) };
  }
}

function primitivePlan(prim: XsdPrimitive): PrimitivePlan {
  return { kind: 'primitive', schema: prim.builder().build(), keepsWhitespace: prim.builder().build().type === 'string', read: prim.read };
}

function fieldSchema(f: FieldPlan): Schema {
  let b = f.repeated ? SchemaBuilder.array(f.plan.schema) : SchemaBuilder.from(f.plan.schema);
  if (f.optional) b = b.optional();
  if (f.source === 'attribute') b = b.parameter(XML_ATTRIBUTE_PARAM, 'true');
  else if (f.source === 'text') b = b.parameter(XML_TEXT_PARAM, 'true');
  return b.build();
}

function collectionPlan(kind: 'array' | 'map', fields: readonly FieldPlan[]): CollectionPlan {
  const entry = fields.length === 1 ? fields[0]! : undefined;
  if (entry === undefined || entry.xmlName !== 'entry' || !entry.repeated) {
    throw new Error(`a complexType marked connect:type="${kind}" must hold exactly one repeated <entry> element`);
  }
  if (kind === 'array') return { kind, schema: SchemaBuilder.array(entry.plan.schema).build(), entry };
  const struct = entry.plan;
  const key = struct.kind === 'struct' ? struct.elements.get('key') : undefined;
  const value = struct.kind === 'struct' ? struct.elements.get('value') : undefined;
  if (key === undefined || value === undefined) throw new Error('a complexType marked connect:type="map" needs <entry> elements of <key> and <value>');
  const side = (f: FieldPlan) => (f.optional ? SchemaBuilder.from(f.plan.schema).optional().build() : f.plan.schema);
  return { kind, schema: SchemaBuilder.map(side(key), side(value)).build(), entry };
}

function structPlan(fields: FieldPlan[], allowsAny: boolean): StructPlan {
  let b = SchemaBuilder.struct();
  const elements = new Map<string, FieldPlan>();
  const attributes = new Map<string, FieldPlan>();
  let text: FieldPlan | undefined;
  for (const f of fields) {
    if (f.name === '__proto__') throw new Error("the XSD declares an element or attribute named '__proto__', which a Connect field cannot be");
    try {
      b = b.field(f.name, fieldSchema(f));
    } catch (err) {
      throw new Error(`${(err as Error).message}: an attribute and an element (or the text field) share the name; set xml.attribute.prefix or xml.text.field.name`);
    }
    if (f.source === 'element') elements.set(f.xmlName, f);
    else if (f.source === 'attribute') attributes.set(f.xmlName, f);
    else text = f;
  }
  return { kind: 'struct', schema: b.build(), fields, elements, attributes, text, allowsAny };
}
