/**
 * Java `.properties` files, read and written with `java.util.Properties` rules (load0/LineReader/saveConvert):
 * - a natural line ends at \n, \r or \r\n; leading spaces, tabs and form feeds are skipped;
 * - a line whose first non-blank char is `#` or `!` is a comment (and is never continued);
 * - an odd number of trailing backslashes continues the logical line; the next line's leading blanks are dropped;
 * - the key ends at the first unescaped `=`, `:` or blank; blanks around one `=`/`:` separator are skipped;
 * - escapes: `\t \n \r \f`, `\uXXXX`, and `\x` → `x` for any other char (so `\=`, `\:`, `\ ` and `\\`).
 * Files are read as UTF-8 (Java's InputStream loader uses ISO-8859-1; ASCII files read the same either way).
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../api/errors.js';

const BLANK = new Set([' ', '\t', '\f']);

function trailingBackslashes(line: string): number {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n;
}

function skipBlanks(line: string, from = 0): number {
  let i = from;
  while (i < line.length && BLANK.has(line[i] as string)) i++;
  return i;
}

/** Joins natural lines into logical lines (comments and blank lines dropped). */
function logicalLines(text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (let i = 0; i < natural.length; i++) {
    let line = (natural[i] as string).slice(skipBlanks(natural[i] as string));
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    while (trailingBackslashes(line) % 2 === 1) {
      line = line.slice(0, -1);
      i++;
      if (i >= natural.length) break; // a lone backslash at end of file is dropped
      const next = natural[i] as string;
      const rest = next.slice(skipBlanks(next));
      line += rest;
      if (rest === '') break; // a blank continuation line ends the logical line
    }
    out.push(line);
  }
  return out;
}

/** Java's `loadConvert`: resolves backslash escapes. */
function unescape(s: string, lineText: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= s.length) break;
    const e = s[i] as string;
    if (e === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ConfigError(`Malformed \\uxxxx encoding in properties line: ${lineText}`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else if (e === 't') out += '\t';
    else if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === 'f') out += '\f';
    else out += e;
  }
  return out;
}

/** Parses `.properties` text. Later duplicates win; key order is first appearance. */
export function parseProperties(text: string): Record<string, string> {
  const entries = new Map<string, string>();
  for (const line of logicalLines(text.replace(/^\uFEFF/, ''))) {
    let keyEnd = 0;
    let valueStart = line.length;
    let hasSeparator = false;
    let escaped = false;
    for (; keyEnd < line.length; keyEnd++) {
      const c = line[keyEnd] as string;
      if (!escaped && (c === '=' || c === ':')) {
        valueStart = keyEnd + 1;
        hasSeparator = true;
        break;
      }
      if (!escaped && BLANK.has(c)) {
        valueStart = keyEnd + 1;
        break;
      }
      escaped = c === '\\' ? !escaped : false;
    }
    while (valueStart < line.length) {
      const c = line[valueStart] as string;
      if (!BLANK.has(c)) {
        if (!hasSeparator && (c === '=' || c === ':')) hasSeparator = true;
        else break;
      }
      valueStart++;
    }
    entries.set(unescape(line.slice(0, keyEnd), line), unescape(line.slice(valueStart), line));
  }
  // fromEntries defines own properties, so a key like "__proto__" stays an ordinary key.
  return Object.fromEntries(entries);
}

export async function readPropertiesFile(path: string): Promise<Record<string, string>> {
  return parseProperties(await readFile(path, 'utf8'));
}

/** Java's `saveConvert`. Keys escape every space; values only a leading one. */
function escape(s: string, isKey: boolean, escapeUnicode: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const code = s.charCodeAt(i);
    switch (c) {
      case '\\': out += '\\\\'; break;
      case ' ': out += i === 0 || isKey ? '\\ ' : ' '; break;
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\f': out += '\\f'; break;
      case '=': case ':': case '#': case '!': out += `\\${c}`; break;
      default:
        if (code < 0x20 || (escapeUnicode && code > 0x7e)) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        else out += c;
    }
  }
  return out;
}

export interface WritePropertiesOptions {
  /** Comment lines written first (each prefixed with `#`). */
  readonly comments?: readonly string[];
  /** Escape non-ASCII as `\uXXXX` (what Java's `store(OutputStream)` does). Default false (UTF-8 output). */
  readonly escapeUnicode?: boolean;
}

/** Writes `key=value` lines that `parseProperties` (and Java) read back to the same map. */
export function stringifyProperties(
  props: Readonly<Record<string, string>>,
  options: WritePropertiesOptions = {},
): string {
  const lines = (options.comments ?? []).map((c) => `#${c.replace(/\r?\n|\r/g, '\n#')}`);
  const unicode = options.escapeUnicode ?? false;
  for (const [key, value] of Object.entries(props)) {
    lines.push(`${escape(key, true, unicode)}=${escape(value, false, unicode)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
