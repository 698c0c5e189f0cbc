/**
 * Formats a time bucket with a Joda-Time pattern, as Confluent's TimeBasedPartitioner does with
 * `path.format`: letters are fields (`YYYY`, `MM`, `dd`, `HH`, …), text in single quotes is literal, `''` is
 * a quote, other characters are literal. Input is *local* time as epoch-style ms (already shifted by the
 * zone offset), so fields are read with the UTC getters.
 */
import { ConfigError } from '../../../src/api/index.js';

type Part = string | ((t: Date) => string);

const pad = (n: number, width: number): string => {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
};

export class JodaPathFormat {
  readonly #parts: readonly Part[];

  constructor(readonly pattern: string, locale: string) {
    this.#parts = compile(pattern, locale === '' ? 'en-US' : locale);
  }

  format(localMs: number): string {
    const t = new Date(localMs);
    let out = '';
    for (const p of this.#parts) out += typeof p === 'string' ? p : p(t);
    return out;
  }
}

function compile(pattern: string, locale: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") { literal += "'"; i += 2; continue; }
      const end = findQuoteEnd(pattern, i + 1);
      literal += pattern.slice(i + 1, end).replaceAll("''", "'");
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) { literal += c; i++; continue; }
    let n = 1;
    while (pattern[i + n] === c) n++;
    if (literal !== '') { parts.push(literal); literal = ''; }
    parts.push(field(c, n, locale, pattern));
    i += n;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function findQuoteEnd(pattern: string, from: number): number {
  for (let i = from; i < pattern.length; i++) {
    if (pattern[i] !== "'") continue;
    if (pattern[i + 1] === "'") { i++; continue; }
    return i;
  }
  throw new ConfigError(`Invalid value ${pattern} for configuration path.format: unterminated quote`, { 'path.format': ['unterminated quote'] });
}

function names(locale: string, option: Intl.DateTimeFormatOptions): (t: Date) => string {
  const f = new Intl.DateTimeFormat(locale, { ...option, timeZone: 'UTC' });
  return (t) => f.format(t);
}

function field(c: string, n: number, locale: string, pattern: string): (t: Date) => string {
  switch (c) {
    case 'y': case 'Y': case 'u': case 'x':
      return n === 2 ? (t) => pad(t.getUTCFullYear() % 100, 2) : (t) => pad(t.getUTCFullYear(), n);
    case 'M':
      if (n >= 4) return names(locale, { month: 'long' });
      if (n === 3) return names(locale, { month: 'short' });
      return (t) => pad(t.getUTCMonth() + 1, n);
    case 'd': return (t) => pad(t.getUTCDate(), n);
    case 'D': return (t) => pad(Math.floor((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, n);
    case 'H': return (t) => pad(t.getUTCHours(), n);
    case 'k': return (t) => pad(t.getUTCHours() === 0 ? 24 : t.getUTCHours(), n);
    case 'K': return (t) => pad(t.getUTCHours() % 12, n);
    case 'h': return (t) => pad(t.getUTCHours() % 12 === 0 ? 12 : t.getUTCHours() % 12, n);
    case 'm': return (t) => pad(t.getUTCMinutes(), n);
    case 's': return (t) => pad(t.getUTCSeconds(), n);
    case 'S': return (t) => pad(t.getUTCMilliseconds(), 3).slice(0, n).padEnd(n, '0');
    case 'E': return names(locale, { weekday: n >= 4 ? 'long' : 'short' });
    case 'e': return (t) => pad(t.getUTCDay() === 0 ? 7 : t.getUTCDay(), n);
    case 'a': return (t) => (t.getUTCHours() < 12 ? 'AM' : 'PM');
    default:
      throw new ConfigError(`Invalid value ${pattern} for configuration path.format: unsupported Joda field letter '${c}' (use y M d H m s S D E e a k h K and quoted literals)`, {
        'path.format': [`unsupported field letter '${c}'`],
      });
  }
}
