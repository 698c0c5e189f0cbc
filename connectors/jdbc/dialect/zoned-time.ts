/**
 * Wall-clock time in an IANA zone ⇄ UTC instants, with Intl only (no tz database of our own). Used for
 * `timestamp without time zone` values, which mean wall-clock time in `db.timezone`.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formats.set(tz, f);
  }
  return f;
}

/** How far `tz` is ahead of UTC at the instant `utcMs`, in milliseconds. */
export function zoneOffsetMs(utcMs: number, tz: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const p: Record<string, string> = {};
  for (const part of formatFor(tz).formatToParts(new Date(whole))) p[part.type] = part.value;
  let year = Number(p['year']);
  if (p['era'] === 'BC' || p['era'] === 'B') year = 1 - year;
  const asUtc = Date.UTC(year, Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
  return asUtc - whole;
}

/** The UTC instant of wall-clock time `wallMs` (millis as if the wall clock were UTC) in zone `tz`. */
export function wallClockToUtc(wallMs: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return wallMs;
  const first = zoneOffsetMs(wallMs, tz);
  const guess = wallMs - first;
  const second = zoneOffsetMs(guess, tz);
  return second === first ? guess : wallMs - second;
}
