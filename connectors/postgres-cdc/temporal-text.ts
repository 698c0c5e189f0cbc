/**
 * Parsers for PostgreSQL's text output of date/time types (DateStyle=ISO, IntervalStyle=iso_8601, as the
 * connector sets on its sessions) into the numbers Debezium's io.debezium.time.* types carry. Pure.
 */
import { latin1Text } from './buffer-text.js';

function fractionMicros(frac: string | undefined): number {
  if (frac === undefined || frac === '') return 0;
  return Number(frac.slice(0, 6).padEnd(6, '0'));
}

/** Days since 1970-01-01 for `YYYY-MM-DD` (with optional ` BC`). */
export function dateTextToDays(text: string): number {
  const m = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text);
  if (m === null) throw new Error(`unsupported date text ${JSON.stringify(text)}`);
  let year = Number(m[1]);
  if (m[4] !== undefined) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  return Math.round(d.getTime() / 86_400_000);
}

/** `n` ASCII digits at `at` as a number; NaN if one is not a digit. */
function digitsAt(buf: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = buf[at + i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `dateTextToDays` of the UTF-8 text in `buf[start, end)` when it is `YYYY-MM-DD` with a year from 100 on
 * (no regex, no Date object); NaN otherwise, for the caller to read the text.
 */
export function dateBytesToDays(buf: Buffer, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return NaN;
  const year = digitsAt(buf, start, 4);
  const month = digitsAt(buf, start + 5, 2);
  const day = digitsAt(buf, start + 8, 2);
  // Date.UTC maps years 0-99 to 1900-1999; from 100 on it equals dateTextToDays' setUTCFullYear.
  if (!(year >= 100) || month !== month || day !== day) return NaN;
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Microseconds since midnight for `HH:MM:SS[.ffffff]` (24:00:00 allowed). */
export function timeTextToMicros(text: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(text);
  if (m === null) throw new Error(`unsupported time text ${JSON.stringify(text)}`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1_000_000 + fractionMicros(m[4]);
}

const TS_FAST = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:\+00)?$/;

/** The common case (AD, 4-digit year ≥ 100, UTC — the session's TimeZone) as a number; NaN otherwise. */
function fastTimestampMicros(text: string): number {
  const f = TS_FAST.exec(text);
  if (f === null || Number(f[1]) < 100) return NaN;
  const ms = Date.UTC(Number(f[1]), Number(f[2]) - 1, Number(f[3]), Number(f[4]), Number(f[5]), Number(f[6]));
  return ms * 1000 + fractionMicros(f[7]);
}

/**
 * `timeTextToMicros` of the UTF-8 text in `buf[start, end)` read from the bytes (same rule: `HH:MM:SS`, then
 * an optional `.digits` whose first six count, anything after ignored); NaN when it does not start so.
 */
export function timeBytesToMicros(buf: Buffer, start: number, end: number): number {
  if (end - start < 8 || buf[start + 2] !== 0x3a || buf[start + 5] !== 0x3a) return NaN;
  const h = digitsAt(buf, start, 2);
  const m = digitsAt(buf, start + 3, 2);
  const s = digitsAt(buf, start + 6, 2);
  if (h !== h || m !== m || s !== s) return NaN;
  let frac = 0;
  if (buf[start + 8] === 0x2e) {
    let scale = 100_000;
    for (let i = start + 9; i < end && scale >= 1; i++, scale /= 10) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      frac += d * scale;
    }
  }
  return ((h * 60 + m) * 60 + s) * 1_000_000 + frac;
}

/**
 * `fastTimestampMicros` of the UTF-8 text in `buf[start, end)`, read from the bytes (the same form:
 * `YYYY-MM-DD HH:MM:SS[.f{1,6}][+00]`, year from 100 on); NaN otherwise.
 */
export function timestampBytesToMicros(buf: Buffer, start: number, end: number): number {
  let n = end - start;
  if (n >= 22 && buf[end - 3] === 0x2b && buf[end - 2] === 0x30 && buf[end - 1] === 0x30) n -= 3; // "+00"
  if (n < 19 || n === 20 || n > 26) return NaN;
  const b = start;
  if (buf[b + 4] !== 0x2d || buf[b + 7] !== 0x2d || buf[b + 10] !== 0x20 || buf[b + 13] !== 0x3a || buf[b + 16] !== 0x3a) return NaN;
  const year = digitsAt(buf, b, 4);
  const month = digitsAt(buf, b + 5, 2);
  const day = digitsAt(buf, b + 8, 2);
  const hour = digitsAt(buf, b + 11, 2);
  const minute = digitsAt(buf, b + 14, 2);
  const second = digitsAt(buf, b + 17, 2);
  if (!(year >= 100) || month !== month || day !== day || hour !== hour || minute !== minute || second !== second) return NaN;
  let frac = 0;
  if (n > 19) {
    if (buf[b + 19] !== 0x2e) return NaN;
    const f = digitsAt(buf, b + 20, n - 20);
    if (f !== f) return NaN;
    frac = f * 10 ** (26 - n); // 1-6 digits → microseconds, as fractionMicros pads them
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + frac;
}

/** `Number(timestampTextToMicros(text))` without the bigint in the common case. */
export function timestampTextToMicrosNumber(text: string): number {
  const fast = fastTimestampMicros(text);
  return fast === fast ? fast : Number(timestampTextToMicros(text));
}

/** Microseconds since the epoch for `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]][ BC]` (no offset = UTC). */
export function timestampTextToMicros(text: string): bigint {
  const fast = fastTimestampMicros(text);
  if (fast === fast) return BigInt(fast);
  const m = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/.exec(text);
  if (m === null) throw new Error(`unsupported timestamp text ${JSON.stringify(text)}`);
  let year = Number(m[1]);
  if (m[12] !== undefined) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  let offsetSeconds = 0;
  if (m[8] !== undefined) {
    offsetSeconds = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * (m[8] === '-' ? -1 : 1);
  }
  return BigInt(d.getTime() - offsetSeconds * 1000) * 1000n + BigInt(fractionMicros(m[7]));
}

/**
 * timestamptz text printed in UTC (`2024-01-02 03:04:05.5+00`, as the session's TimeZone makes it) straight
 * to ZonedTimestamp text; null when the text is not in that form.
 */
export function utcTimestamptzToZoned(text: string): string | null {
  const n = text.length;
  if (n < 22 || text.charCodeAt(n - 3) !== 43 /* + */ || text.charCodeAt(n - 2) !== 48 || text.charCodeAt(n - 1) !== 48 || text.charCodeAt(10) !== 32 || text.charCodeAt(4) !== 45) return null;
  return `${text.slice(0, 10)}T${text.slice(11, n - 3)}Z`;
}

const zonedScratch = Buffer.allocUnsafe(64);

/**
 * `utcTimestamptzToZoned` on the UTF-8 text in `buf[start, end)`, building the result in one string;
 * null when the text is not in that form (or not ASCII: the text version counts characters, not bytes).
 */
export function utcTimestamptzBytesToZoned(buf: Buffer, start: number, end: number): string | null {
  const n = end - start;
  if (n < 22 || n > zonedScratch.length || buf[end - 3] !== 43 || buf[end - 2] !== 48 || buf[end - 1] !== 48 || buf[start + 10] !== 32 || buf[start + 4] !== 45) return null;
  for (let i = 0; i < n - 3; i++) {
    const c = buf[start + i]!;
    if (c >= 0x80) return null;
    zonedScratch[i] = c;
  }
  zonedScratch[10] = 0x54; // T
  zonedScratch[n - 3] = 0x5a; // Z
  return latin1Text(zonedScratch, 0, n - 2);
}

/** Epoch micros as Debezium's ZonedTimestamp text: ISO-8601 in UTC, fraction without trailing zeros. */
export function microsToZonedTimestamp(micros: bigint): string {
  let seconds = micros / 1_000_000n;
  if (micros < 0n && seconds * 1_000_000n !== micros) seconds -= 1n; // floor, not truncate
  const sub = Number(micros - seconds * 1_000_000n);
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const frac = sub === 0 ? '' : `.${String(sub).padStart(6, '0').replace(/0+$/, '')}`;
  return `${base}${frac}Z`;
}

/** `HH:MM:SS[.ffffff]+HH[:MM]` → Debezium ZonedTime: the time in UTC, `HH:MM:SS[.f]Z`. */
export function timetzTextToZonedTime(text: string): string {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  if (m === null) throw new Error(`unsupported timetz text ${JSON.stringify(text)}`);
  const offset = (Number(m[6]) * 3600 + Number(m[7] ?? 0) * 60 + Number(m[8] ?? 0)) * (m[5] === '-' ? -1 : 1);
  let secs = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset;
  secs = ((secs % 86_400) + 86_400) % 86_400;
  const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  const sub = fractionMicros(m[4]);
  const frac = sub === 0 ? '' : `.${String(sub).padStart(6, '0').replace(/0+$/, '')}`;
  return `${hh}:${mm}:${ss}${frac}Z`;
}

/** Debezium's average month length for MicroDuration (365.25 / 12 days). */
const DAYS_PER_MONTH_AVG = 365.25 / 12;

/**
 * An ISO-8601 interval as PostgreSQL prints it with IntervalStyle=iso_8601 (`P1Y2M3DT4H5M6.5S`, components
 * may be negative) → Debezium MicroDuration microseconds (months count as 30.4375 days).
 */
export function isoIntervalToMicros(text: string): number {
  const m = /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (m === null) throw new Error(`unsupported interval text ${JSON.stringify(text)} (IntervalStyle must be iso_8601)`);
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const days = (n(1) * 12 + n(2)) * DAYS_PER_MONTH_AVG + n(3);
  return Math.round(days * 86_400_000_000 + n(4) * 3_600_000_000 + n(5) * 60_000_000 + n(6) * 1_000_000);
}
