import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as snappyjs from 'snappyjs';
import * as lz4js from 'lz4js';
import { crc32c } from '../../../../src/broker/protocol/crc32c.js';
import {
  buildBatch, buildControlBatch, decodeControlRecord, decodeRecords, iterateBatches, readBatchHeader,
  setBaseOffset, setLogAppendTime, verifyCrc,
} from '../../../../src/broker/protocol/record-batch.js';
import { compress, decompress } from '../../../../src/broker/protocol/compression/codec.js';
import { snappyCompressRaw } from '../../../../src/broker/protocol/compression/snappy.js';
import { CorruptRecordError, UnsupportedCompressionError } from '../../../../src/broker/protocol/protocol-errors.js';

const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const KafkaRecordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const Decoder = require('kafkajs/src/protocol/decoder');
const { CompressionCodecs, CompressionTypes } = require('kafkajs');

const fixture = (name: string) => Buffer.from(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').trim(), 'hex');
const RAW_BODY = fixture('records-20.raw.hex');

// Codec plug-ins for kafkajs built on the same independent libraries kafkajs-snappy/-lz4 users would use.
CompressionCodecs[CompressionTypes.Snappy] = () => ({
  compress: async (enc: { buffer: Buffer }) => Buffer.from(snappyjs.compress(enc.buffer)),
  decompress: async (b: Buffer) => xerialAwareUncompress(b),
});

// What kafkajs-snappy does: xerial frames are a 16-byte header then [int32 length][raw block]...
function xerialAwareUncompress(b: Buffer): Buffer {
  if (b[0] !== 0x82) return Buffer.from(snappyjs.uncompress(b));
  const out: Buffer[] = [];
  for (let at = 16; at < b.length; ) {
    const n = b.readInt32BE(at);
    out.push(Buffer.from(snappyjs.uncompress(b.subarray(at + 4, at + 4 + n))));
    at += 4 + n;
  }
  return Buffer.concat(out);
}
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (enc: { buffer: Buffer }) => Buffer.from(lz4js.compress(enc.buffer)),
  decompress: async (b: Buffer) => Buffer.from(lz4js.decompress(b)),
});
// zstd: kafkajs compresses through this hook; the bytes come from the zstd CLI (fixture).
CompressionCodecs[CompressionTypes.ZSTD] = () => ({
  compress: async (enc: { buffer: Buffer }) => {
    expect(enc.buffer.equals(RAW_BODY)).toBe(true);
    return fixture('records-20.zstd.hex');
  },
  decompress: async () => { throw new Error('unused'); },
});

async function kafkajsBatch(compression: number, opts: Record<string, unknown> = {}): Promise<Buffer> {
  const records = [];
  for (let i = 0; i < 20; i++) {
    records.push(Record({
      offsetDelta: i, timestampDelta: i * 10, key: Buffer.from('key-' + (i % 3)),
      value: Buffer.from('value value value value ' + i), headers: i % 2 ? { h: 'x' + i } : {},
    }));
  }
  const enc = await RecordBatch({
    compression, records, firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_190,
    lastOffsetDelta: 19, producerId: require('kafkajs/src/utils/long').fromNumber(42), producerEpoch: 3, firstSequence: 7, ...opts,
  });
  return enc.buffer as Buffer;
}

function expectTwentyRecords(batch: Buffer): void {
  const recs = decodeRecords(batch);
  expect(recs).toHaveLength(20);
  for (let i = 0; i < 20; i++) {
    expect(recs[i]!.offsetDelta).toBe(i);
    expect(recs[i]!.timestamp).toBe(1_700_000_000_000 + i * 10);
    expect(recs[i]!.key!.toString()).toBe('key-' + (i % 3));
    expect(recs[i]!.value!.toString()).toBe('value value value value ' + i);
    expect(recs[i]!.headers).toEqual(i % 2 ? [{ key: 'h', value: Buffer.from('x' + i) }] : []);
  }
}

describe('crc32c', () => {
  it('matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
  });
  it('agrees with kafkajs on random data of every length up to 64 and with seeds split anywhere', () => {
    const kjs = require('kafkajs/src/protocol/recordBatch/crc32C');
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) & 0xff));
    for (let n = 0; n <= 64; n++) expect(crc32c(data.subarray(0, n))).toBe(kjs(data.subarray(0, n)) >>> 0);
    for (const cut of [0, 1, 7, 8, 9, 150, 300]) expect(crc32c(data, cut, 300, crc32c(data, 0, cut))).toBe(crc32c(data));
  });
});

describe('record batches built by kafkajs', () => {
  it.each([
    ['none', CompressionTypes.None], ['gzip', CompressionTypes.GZIP], ['snappy (raw block)', CompressionTypes.Snappy],
    ['lz4 (lz4js frame)', CompressionTypes.LZ4], ['zstd (zstd CLI frame)', CompressionTypes.ZSTD],
  ])('reads header, CRC and records: %s', async (_name, codec) => {
    const batch = await kafkajsBatch(codec);
    const h = readBatchHeader(batch);
    expect(h).toMatchObject({
      baseOffset: 0, magic: 2, compression: codec, lastOffsetDelta: 19, baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_190, producerId: 42, producerEpoch: 3, baseSequence: 7, recordCount: 20,
      timestampType: 0, isTransactional: false, isControl: false, batchLength: batch.length - 12,
    });
    expect(verifyCrc(batch)).toBe(true);
    expectTwentyRecords(batch);
  });

  it('detects a flipped bit through the CRC', async () => {
    const batch = await kafkajsBatch(CompressionTypes.None);
    for (const at of [21, 40, 61, batch.length - 1]) {
      const copy = Buffer.from(batch);
      copy[at]! ^= 0x10;
      expect(verifyCrc(copy)).toBe(false);
    }
  });

  it('reads the transactional bit', async () => {
    const h = readBatchHeader(await kafkajsBatch(CompressionTypes.None, { transactional: true }));
    expect(h.isTransactional).toBe(true);
  });
});

describe('compression interop', () => {
  it('decodes xerial-framed snappy (Java, kafka-python) and raw snappy', () => {
    const xerial = compress(2, RAW_BODY);
    expect(xerial.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0]));
    expect(decompress(2, xerial).equals(RAW_BODY)).toBe(true);
    expect(decompress(2, snappyCompressRaw(RAW_BODY)).equals(RAW_BODY)).toBe(true);
    const big = Buffer.alloc(100_000, 'abcdefgh');
    expect(decompress(2, compress(2, big)).equals(big)).toBe(true);
  });
  it('decodes an LZ4 frame written by the lz4 CLI (content checksum flag set)', () => {
    expect(decompress(3, fixture('records-20.lz4cli.hex')).equals(RAW_BODY)).toBe(true);
  });
  it('decodes an LZ4 frame whose header checksum is the old broken Kafka one', () => {
    const frame = Buffer.from(compress(3, RAW_BODY));
    frame[6] = (frame[6]! + 1) & 0xff; // header checksum byte
    expect(decompress(3, frame).equals(RAW_BODY)).toBe(true);
  });
  it('round-trips gzip/snappy/lz4 and reads zstd', () => {
    for (const c of [1, 2, 3]) expect(decompress(c, compress(c, RAW_BODY)).equals(RAW_BODY)).toBe(true);
    expect(decompress(4, fixture('records-20.zstd.hex')).equals(RAW_BODY)).toBe(true);
  });
  it('throws CorruptRecordError on garbage', () => {
    for (const c of [1, 2, 3, 4]) expect(() => decompress(c, Buffer.from('definitely not compressed'))).toThrow(CorruptRecordError);
  });
});

describe('buildBatch', () => {
  it.each([0, 1, 2, 3])('produces batches kafkajs decodes (codec %i)', async (codec) => {
    const batch = buildBatch({
      baseOffset: 100, compression: codec, producerId: 9, producerEpoch: 1, baseSequence: 5,
      records: [
        { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1000, headers: [{ key: 'hk', value: Buffer.from('hv') }] },
        { key: null, value: null, timestamp: 1005 },
        { key: Buffer.from('c'), value: Buffer.alloc(300, 'z'), timestamp: 999 },
      ],
    });
    expect(verifyCrc(batch)).toBe(true);
    const decoded = await KafkaRecordBatchDecoder(new Decoder(batch));
    expect(decoded).toMatchObject({ firstOffset: '100', maxTimestamp: '1005', producerId: '9', firstSequence: 5, inTransaction: false });
    expect(decoded.records.map((r: any) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.length ?? null])).toEqual([
      ['100', '1000', 'a', 1], ['101', '1005', null, null], ['102', '999', 'c', 300],
    ]);
    expect(decoded.records[0].headers).toEqual({ hk: Buffer.from('hv') });
    const ours = decodeRecords(batch);
    expect(ours.map((r) => r.offset)).toEqual([100, 101, 102]);
    expect(ours[1]!.key).toBeNull();
  });

  it('keeps explicit offset deltas and lastOffsetDelta (compaction)', () => {
    const b = buildBatch({ records: [{ value: Buffer.from('x'), offsetDelta: 4 }], lastOffsetDelta: 9 });
    expect(readBatchHeader(b).lastOffsetDelta).toBe(9);
    expect(decodeRecords(b)[0]!.offsetDelta).toBe(4);
  });

  it('handles negative timestamp deltas and large varlongs', () => {
    const b = buildBatch({ baseTimestamp: 5_000_000_000_000, records: [{ value: null, timestamp: 1 }, { value: null, timestamp: 9_000_000_000_000 }] });
    expect(decodeRecords(b).map((r) => r.timestamp)).toEqual([1, 9_000_000_000_000]);
  });
});

describe('in-place rewrites', () => {
  it('setBaseOffset keeps the CRC valid', async () => {
    const batch = await kafkajsBatch(CompressionTypes.GZIP);
    setBaseOffset(batch, 123_456_789_012);
    expect(readBatchHeader(batch).baseOffset).toBe(123_456_789_012);
    expect(verifyCrc(batch)).toBe(true);
    expect(decodeRecords(batch)[3]!.offset).toBe(123_456_789_015);
  });
  it('setLogAppendTime sets the attribute bit and maxTimestamp and re-signs the batch', async () => {
    const batch = await kafkajsBatch(CompressionTypes.None);
    setLogAppendTime(batch, 1_800_000_000_000);
    const h = readBatchHeader(batch);
    expect(h.timestampType).toBe(1);
    expect(h.maxTimestamp).toBe(1_800_000_000_000);
    expect(verifyCrc(batch)).toBe(true);
    expect(decodeRecords(batch).every((r) => r.timestamp === 1_800_000_000_000)).toBe(true);
    const kjs = await KafkaRecordBatchDecoder(new Decoder(batch));
    expect(kjs.records[0].timestamp).toBe('1800000000000');
  });
});

describe('control batches', () => {
  it('lays out COMMIT/ABORT markers like Kafka', async () => {
    const b = buildControlBatch({ producerId: 77, producerEpoch: 2, commit: true, coordinatorEpoch: 5, timestamp: 1234 });
    const h = readBatchHeader(b);
    expect(h).toMatchObject({ baseOffset: 0, isControl: true, isTransactional: true, producerId: 77, producerEpoch: 2, baseSequence: -1, recordCount: 1, lastOffsetDelta: 0, maxTimestamp: 1234 });
    expect(h.attributes).toBe(0x30);
    expect(verifyCrc(b)).toBe(true);
    const [r] = decodeRecords(b);
    expect(r!.key).toEqual(Buffer.from([0, 0, 0, 1]));
    expect(r!.value).toEqual(Buffer.from([0, 0, 0, 0, 0, 5]));
    expect(decodeControlRecord(r!.key, r!.value)).toEqual({ type: 'COMMIT', coordinatorEpoch: 5 });
    const a = decodeRecords(buildControlBatch({ producerId: 1, producerEpoch: 0, commit: false, coordinatorEpoch: 0 }))[0]!;
    expect(decodeControlRecord(a.key, a.value)!.type).toBe('ABORT');
    const kjs = await KafkaRecordBatchDecoder(new Decoder(b));
    expect(kjs.isControlBatch).toBe(true);
  });
});

describe('iterateBatches', () => {
  it('walks concatenated batches and rejects or skips a partial tail', () => {
    const a = buildBatch({ baseOffset: 0, records: [{ value: Buffer.from('a') }] });
    const b = buildBatch({ baseOffset: 1, records: [{ value: Buffer.from('b') }, { value: Buffer.from('c') }] });
    const all = Buffer.concat([a, b]);
    expect([...iterateBatches(all)].map((v) => [v.position, v.header.baseOffset, v.header.recordCount])).toEqual([[0, 0, 1], [a.length, 1, 2]]);
    const partial = all.subarray(0, all.length - 3);
    expect(() => [...iterateBatches(partial)]).toThrow(CorruptRecordError);
    expect([...iterateBatches(partial, { allowPartialTail: true })]).toHaveLength(1);
  });
  it('never throws anything but CorruptRecordError on mutated bytes', () => {
    const base = buildBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), headers: [{ key: 'a', value: null }] }], compression: 1 });
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 3000; i++) {
      const m = Buffer.from(base);
      for (let k = 0; k < 1 + (i % 4); k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      const cut = i % 7 === 0 ? m.subarray(0, Math.floor(rnd() * m.length)) : m;
      try {
        for (const v of iterateBatches(cut)) decodeRecords(v.bytes);
      } catch (err) {
        expect(err instanceof CorruptRecordError || err instanceof UnsupportedCompressionError).toBe(true);
      }
    }
  });
});
