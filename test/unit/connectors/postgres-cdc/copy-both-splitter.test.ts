import { describe, expect, it } from 'vitest';
import { CopyBothSplitter } from '../../../../connectors/postgres-cdc/copy-both-splitter.js';

function msg(code: string, body: Buffer | string): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(5);
  head.write(code, 0);
  head.writeUInt32BE(4 + b.length, 1);
  return Buffer.concat([head, b]);
}

type Event = ['pg', string] | ['frame', string];

/** Feeds `chunks`; returns what pg got (as one string per message run) and the frames, in order. */
function run(chunks: Buffer[], consumer = true): { events: Event[]; pgBytes: Buffer } {
  const events: Event[] = [];
  const pg: Buffer[] = [];
  const s = new CopyBothSplitter((b) => {
    pg.push(Buffer.from(b));
    events.push(['pg', b.toString('latin1')]);
  });
  if (consumer) s.onCopyData = (b, start, end) => events.push(['frame', b.toString('latin1', start, end)]);
  for (const c of chunks) s.push(c);
  return { events, pgBytes: Buffer.concat(pg) };
}

const before = [msg('R', '\0\0\0\0'), msg('S', 'a\0b\0'), msg('Z', 'I'), msg('d', 'not copy both yet')];
const copy = [msg('W', '\0\0\0'), msg('d', 'w-frame-1'), msg('d', ''), msg('N', 'notice'), msg('d', 'k-frame'), msg('d', 'x'.repeat(300))];
const after = [msg('c', ''), msg('C', 'COPY 0\0'), msg('Z', 'I')];
const stream = Buffer.concat([...before, ...copy, ...after]);
const expectedFrames = ['w-frame-1', '', 'k-frame', 'x'.repeat(300)];
const expectedPg = Buffer.concat([...before, copy[0]!, copy[3]!, ...after]);

/** pg's messages and the frames, interleaved as they were in the stream. */
function order(events: Event[]): string[] {
  const out: string[] = [];
  for (const [kind, s] of events) {
    if (kind === 'frame') out.push(`frame:${s}`);
    else for (let at = 0; at < s.length; at += 1 + Buffer.from(s, 'latin1').readUInt32BE(at + 1)) out.push(`pg:${s[at]}`);
  }
  return out;
}
const expectedOrder = ['pg:R', 'pg:S', 'pg:Z', 'pg:d', 'pg:W', 'frame:w-frame-1', 'frame:', 'pg:N', 'frame:k-frame', `frame:${'x'.repeat(300)}`, 'pg:c', 'pg:C', 'pg:Z'];

describe('CopyBothSplitter', () => {
  it('sends CopyData after CopyBothResponse to the frame handler and everything else to pg, in order', () => {
    const { events, pgBytes } = run([stream]);
    expect(pgBytes).toEqual(expectedPg);
    expect(events.filter((e) => e[0] === 'frame').map((e) => e[1])).toEqual(expectedFrames);
    expect(order(events)).toEqual(expectedOrder);
  });

  it('gives the same result for every split of the stream into two and into single bytes', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { events, pgBytes } = run([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(pgBytes, `cut at ${cut}`).toEqual(expectedPg);
      expect(order(events), `cut at ${cut}`).toEqual(expectedOrder);
    }
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(order(run(bytes).events)).toEqual(expectedOrder);
  });

  it('hands everything to pg while no frame handler is set', () => {
    const { events, pgBytes } = run([stream.subarray(0, 77), stream.subarray(77)], false);
    expect(pgBytes).toEqual(stream);
    expect(events.every((e) => e[0] === 'pg')).toBe(true);
  });

  it('reassembles a message much larger than the chunks', () => {
    const big = 'y'.repeat(200_000);
    const bytes = Buffer.concat([msg('W', '\0\0\0'), msg('d', big), msg('d', 'z')]);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 65_536) chunks.push(bytes.subarray(at, at + 65_536));
    expect(run(chunks).events.filter((e) => e[0] === 'frame').map((e) => e[1])).toEqual([big, 'z']);
  });

  it('hands a malformed length and all that follows to pg unsplit', () => {
    const bad = Buffer.from([0x64, 0, 0, 0, 2, 1, 2, 3]);
    const rest = msg('d', 'later');
    for (const cut of [2, 6]) {
      const head = Buffer.concat([msg('W', ''), bad]);
      const { pgBytes, events } = run([head.subarray(0, cut + 5), head.subarray(cut + 5), rest]);
      expect(pgBytes).toEqual(Buffer.concat([head, rest]));
      expect(events.some((e) => e[0] === 'frame')).toBe(false);
    }
  });

  it('after CopyDone (or an error) a later COPY\'s CopyData goes to pg again, at every split', () => {
    const later = [msg('d', 'a COPY TO STDOUT row')];
    const all = Buffer.concat([stream, ...later]);
    for (let cut = 0; cut <= all.length; cut += 7) {
      const { events } = run([all.subarray(0, cut), all.subarray(cut)]);
      expect(events.filter((e) => e[0] === 'frame').map((e) => e[1]), `cut at ${cut}`).toEqual(expectedFrames);
    }
    const afterError = Buffer.concat([msg('W', ''), msg('d', 'f'), msg('E', 'SERROR\0'), msg('d', 'not a frame')]);
    expect(run([afterError]).events.filter((e) => e[0] === 'frame').map((e) => e[1])).toEqual(['f']);
  });

  it('takes a length past 1 GiB for a broken stream (handed to pg whole) instead of allocating for it', () => {
    const huge = Buffer.from([0x64, 0xff, 0xff, 0xff, 0xf0, 1, 2, 3]);
    for (const cut of [3, 8]) {
      const head = Buffer.concat([msg('W', ''), huge]);
      const { pgBytes, events } = run([head.subarray(0, cut), head.subarray(cut)]);
      expect(pgBytes).toEqual(head);
      expect(events.some((e) => e[0] === 'frame')).toBe(false);
    }
  });
});
