// Random and mutated frames into decodeRequest: the only acceptable failures are our typed errors.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeRequest, encodeRequest } from '../../../../src/broker/protocol/request.js';
import { FrameSplitter } from '../../../../src/broker/protocol/frame-splitter.js';
import { MalformedRequestError, UnsupportedVersionError } from '../../../../src/broker/protocol/protocol-errors.js';
import { supportedVersions } from '../../../../src/broker/protocol/supported-versions.js';
import { buildBatch } from '../../../../src/broker/protocol/record-batch.js';

let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const int = (n: number) => Math.floor(rnd() * n);

function expectTyped(frame: Buffer): void {
  try {
    decodeRequest(frame);
  } catch (err) {
    if (!(err instanceof MalformedRequestError || err instanceof UnsupportedVersionError)) {
      throw new Error(`untyped ${(err as Error).name}: ${(err as Error).message} for ${frame.toString('hex')}`);
    }
  }
}

const realFrames: Buffer[] = (JSON.parse(readFileSync(new URL('./fixtures/real-client-requests.json', import.meta.url), 'utf8')).frames as Array<{ hex: string }>)
  .map((f) => Buffer.from(f.hex, 'hex'));
const batch = buildBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] });
const ourFrames = [
  encodeRequest(0, 7, 1, 'c', { acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records: batch }] }] }),
  encodeRequest(1, 11, 2, 'c', { maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 3, partitionMaxBytes: 1000 }] }] }),
  encodeRequest(1, 12, 2, 'c', { maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 3, partitionMaxBytes: 1000 }] }] }),
  encodeRequest(11, 7, 3, 'c', { groupId: 'g', sessionTimeoutMs: 1, memberId: '', protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from('m') }] }),
  encodeRequest(9, 8, 4, 'c', { groups: [{ groupId: 'g', topics: null }] }),
].map((f) => f.subarray(4));
const corpus = [...realFrames, ...ourFrames];

describe('decodeRequest under fuzzing', () => {
  it('random bytes after a valid header for every supported api/version', () => {
    const apis = supportedVersions({ flexible: true });
    for (let i = 0; i < 20000; i++) {
      const a = apis[int(apis.length)]!;
      const v = a.minVersion + int(a.maxVersion - a.minVersion + 1);
      const body = Buffer.from(Array.from({ length: int(64) }, () => (rnd() < 0.5 ? int(4) : int(256))));
      const head = Buffer.alloc(8);
      head.writeInt16BE(a.apiKey, 0);
      head.writeInt16BE(v, 2);
      head.writeInt32BE(i, 4);
      expectTyped(Buffer.concat([head, body]));
    }
  });

  it('fully random frames', () => {
    for (let i = 0; i < 5000; i++) expectTyped(Buffer.from(Array.from({ length: int(40) }, () => int(256))));
  });

  it('mutated real frames: flipped bytes, truncation, duplication', () => {
    for (let i = 0; i < 20000; i++) {
      const base = corpus[int(corpus.length)]!;
      let m = Buffer.from(base);
      const op = int(4);
      if (op === 0) for (let k = 0; k < 1 + int(4); k++) m[int(m.length)] = int(256);
      else if (op === 1) m = m.subarray(0, int(m.length));
      else if (op === 2) { const at = int(m.length); m = Buffer.concat([m.subarray(0, at), m.subarray(at - int(at))]); }
      else { m[8 + int(Math.max(1, m.length - 8))] = [0x00, 0x7f, 0x80, 0xff][int(4)]!; }
      expectTyped(m);
    }
  });

  it('a frame claiming a huge array does not allocate it', () => {
    const f = encodeRequest(3, 1, 1, 'c', { topics: [] }).subarray(4);
    f.writeInt32BE(0x7fffffff, f.length - 4);
    expect(() => decodeRequest(f)).toThrow(MalformedRequestError);
  });

  it('frames split at every point through the FrameSplitter decode the same', () => {
    const stream = Buffer.concat(ourFrames.map((f) => { const h = Buffer.alloc(4); h.writeInt32BE(f.length); return Buffer.concat([h, f]); }));
    const whole: unknown[] = [];
    new FrameSplitter(1 << 20).push(stream, (f) => whole.push(decodeRequest(f)));
    expect(whole).toHaveLength(ourFrames.length);
    for (let cut = 0; cut <= stream.length; cut += 7) {
      const got: unknown[] = [];
      const s = new FrameSplitter(1 << 20);
      s.push(stream.subarray(0, cut), (f) => got.push(decodeRequest(f)));
      s.push(stream.subarray(cut), (f) => got.push(decodeRequest(f)));
      expect(got).toEqual(whole);
    }
  });
});
