/**
 * The fast produce path's pure parts: CRC-32C, Kafka's murmur2 partitioner, RecordBatch v2 and Produce v3
 * codecs — checked against known values and against kafkajs's own implementations (decoder, crc, partitioner).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../src/broker/protocol/crc32c.js';
import type { OutgoingRecord } from '../../../src/kafka/kafka-record.js';
import { keyPartition, murmur2 } from '../../../src/kafka/murmur2.js';
import { batchBytes, decodeProduceV3Response, encodeProduceV3Request } from '../../../src/kafka/produce-v3-codec.js';
import { encodeRecordBatch, planRecordBatch } from '../../../src/kafka/record-batch-encoder.js';
import { registerCompressionCodecs } from '../../../src/kafka/compression-codecs.js';
import { decodeRecords, verifyCrc } from '../../../src/broker/protocol/record-batch.js';

const require = createRequire(import.meta.url);
const kjsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
const kjsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (b: Buffer) => number;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  firstOffset: string; firstTimestamp: string; maxTimestamp: string; partitionLeaderEpoch: number; producerId: string; producerEpoch: number; firstSequence: number;
  records: Array<{ offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }>;
}>;

function bytes(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('crc32c', () => {
  it('matches the standard check value and kafkajs on random buffers of every length up to 300', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    for (let n = 0; n <= 300; n++) {
      const b = bytes(n, n);
      expect(crc32c(b)).toBe(kjsCrc32C(b) >>> 0);
      if (n > 3) expect(crc32c(b, 2, n - 1)).toBe(kjsCrc32C(b.subarray(2, n - 1)) >>> 0);
      // views at every alignment of the underlying memory (the word-at-a-time path aligns itself)
      for (let shift = 1; shift < 4 && n > 0; shift++) {
        const view = Buffer.concat([Buffer.alloc(shift), b]).subarray(shift);
        expect(crc32c(view)).toBe(kjsCrc32C(b) >>> 0);
      }
    }
  });
});

describe('murmur2 partitioner', () => {
  it("gives Java's Utils.murmur2 values", () => {
    // from Kafka's UtilsTest
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it('agrees with kafkajs on random keys of every length up to 64', () => {
    for (let n = 0; n <= 64; n++) {
      for (let s = 0; s < 5; s++) {
        const k = bytes(n * 7 + s, n);
        expect(murmur2(k)).toBe(kjsMurmur2(k));
        expect(keyPartition(k, 7)).toBe((kjsMurmur2(k) & 0x7fffffff) % 7);
      }
    }
  });
});

function rec(r: Partial<OutgoingRecord>): OutgoingRecord {
  return { topic: 't', partition: null, key: null, value: null, headers: [], timestamp: null, ...r };
}

describe('RecordBatch v2 encoder', () => {
  it('writes what kafkajs decodes: keys, nulls, headers (repeated, null, non-ASCII), timestamps, large values; the CRC holds', async () => {
    const records: OutgoingRecord[] = [
      rec({ key: Buffer.from('k1'), value: Buffer.from('v1'), timestamp: 1_700_000_000_000 }),
      rec({ key: null, value: Buffer.from('no key'), timestamp: 1_699_999_999_000 }), // earlier than the first: negative delta
      rec({ key: Buffer.from('tomb'), value: null, timestamp: 1_700_000_005_000 }),
      rec({ value: bytes(1, 70_000), headers: [{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: Buffer.from('2') }, { key: 'ü✓', value: null }] }),
      rec({ key: Buffer.alloc(0), value: Buffer.alloc(0), timestamp: 0 }),
    ];
    const indices = [0, 1, 2, 3, 4];
    const now = 1_700_000_001_234;
    const buf = encodeRecordBatch(records, indices, now);
    expect(buf.readInt32BE(8)).toBe(buf.length - 12);
    expect(buf[16]).toBe(2);
    expect(buf.readUInt32BE(17)).toBe(kjsCrc32C(buf.subarray(21)) >>> 0);
    const batch = await decodeBatch(new Decoder(buf));
    expect(batch.firstOffset).toBe('0');
    expect(batch.firstTimestamp).toBe('1700000000000');
    expect(batch.maxTimestamp).toBe('1700000005000');
    expect(batch.producerId).toBe('-1');
    expect(batch.records.map((r) => r.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect(batch.records.map((r) => r.timestamp)).toEqual(['1700000000000', '1699999999000', '1700000005000', String(now), '0']);
    expect(batch.records.map((r) => r.key?.toString() ?? null)).toEqual(['k1', null, 'tomb', null, '']);
    expect(batch.records[2]!.value).toBeNull();
    expect(Buffer.compare(batch.records[3]!.value!, records[3]!.value as Buffer)).toBe(0);
    expect(batch.records[4]!.value!.length).toBe(0);
    const h = batch.records[3]!.headers;
    expect((h['h'] as Buffer[]).map(String)).toEqual(['1', '2']);
    expect(Object.keys(h)).toContain('ü✓');
  });

  it('encodes a subset of the records, in the order given', async () => {
    const records = [0, 1, 2, 3].map((i) => rec({ value: Buffer.from(`v${i}`), timestamp: 1000 + i }));
    const batch = await decodeBatch(new Decoder(encodeRecordBatch(records, [3, 1], 0)));
    expect(batch.records.map((r) => r.value!.toString())).toEqual(['v3', 'v1']);
    expect(batch.records.map((r) => r.offset)).toEqual(['0', '1']);
  });
});

describe('values in two parts (valuePrefix ++ value)', () => {
  it('encode to the same bytes as the joined value, uncompressed and compressed', async () => {
    const prefix = Buffer.from('{"schema":{"type":"struct"},"payload":');
    const split: OutgoingRecord[] = Array.from({ length: 50 }, (_, i) => ({
      ...rec({ key: Buffer.from(`k${i}`), value: Buffer.from(`{"n":${i}}}`), timestamp: 1000 + i }),
      valuePrefix: prefix,
    }));
    split.push(rec({ value: null, key: Buffer.from('tomb') })); // a tombstone with no prefix
    split.push({ ...rec({ value: null, key: Buffer.from('tomb2') }), valuePrefix: prefix }); // the prefix of a null value is ignored
    const joined = split.map((r) => ({ ...r, valuePrefix: undefined, value: r.value === null ? null : Buffer.concat([prefix, r.value]) }));
    const indices = split.map((_, i) => i);
    expect(encodeRecordBatch(split, indices, 5).equals(encodeRecordBatch(joined, indices, 5))).toBe(true);
    for (const codec of [2, 3]) {
      const a = await planRecordBatch(split, indices, 5).compressed(codec);
      const b = await planRecordBatch(joined, indices, 5).compressed(codec);
      const ba = Buffer.alloc(a.size);
      const bb = Buffer.alloc(b.size);
      a.writeTo(ba, 0);
      b.writeTo(bb, 0);
      expect(ba.equals(bb)).toBe(true);
    }
    const decoded = await decodeBatch(new Decoder(encodeRecordBatch(split, indices, 5)));
    expect(decoded.records[7]!.value!.toString()).toBe('{"schema":{"type":"struct"},"payload":{"n":7}}');
    expect(decoded.records[50]!.value).toBeNull();
    expect(decoded.records[51]!.value).toBeNull();
  });
});

describe('compressed RecordBatch v2 (gzip, snappy, lz4)', () => {
  it.each([[1, 'gzip'], [2, 'snappy'], [3, 'lz4']])('codec %i (%s): attributes say so, the CRC covers the compressed bytes, kafkajs and the broker decode the same records', async (codec) => {
    registerCompressionCodecs(); // kafkajs decodes snappy and lz4 through the codecs src/kafka registers
    const schema = `{"schema":{"type":"struct","fields":[${'{"type":"int32","optional":false,"field":"f"},'.repeat(30)}]},"payload":`;
    const records: OutgoingRecord[] = Array.from({ length: 300 }, (_, i) => rec({
      key: i % 11 === 10 ? null : Buffer.from(`{"id":${i}}`),
      value: i % 13 === 12 ? null : Buffer.from(`${schema}{"id":${i},"name":"n${(i * 7919) % 1000}"}}`),
      timestamp: i % 2 === 0 ? 1_700_000_000_000 + i : null,
      headers: i % 50 === 0 ? [{ key: 'h', value: Buffer.from(String(i)) }] : [],
    }));
    const indices = records.map((_, i) => i);
    const now = 1_700_000_001_234;
    const plain = planRecordBatch(records, indices, now);
    const batch = await plain.compressed(codec);
    expect(batch.size).toBeLessThan(plain.size / 5);
    const buf = Buffer.alloc(batch.size + 10);
    batch.writeTo(buf, 5);
    const bytes = buf.subarray(5, 5 + batch.size);
    expect(bytes.readInt32BE(8)).toBe(bytes.length - 12);
    expect(bytes.readInt16BE(21) & 7).toBe(codec);
    expect(verifyCrc(bytes)).toBe(true);
    expect(bytes.readUInt32BE(17)).toBe(kjsCrc32C(bytes.subarray(21)) >>> 0);

    const decoded = await decodeBatch(new Decoder(Buffer.from(bytes)));
    expect(decoded.records.map((r) => r.offset)).toEqual(indices.map(String));
    expect(decoded.records.map((r) => r.timestamp)).toEqual(records.map((r) => String(r.timestamp ?? now)));
    expect(decoded.records.map((r) => r.key?.toString() ?? null)).toEqual(records.map((r) => r.key?.toString() ?? null));
    expect(decoded.records.map((r) => r.value?.toString() ?? null)).toEqual(records.map((r) => r.value?.toString() ?? null));
    const broker = decodeRecords(Buffer.from(bytes));
    expect(broker.map((r) => r.value?.toString() ?? null)).toEqual(records.map((r) => r.value?.toString() ?? null));
    expect(broker[0]!.headers).toEqual([{ key: 'h', value: Buffer.from('0') }]);
  });
});

describe('batches written in place into a request body', () => {
  it('two partitions in one body: each batch is the same bytes as encoded alone, CRC included', () => {
    const records = [0, 1, 2, 3, 4].map((i) => rec({ key: Buffer.from(`k${i}`), value: bytes(i, 100 + i * 50), timestamp: 5000 + i }));
    const p0 = planRecordBatch(records, [0, 2, 4], 7);
    const p1 = planRecordBatch(records, [1, 3], 7);
    const body = encodeProduceV3Request(1, 1000, [{ topic: 'tt', partitions: [{ partition: 0, batch: p0 }, { partition: 1, batch: p1 }] }]);
    const first = 2 + 2 + 4 + 4 + 2 + 2 + 4 + 4 + 4; // header, topic 'tt', partition count, partition id, size
    expect(body.readInt32BE(first - 4)).toBe(p0.size);
    expect(body.subarray(first, first + p0.size).equals(encodeRecordBatch(records, [0, 2, 4], 7))).toBe(true);
    const second = first + p0.size + 4 + 4;
    expect(body.subarray(second, second + p1.size).equals(encodeRecordBatch(records, [1, 3], 7))).toBe(true);
    expect(body.length).toBe(second + p1.size);
  });
});

describe('Produce v3 codec', () => {
  it('lays out the request body and reads a response', () => {
    const b1 = Buffer.from([1, 2, 3]);
    const body = encodeProduceV3Request(-1, 30_000, [{ topic: 'ab', partitions: [{ partition: 0, batch: batchBytes(b1) }, { partition: 5, batch: batchBytes(Buffer.alloc(0)) }] }]);
    expect([...body]).toEqual([
      0xff, 0xff, 0xff, 0xff, 0, 0, 0x75, 0x30, 0, 0, 0, 1, 0, 2, 0x61, 0x62, 0, 0, 0, 2,
      0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 5, 0, 0, 0, 0,
    ]);
    const res = Buffer.alloc(4 + 2 + 1 + 4 + 2 * 22 + 4);
    let at = res.writeInt32BE(1, 0);
    at = res.writeInt16BE(1, at);
    at += res.write('x', at);
    at = res.writeInt32BE(2, at);
    at = res.writeInt32BE(0, at);
    at = res.writeInt16BE(0, at);
    at = res.writeBigInt64BE(42n, at);
    at = res.writeBigInt64BE(-1n, at);
    at = res.writeInt32BE(1, at);
    at = res.writeInt16BE(6, at);
    at = res.writeBigInt64BE(-1n, at);
    at = res.writeBigInt64BE(1234n, at);
    res.writeInt32BE(0, at);
    expect(decodeProduceV3Response(res)).toEqual([
      { topic: 'x', partition: 0, errorCode: 0, baseOffset: 42, logAppendTime: -1 },
      { topic: 'x', partition: 1, errorCode: 6, baseOffset: -1, logAppendTime: 1234 },
    ]);
  });
});
