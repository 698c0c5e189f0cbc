/**
 * The entity decoder handed to fast-xml-parser. Its built-in one is rebuilt (with the HTML entity tables
 * copied) on every `parse`, which halves throughput on small documents; this one is created once per
 * parser. It decodes in a single left-to-right pass, as XML requires (`&amp;#65;` is the text `&#65;`):
 * the five predefined entities, decimal and hex character references, and entities declared in the
 * document's internal DOCTYPE subset (inserted as plain text: no recursive expansion, so no entity bombs).
 * An undeclared entity is an error, as in any conforming parser.
 */
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/g;
/** Most text an internal entity may add to one document. */
const MAX_EXPANDED_CHARS = 1 << 20;

export class XmlEntityDecoder {
  #declared = new Map<string, string>();
  #expanded = 0;

  setExternalEntities(_entities: Record<string, string>): void {}

  addInputEntities(entities: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(entities)) {
      this.#declared.set(name, typeof value === 'string' ? value : String((value as { val?: unknown })?.val ?? ''));
    }
  }

  reset(): void {
    if (this.#declared.size > 0) this.#declared = new Map();
    this.#expanded = 0;
  }

  setXmlVersion(_version: number): void {}

  decode(text: string): string {
    if (text.indexOf('&') < 0) return text;
    return text.replace(REFERENCE, (whole, ref: string) => {
      if (ref.charCodeAt(0) === 35 /* # */) {
        const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new Error(`invalid character reference ${whole}`);
        return String.fromCodePoint(code);
      }
      const predefined = PREDEFINED[ref];
      if (predefined !== undefined) return predefined;
      const declared = this.#declared.get(ref);
      if (declared === undefined) throw new Error(`undefined entity ${whole}`);
      this.#expanded += declared.length;
      if (this.#expanded > MAX_EXPANDED_CHARS) throw new Error(`entity expansion exceeds ${MAX_EXPANDED_CHARS} characters`);
      return declared;
    });
  }
}
