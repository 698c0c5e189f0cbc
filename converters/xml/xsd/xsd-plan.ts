/**
 * What the XSD compiler produces for each element: its Connect schema and how to read its XML. Plans are
 * built once per XSD (and root element) and reused for every document.
 */
import type { Schema } from '../../../src/api/index.js';

export interface PrimitivePlan {
  readonly kind: 'primitive';
  readonly schema: Schema;
  /** xs:string-like types keep their text verbatim; the others are whitespace-trimmed first. */
  readonly keepsWhitespace: boolean;
  readonly read: (text: string) => unknown;
}

export interface StructPlan {
  readonly kind: 'struct';
  readonly schema: Schema;
  readonly fields: readonly FieldPlan[];
  /** Child element name → field. */
  readonly elements: ReadonlyMap<string, FieldPlan>;
  /** Attribute name → field. */
  readonly attributes: ReadonlyMap<string, FieldPlan>;
  /** The field holding the element's own text (simpleContent, mixed), if any. */
  readonly text: FieldPlan | undefined;
  /** xs:any in the content model: undeclared child elements are skipped instead of rejected. */
  readonly allowsAny: boolean;
}

/**
 * A Connect array or map that the XML carries as repeated `<entry>` children (the layout the writer uses). The
 * XSD generator marks such complexTypes with `connect:type="array"|"map"`; unmarked ones stay structs, as IBM's.
 */
export interface CollectionPlan {
  readonly kind: 'array' | 'map';
  readonly schema: Schema;
  /** The repeated `entry` element (for maps: a struct of `key` and `value`). */
  readonly entry: FieldPlan;
}

export type ValuePlan = PrimitivePlan | StructPlan | CollectionPlan;

export interface FieldPlan {
  /** The Connect field name. */
  readonly name: string;
  /** The element or attribute name in the XML. */
  readonly xmlName: string;
  readonly source: 'element' | 'attribute' | 'text';
  readonly repeated: boolean;
  readonly optional: boolean;
  readonly plan: ValuePlan;
}

/** Schema parameters that tell the XML writer (and XSD generator) a field is an attribute or the element's text. */
export const XML_ATTRIBUTE_PARAM = 'xml.attribute';
export const XML_TEXT_PARAM = 'xml.text';

/** Namespace of the `connect:type` marker the XSD generator puts on array/map complexTypes. */
export const CONNECT_XSD_NS = 'urn:tributary:connect';
