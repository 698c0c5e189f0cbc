import { describe, expect, it } from 'vitest';
import { LineSplitter, type Line } from '../../../../connectors/file/line-splitter.js';

function drainAll(s: LineSplitter, max = 100): Line[] {
  const out: Line[] = [];
  s.drain(out, max);
  return out;
}

describe('LineSplitter', () => {
  it('splits on \\n, \\r\\n and lone \\r, with byte positions after each terminator', () => {
    const s = new LineSplitter(0);
    s.push(Buffer.from('a\nbb\r\nccc\rd'));
    expect(drainAll(s)).toEqual([
      { text: 'a', next: 2 },
      { text: 'bb', next: 6 },
      { text: 'ccc', next: 10 },
    ]);
    expect(s.position).toBe(10);
    expect(s.pending).toBe(1);
  });

  it('holds a partial line and a trailing \\r until the next chunk', () => {
    const s = new LineSplitter(100);
    s.push(Buffer.from('hel'));
    expect(drainAll(s)).toEqual([]);
    s.push(Buffer.from('lo\r'));
    expect(drainAll(s)).toEqual([]);
    s.push(Buffer.from('\nx\n'));
    expect(drainAll(s)).toEqual([
      { text: 'hello', next: 107 },
      { text: 'x', next: 109 },
    ]);
  });

  it('counts bytes, not characters, for UTF-8 text', () => {
    const s = new LineSplitter(0);
    s.push(Buffer.from('héllo\n€\n'));
    expect(drainAll(s)).toEqual([
      { text: 'héllo', next: 7 },
      { text: '€', next: 11 },
    ]);
  });

  it('returns at most max lines and keeps the rest', () => {
    const s = new LineSplitter(0);
    s.push(Buffer.from('1\n2\n3\n'));
    const out: Line[] = [];
    expect(s.drain(out, 2)).toBe(2);
    expect(s.position).toBe(4);
    expect(drainAll(s)).toEqual([{ text: '3', next: 6 }]);
  });

  it('keeps empty lines', () => {
    const s = new LineSplitter(0);
    s.push(Buffer.from('\n\na\n'));
    expect(drainAll(s).map((l) => l.text)).toEqual(['', '', 'a']);
  });
});
