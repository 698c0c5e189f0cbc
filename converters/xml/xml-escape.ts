/** XML names and escaping for the writer (no dependency: it runs once per value on the hot path). */

// XML 1.0 Name, restricted to the BMP letter ranges the spec allows at the start and inside a name.
const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NAME_RE = new RegExp(`^[${NAME_START}:][${NAME_CHAR}:]*$`);

/** True when `name` may be an element or attribute name (names starting with "xml" are allowed, as parsers do). */
export function isXmlName(name: string): boolean {
  return NAME_RE.test(name);
}

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\r\n\t]/;
// Characters XML 1.0 cannot carry at all, even as character references.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkChars(s: string): void {
  if (FORBIDDEN.test(s)) {
    const at = s.search(FORBIDDEN);
    throw new Error(`character U+${s.charCodeAt(at).toString(16).padStart(4, '0').toUpperCase()} at index ${at} cannot be written in XML 1.0`);
  }
}

/** Escapes element text; `\r` becomes `&#13;` so parsers' newline normalisation does not change it. */
export function escapeText(s: string): string {
  checkChars(s);
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value (double-quoted); whitespace characters are kept as references. */
export function escapeAttr(s: string): string {
  checkChars(s);
  if (!ATTR_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"\r\n\t]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\r': return '&#13;';
      case '\n': return '&#10;';
      default: return '&#9;';
    }
  });
}
