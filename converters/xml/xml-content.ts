/**
 * The intermediate form of a parsed element, as fast-xml-parser produces it (and as the streaming source's
 * SAX builder reproduces it): a text-only element without attributes is its text; any other element is an
 * object whose keys are `@_name` (attributes), `#text` (its text, pieces joined) and child names (one child:
 * its content; repeated children: an array, in document order).
 */
export type XmlContent = string | XmlObject;
export interface XmlObject {
  [key: string]: XmlContent | XmlContent[];
}

/** Key prefix of attributes in `XmlObject`. */
export const ATTR_PREFIX = '@_';
/** Key of an element's text in `XmlObject`. */
export const TEXT_KEY = '#text';
