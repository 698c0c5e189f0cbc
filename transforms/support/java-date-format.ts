import { ConfigError } from '../../src/api/index.js';

/**
 * The part of Java's SimpleDateFormat that Connect configs use, always in UTC (as Kafka's TimestampRouter
 * and TimestampConverter set). Letters: y M d H h k K m s S a E D Z X z, plus 'quoted text'.
 * Compiled once in `configure()`; `format` and `parse` are then plain loops.
 */
type Token = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'field'; readonly letter: string; readonly width: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUPPORTED = 'yMdHhkKmsSaEDZXzu';

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new ConfigError(`Unterminated quote in date format pattern: ${pattern}`);
      out.push({ kind: 'literal', text: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED.includes(c)) throw new ConfigError(`Illegal pattern character '${c}' in date format ${pattern}`);
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ kind: 'field', letter: c, width: j - i });
      i = j;
    } else {
      out.push({ kind: 'literal', text: c });
      i++;
    }
  }
  return out;
}

/** How long each letter's text stays the same (letters not listed change at most daily). */
const RESOLUTION: Readonly<Record<string, number>> = { S: 1, s: 1000, m: 60_000, H: 3_600_000, h: 3_600_000, k: 3_600_000, K: 3_600_000, a: 3_600_000 };

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export class JavaDateFormat {
  readonly pattern: string;
  readonly #tokens: Token[];
  #parser: { re: RegExp; fields: Token[] } | undefined;

  /**
   * The span of time over which `format` gives the same text (1 ms with `S`, a day for `yyyyMMdd`), so a
   * caller may reuse the last formatted text while `floor(ms / resolutionMs)` is unchanged.
   */
  readonly resolutionMs: number;

  constructor(pattern: string) {
    this.pattern = pattern;
    this.#tokens = tokenize(pattern);
    let res = 86_400_000;
    for (const t of this.#tokens) if (t.kind === 'field') res = Math.min(res, RESOLUTION[t.letter] ?? 86_400_000);
    this.resolutionMs = res;
  }

  #lastSlot = NaN;
  #lastText = '';

  /**
   * `format(new Date(ms))`, remembering the last result: consecutive records usually fall in the same
   * day (or hour, second…), so most calls are one division and a compare.
   */
  formatMillis(ms: number): string {
    const slot = Math.floor(ms / this.resolutionMs);
    if (slot !== this.#lastSlot) {
      this.#lastText = this.format(new Date(ms));
      this.#lastSlot = slot;
    }
    return this.#lastText;
  }

  format(date: Date): string {
    let s = '';
    for (const t of this.#tokens) s += t.kind === 'literal' ? t.text : formatField(t.letter, t.width, date);
    return s;
  }

  /** Parses `text` (all of it) as UTC; throws an Error with Java's "Unparseable date" message on mismatch. */
  parse(text: string): Date {
    this.#parser ??= this.#compileParser();
    const m = this.#parser.re.exec(text);
    if (m === null) throw new Error(`Unparseable date: "${text}"`);
    let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, ms = 0, pm = false, hasAmPm = false, offsetMin = 0;
    let dayOfYear: number | undefined;
    this.#parser.fields.forEach((t, i) => {
      const v = m[i + 1]!;
      if (t.kind !== 'field') return;
      switch (t.letter) {
        case 'y':
          year = t.width === 2 && v.length === 2 ? 2000 + Number(v) : Number(v);
          break;
        case 'M':
          month = t.width >= 3 ? MONTHS.findIndex((n) => n.toLowerCase().startsWith(v.toLowerCase())) : Number(v) - 1;
          break;
        case 'd':
          day = Number(v);
          break;
        case 'D':
          dayOfYear = Number(v);
          break;
        case 'H':
        case 'k':
          hour = Number(v) % 24;
          break;
        case 'h':
        case 'K':
          hour = Number(v) % 12;
          break;
        case 'm':
          minute = Number(v);
          break;
        case 's':
          second = Number(v);
          break;
        case 'S':
          ms = Number(v);
          break;
        case 'a':
          hasAmPm = true;
          pm = v.toUpperCase() === 'PM';
          break;
        case 'Z':
        case 'X':
        case 'z':
          offsetMin = parseOffset(v);
          break;
      }
    });
    if (hasAmPm && pm) hour += 12;
    const base = dayOfYear === undefined ? Date.UTC(year, month, day, hour, minute, second, ms) : Date.UTC(year, 0, dayOfYear, hour, minute, second, ms);
    const d = new Date(base - offsetMin * 60_000);
    if (Number.isNaN(d.getTime())) throw new Error(`Unparseable date: "${text}"`);
    return d;
  }

  #compileParser(): { re: RegExp; fields: Token[] } {
    let src = '^';
    const fields: Token[] = [];
    for (let i = 0; i < this.#tokens.length; i++) {
      const t = this.#tokens[i]!;
      if (t.kind === 'literal') {
        src += t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        continue;
      }
      const next = this.#tokens[i + 1];
      // Adjacent numeric fields (yyyyMMdd) must be read by width, as Java does.
      const fixed = next !== undefined && next.kind === 'field';
      fields.push(t);
      src += `(${fieldRegex(t.letter, t.width, fixed)})`;
    }
    return { re: new RegExp(src + '$', 'i'), fields };
  }
}

function fieldRegex(letter: string, width: number, fixed: boolean): string {
  const digits = fixed ? `\\d{${width}}` : `\\d{1,${Math.max(width, letter === 'y' ? 9 : letter === 'S' ? 9 : 2)}}`;
  switch (letter) {
    case 'y':
      return fixed || width === 2 ? `\\d{${width === 2 ? 2 : width}}` : '-?\\d{1,9}';
    case 'M':
      return width >= 3 ? '[A-Za-z]+' : digits;
    case 'a':
      return '[AaPp][Mm]';
    case 'E':
      return '[A-Za-z]+';
    case 'Z':
      return '[+-]\\d{4}|Z';
    case 'X':
      return 'Z|[+-]\\d{2}(?::?\\d{2})?';
    case 'z':
      return '[A-Za-z]+|[+-]\\d{2}:?\\d{2}|GMT[+-]\\d{2}:?\\d{2}';
    case 'D':
      return fixed ? `\\d{${width}}` : '\\d{1,3}';
    default:
      return digits;
  }
}

function parseOffset(v: string): number {
  if (v === 'Z' || v === 'z' || /^[A-Za-z]+$/.test(v)) return 0;
  const m = /([+-])(\d{2}):?(\d{2})?/.exec(v);
  if (m === null) return 0;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -mins : mins;
}

function formatField(letter: string, width: number, d: Date): string {
  switch (letter) {
    case 'y': {
      const y = d.getUTCFullYear();
      return width === 2 ? pad(y % 100, 2) : pad(y, width);
    }
    case 'u':
      return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), width);
    case 'M':
      if (width >= 4) return MONTHS[d.getUTCMonth()]!;
      if (width === 3) return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      return pad(d.getUTCMonth() + 1, width);
    case 'd':
      return pad(d.getUTCDate(), width);
    case 'D': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return pad(Math.floor((d.getTime() - start) / 86_400_000) + 1, width);
    }
    case 'H':
      return pad(d.getUTCHours(), width);
    case 'k':
      return pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), width);
    case 'K':
      return pad(d.getUTCHours() % 12, width);
    case 'h':
      return pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, width);
    case 'm':
      return pad(d.getUTCMinutes(), width);
    case 's':
      return pad(d.getUTCSeconds(), width);
    case 'S':
      return pad(d.getUTCMilliseconds(), width);
    case 'a':
      return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'E':
      return width >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
    case 'Z':
      return '+0000';
    case 'X':
      return 'Z';
    case 'z':
      return width >= 4 ? 'Coordinated Universal Time' : 'UTC';
    default:
      return '';
  }
}
