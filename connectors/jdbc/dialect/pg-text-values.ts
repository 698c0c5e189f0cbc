/**
 * PostgreSQL text-format values → Connect values. The source reads every column as text (DateStyle ISO,
 * bytea_output hex) and converts here, so precision is never lost on the way (int8 beyond 2^53 → bigint,
 * numeric stays a decimal string, timestamps keep microseconds for offsets).
 */
import pg from 'pg';
import { DataError } from '../../../src/api/index.js';
import { wallClockToUtc } from './zoned-time.js';

const TS_RE = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;
const DATE_RE = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** An instant with sub-millisecond precision: epoch millis plus nanos within the second (Java Timestamp style). */
export interface PreciseInstant {
  readonly epochMs: number;
  readonly nanos: number;
}

function notRepresentable(text: string, what: string): DataError {
  return new DataError(`${what} value '${text}' has no Connect representation (infinite or out of range)`, { code: 'TRIB_JDBC_VALUE' });
}

function fractionNanos(frac: string | undefined): number {
  return frac === undefined ? 0 : Number(frac.padEnd(9, '0'));
}

/**
 * Parses `timestamp` / `timestamptz` text. A value without an offset is wall-clock time in `tz`.
 */
export function parseTimestamp(text: string, tz: string): PreciseInstant {
  return parseTimestampFast(text, tz) ?? parseTimestampSlow(text, tz);
}

/** Date.UTC, but years 0–99 stay years 0–99 (Date.UTC would read them as 1900–1999). */
function utcWall(y: number, mo: number, d: number, h: number, mi: number, sec: number): number {
  if (y >= 100 || y < 0 || Number.isNaN(y)) return Date.UTC(y, mo, d, h, mi, sec);
  const t = new Date(Date.UTC(2000, mo, d, h, mi, sec));
  t.setUTCFullYear(y);
  return t.getTime();
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** The common shape `YYYY-MM-DD HH:MM:SS[.f{1,6}][±HH[:MM]]` without a regex (a hot path of the source); undefined otherwise. */
function parseTimestampFast(s: string, tz: string): PreciseInstant | undefined {
  const len = s.length;
  if (len < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 32) return undefined;
  const wall = utcWall(digits(s, 0, 4), digits(s, 5, 2) - 1, digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2));
  if (Number.isNaN(wall)) return undefined;
  let at = 19;
  let nanos = 0;
  if (at < len && s.charCodeAt(at) === 46) {
    let scale = 100_000_000;
    at++;
    while (at < len) {
      const d = s.charCodeAt(at) - 48;
      if (d < 0 || d > 9) break;
      nanos += d * scale;
      scale /= 10;
      at++;
    }
  }
  let seconds: number;
  if (at === len) {
    seconds = wallClockToUtc(wall, tz);
  } else {
    const sign = s.charCodeAt(at);
    if (sign !== 43 && sign !== 45) return undefined;
    const rest = len - at - 1;
    let offset: number;
    if (rest === 2) offset = digits(s, at + 1, 2) * 3600;
    else if (rest === 5 && s.charCodeAt(at + 3) === 58) offset = digits(s, at + 1, 2) * 3600 + digits(s, at + 4, 2) * 60;
    else return undefined;
    if (Number.isNaN(offset)) return undefined;
    seconds = wall - (sign === 45 ? -offset : offset) * 1000;
  }
  return { epochMs: seconds + Math.floor(nanos / 1_000_000), nanos };
}

function parseTimestampSlow(text: string, tz: string): PreciseInstant {
  const m = TS_RE.exec(text);
  if (m === null) throw notRepresentable(text, 'timestamp');
  let year = Number(m[1]);
  if (m[12] !== undefined) year = 1 - year;
  const nanos = fractionNanos(m[7]);
  const wall = utcWall(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  let seconds: number;
  if (m[8] !== undefined) {
    const sign = m[8] === '-' ? -1 : 1;
    const offset = sign * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
    seconds = wall - offset;
  } else {
    seconds = wallClockToUtc(wall, tz);
  }
  const epochMs = seconds + Math.floor(nanos / 1_000_000);
  if (!Number.isFinite(new Date(epochMs).getTime())) throw notRepresentable(text, 'timestamp');
  return { epochMs, nanos };
}

export function parseDate(text: string): Date {
  const m = DATE_RE.exec(text);
  if (m === null) throw notRepresentable(text, 'date');
  let year = Number(m[1]);
  if (m[4] !== undefined) year = 1 - year;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  if (year >= 0 && year < 100) d.setUTCFullYear(year);
  return d;
}

/** `time` → a Date on 1970-01-01 UTC (millisecond precision, as Connect's Time). */
export function parseTime(text: string): Date {
  const m = TIME_RE.exec(text);
  if (m === null) throw notRepresentable(text, 'time');
  const ms = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + Math.floor(fractionNanos(m[4]) / 1_000_000);
  return new Date(Math.min(ms, 86_399_999)); // 24:00:00 is a valid PostgreSQL time; Connect's Time ends before it
}

export function parseInt64(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

export function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex');
  throw new DataError(`bytea value is not in hex format; set bytea_output=hex`, { code: 'TRIB_JDBC_VALUE' });
}

/** Parses a one-dimensional (or nested) PostgreSQL array literal, converting each non-null element. */
export function parseArray<T>(text: string, element: (s: string) => T): (T | null)[] {
  return arrayParser.create(text, element).parse() as (T | null)[];
}

// pg-types' d.ts describes arrayParser as a function; the object it exports has `create` (pg-types 2.x).
const arrayParser = pg.types.arrayParser as unknown as {
  create(source: string, transform: (entry: string) => unknown): { parse(): unknown[] };
};
