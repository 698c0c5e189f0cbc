/**
 * A tiny ordered DOM of an XSD, read with saxes (namespace-aware, so `xs:`, `xsd:` or any other prefix bound
 * to the XML Schema namespace works — IBM's converter expects the literal `xs:`). Only XSD elements are kept;
 * annotations and foreign elements are dropped, and of foreign attributes only `connect:*` (xsd-plan.ts).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { CONNECT_XSD_NS } from './xsd-plan.js';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export interface XsdNode {
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XsdNode[];
}

export function parseXsd(text: string): XsdNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XsdNode[] = [];
  let skipDepth = 0;
  let root: XsdNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (skipDepth > 0 || tag.uri !== XSD_NS || tag.local === 'annotation') {
      skipDepth++;
      return;
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === '') attrs[a.local] = a.value;
      else if (a.uri === CONNECT_XSD_NS) attrs['connect:' + a.local] = a.value;
    }
    const node: XsdNode = { local: tag.local, attrs, children: [] };
    if (stack.length === 0) root ??= node;
    else stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    if (skipDepth > 0) skipDepth--;
    else stack.pop();
  });
  parser.write(text).close();
  if (root === undefined || root.local !== 'schema') throw new Error('the XSD has no xs:schema root element');
  return root;
}

/** A QName attribute value (`xs:int`, `tns:Order`) without its prefix. */
export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}
