/**
 * UTC offsets of an IANA time zone, for time bucketing. Offsets only change at DST transitions (on quarter
 * hours), so one Intl lookup serves every timestamp of the same quarter hour.
 */
import { ConfigError } from '../../../src/api/index.js';

const QUARTER_HOUR = 15 * 60 * 1000;

export class ZoneOffsets {
  readonly #format: Intl.DateTimeFormat | undefined;
  #window = Number.NaN;
  #offset = 0;

  constructor(readonly timeZone: string) {
    if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT') return;
    try {
      this.#format = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new ConfigError(`Invalid value ${timeZone} for configuration timezone: not an IANA time zone (e.g. UTC, Europe/Paris)`, {
        timezone: [`not an IANA time zone: ${timeZone}`],
      });
    }
  }

  /** Local time minus UTC at `utcMs`, in ms. */
  offsetAt(utcMs: number): number {
    if (this.#format === undefined) return 0;
    const window = Math.floor(utcMs / QUARTER_HOUR);
    if (window !== this.#window) {
      this.#window = window;
      this.#offset = this.#lookup(window * QUARTER_HOUR);
    }
    return this.#offset;
  }

  #lookup(utcMs: number): number {
    const f: Record<string, number> = {};
    for (const p of this.#format!.formatToParts(utcMs)) if (p.type !== 'literal') f[p.type] = Number(p.value);
    const local = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
    return local - utcMs;
  }
}
