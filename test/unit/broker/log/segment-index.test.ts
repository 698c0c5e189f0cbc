import { describe, expect, it } from 'vitest';
import { SegmentIndex } from '../../../../src/broker/log/segment-index.js';

describe('SegmentIndex', () => {
  function sample(): SegmentIndex {
    const idx = new SegmentIndex();
    idx.addOffset(10, 4_100);
    idx.addTime(500, 10);
    idx.addOffset(25, 8_300);
    idx.addTime(500, 25); // same max timestamp: the entry moves forward
    idx.addOffset(40, 12_500);
    idx.addTime(900, 40);
    idx.addTime(800, 50); // a smaller max is ignored
    return idx;
  }

  it('finds the position of the last indexed batch at or before an offset', () => {
    const idx = sample();
    expect(idx.positionFor(0)).toBe(0);
    expect(idx.positionFor(9)).toBe(0);
    expect(idx.positionFor(10)).toBe(4_100);
    expect(idx.positionFor(39)).toBe(8_300);
    expect(idx.positionFor(1_000)).toBe(12_500);
  });

  it('finds where a timestamp search may start', () => {
    const idx = sample();
    expect(idx.relOffsetForTime(500)).toBe(0);
    expect(idx.relOffsetForTime(501)).toBe(25);
    expect(idx.relOffsetForTime(900)).toBe(25);
    expect(idx.relOffsetForTime(901)).toBe(40);
  });

  it('round-trips through its file encoding and rejects files that do not look like an index', () => {
    const idx = sample();
    const back = SegmentIndex.decode(idx.encodeOffsets(), idx.encodeTimes(), 20_000)!;
    expect(back.positionFor(30)).toBe(8_300);
    expect(back.relOffsetForTime(600)).toBe(25);
    expect(back.lastTimeEntry()).toEqual({ ts: 900, rel: 40 });
    expect(SegmentIndex.decode(idx.encodeOffsets().subarray(1), idx.encodeTimes(), 20_000)).toBeNull();
    expect(SegmentIndex.decode(idx.encodeOffsets(), idx.encodeTimes(), 10_000)).toBeNull(); // position past the end
    expect(SegmentIndex.decode(Buffer.alloc(16), Buffer.alloc(0), 20_000)).toBeNull(); // zero-filled
  });
});
