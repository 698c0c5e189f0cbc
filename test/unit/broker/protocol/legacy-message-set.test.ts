// Legacy (magic 0/1) message sets: kafkajs builds them for Produce v0-2 and reads them from Fetch v0-3.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { crc32 } from '../../../../src/broker/protocol/crc32.js';
import { decodeRequest } from '../../../../src/broker/protocol/request.js';
import { encodeResponse } from '../../../../src/broker/protocol/response.js';
import { batchesToMessageSet, isLegacyMessageSet, messageSetToBatch, readMessageSet } from '../../../../src/broker/protocol/legacy-message-set.js';
import { buildBatch, buildControlBatch, decodeRecords, readBatchHeader, setBaseOffset, verifyCrc } from '../../../../src/broker/protocol/record-batch.js';
import { CorruptRecordError, UnsupportedCompressionError } from '../../../../src/broker/protocol/protocol-errors.js';

const require = createRequire(import.meta.url);
const kafkaRequest = require('kafkajs/src/protocol/request');

const messages = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `value-${i}`.repeat(10), timestamp: 1_600_000_000_000 + i }));

async function produceRecords(v: number, compression = 0): Promise<Buffer> {
  const make = require(`kafkajs/src/protocol/requests/produce/v${v}/request`);
  const enc = await kafkaRequest({ correlationId: 1, clientId: 'c', request: make({ acks: 1, timeout: 100, compression, topicData: [{ topic: 't', partitions: [{ partition: 0, messages }] }] }) });
  const req = decodeRequest(enc.buffer.subarray(4));
  return req.body.topicData[0].partitionData[0].records;
}

describe('legacy message sets', () => {
  it('crc32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it.each([[0, 0], [1, 0], [2, 0], [2, 1]])('up-converts kafkajs Produce v%i (compression %i) to a valid v2 batch', async (v, compression) => {
    const set = await produceRecords(v, compression);
    expect(isLegacyMessageSet(set)).toBe(true);
    const msgs = readMessageSet(set);
    expect(msgs.map((m) => m.value!.toString())).toEqual(messages.map((m) => m.value));
    expect(msgs[0]!.magic).toBe(v === 2 ? 1 : 0);
    const batch = messageSetToBatch(set);
    expect(verifyCrc(batch)).toBe(true);
    const h = readBatchHeader(batch);
    expect(h.compression).toBe(compression);
    expect(h.recordCount).toBe(5);
    const recs = decodeRecords(batch);
    expect(recs.map((r) => [r.offsetDelta, r.key!.toString(), r.value!.toString()])).toEqual(messages.map((m, i) => [i, m.key, m.value]));
    if (v === 2 && compression === 0) expect(recs.map((r) => r.timestamp)).toEqual(messages.map((m) => m.timestamp));
    if (v < 2) expect(recs[0]!.timestamp).toBe(-1);
  });

  it('rejects a corrupted legacy CRC', async () => {
    const set = Buffer.from(await produceRecords(0));
    set[set.length - 1]! ^= 1;
    expect(() => readMessageSet(set)).toThrow(CorruptRecordError);
  });

  it.each([[0, 0], [1, 0], [2, 1], [3, 1]])('down-converts v2 batches for Fetch v%i (magic %i) that kafkajs decodes', async (v, magic) => {
    const a = buildBatch({ records: [{ key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1000 }, { key: null, value: Buffer.from('2'), timestamp: 1001 }], compression: 1 });
    setBaseOffset(a, 40);
    const marker = buildControlBatch({ producerId: 1, producerEpoch: 0, commit: true, coordinatorEpoch: 0 });
    setBaseOffset(marker, 42);
    const c = buildBatch({ records: [{ key: Buffer.from('c'), value: null, timestamp: 1002 }] });
    setBaseOffset(c, 43);
    const set = batchesToMessageSet(Buffer.concat([a, marker, c, c.subarray(0, 30)]), magic as 0 | 1);
    const body = { throttleTimeMs: 0, responses: [{ topic: 't', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 44, records: set }] }] };
    const frame = encodeResponse(1, v, 1, body);
    const { decode } = require(`kafkajs/src/protocol/requests/fetch/v${v}/response`);
    const decoded = await decode(frame.subarray(8));
    const got = decoded.responses[0].partitions[0].messages;
    expect(got.map((m: any) => [m.offset, m.magicByte, m.key?.toString() ?? null, m.value?.toString() ?? null])).toEqual([
      ['40', magic, 'a', '1'], ['41', magic, null, '2'], ['43', magic, 'c', null],
    ]);
    if (magic === 1) expect(got.map((m: any) => m.timestamp)).toEqual(['1000', '1001', '1002']);
    expect(readMessageSet(set).map((m) => m.offset)).toEqual([40, 41, 43]);
  });

  it('mutated message sets fail only with typed errors', async () => {
    const bases = [await produceRecords(0), await produceRecords(2, 1)];
    let seed = 3;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < 5000; i++) {
      const m = Buffer.from(bases[i % 2]!);
      for (let k = 0; k < 1 + (i % 3); k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      try {
        messageSetToBatch(m.subarray(0, i % 5 === 0 ? Math.floor(rnd() * m.length) : m.length), { verifyCrc: i % 2 === 0 });
      } catch (err) {
        expect(err instanceof CorruptRecordError || err instanceof UnsupportedCompressionError, String(err)).toBe(true);
      }
    }
  });
});
