import { describe, expect, it } from 'vitest';
import { JodaPathFormat } from '../../../../connectors/s3/partitioner/joda-path-format.js';
import { ZoneOffsets } from '../../../../connectors/s3/partitioner/zone-offsets.js';

const t = Date.UTC(2026, 7, 1, 5, 7, 9, 45); // Sat 2026-08-01 05:07:09.045

describe('JodaPathFormat', () => {
  it.each([
    ["'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", 'year=2026/month=08/day=01/hour=05'],
    ['YYYY-MM-dd HH:mm:ss.SSS', '2026-08-01 05:07:09.045'],
    ["yy/M/d/H 'o''clock'", '26/8/1/5 o\'clock'],
    ['MMM/MMMM/EEE/EEEE/e/D/a/hh', 'Aug/August/Sat/Saturday/6/213/AM/05'],
  ])('formats %s', (pattern, expected) => {
    expect(new JodaPathFormat(pattern, 'en-US').format(t)).toBe(expected);
  });

  it('uses the locale for names', () => {
    expect(new JodaPathFormat('MMMM', 'fr-FR').format(t)).toBe('août');
  });

  it('rejects letters it does not support and unterminated quotes, naming path.format', () => {
    expect(() => new JodaPathFormat('ww', 'en-US')).toThrow(/path.format.*'w'/);
    expect(() => new JodaPathFormat("'year", 'en-US')).toThrow(/path.format.*quote/);
  });
});

describe('ZoneOffsets', () => {
  it('follows DST transitions', () => {
    const ny = new ZoneOffsets('America/New_York');
    expect(ny.offsetAt(Date.UTC(2026, 2, 8, 6, 59))).toBe(-5 * 3_600_000);
    expect(ny.offsetAt(Date.UTC(2026, 2, 8, 7, 0))).toBe(-4 * 3_600_000);
    expect(new ZoneOffsets('Asia/Kolkata').offsetAt(t)).toBe(5.5 * 3_600_000);
    expect(new ZoneOffsets('UTC').offsetAt(t)).toBe(0);
  });

  it('rejects unknown zones with a config error on timezone', () => {
    expect(() => new ZoneOffsets('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'TRIB_CONFIG_INVALID', errors: { timezone: expect.any(Array) } }));
  });
});
