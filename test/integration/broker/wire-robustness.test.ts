import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/broker/protocol/api-keys.js';
import { ErrorCode } from '../../../src/broker/protocol/error-codes.js';
import { buildBatch } from '../../../src/broker/protocol/record-batch.js';
import { CompressionType } from '../../../src/broker/protocol/compression/compression-type.js';
import { crc32c } from '../../../src/broker/protocol/crc32c.js';
import { decodeResponse } from '../../../src/broker/protocol/response.js';
import { withBroker } from '../../support/broker.js';
import { RawClient } from './raw-client.js';

const produceBody = (topic: string, records: Buffer, acks = -1) => ({
  transactionalId: null, acks, timeoutMs: 5000,
  topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
});

const fetchBody = (topic: string, fetchOffset: number, maxWaitMs: number, minBytes = 1) => ({
  replicaId: -1, maxWaitMs, minBytes, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
  topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
  forgottenTopicsData: [], rackId: '',
});

describe('embedded broker: wire-level behaviour', () => {
  const broker = withBroker({ maxRequestBytes: 1 << 20 });

  it('answers ApiVersions v3 with the KIP-511 fallback (v0 body, UNSUPPORTED_VERSION, the version list)', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const id = c.send(ApiKey.ApiVersions, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' });
    const res = decodeResponse(ApiKey.ApiVersions, 0, await c.nextFrame());
    expect(res.correlationId).toBe(id);
    expect(res.body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const produce = res.body.apiKeys.find((k: { apiKey: number }) => k.apiKey === ApiKey.Produce);
    expect(produce.maxVersion).toBeGreaterThanOrEqual(7);
    // The connection stays usable: the client retries with a listed version.
    const ok = await c.request(ApiKey.ApiVersions, 2, {});
    expect(ok.errorCode).toBe(ErrorCode.NONE);
    c.close();
  });

  it('answers pipelined ApiVersions v0 + Metadata v0 in order (kafka-python probe); controller is this broker', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const a = c.send(ApiKey.ApiVersions, 0, {});
    const m = c.send(ApiKey.Metadata, 0, { topics: [] });
    const r1 = await c.next(ApiKey.ApiVersions, 0);
    const r2 = await c.next(ApiKey.Metadata, 0);
    expect([r1.correlationId, r2.correlationId]).toEqual([a, m]);
    expect(r2.body.brokers).toEqual([expect.objectContaining({ nodeId: 1, port: Number(broker().bootstrap.split(':')[1]) })]);
    const v1 = await c.request(ApiKey.Metadata, 1, { topics: null });
    expect(v1.controllerId).toBe(1);
    c.close();
  });

  it('keeps responses in request order while a Fetch long-polls, and wakes the Fetch on append', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'longpoll' }] }); // auto-creates
    const f = c.send(ApiKey.Fetch, 11, fetchBody('longpoll', 0, 30_000));
    const m = c.send(ApiKey.Metadata, 1, { topics: null });
    const producer = await RawClient.connect(broker().bootstrap);
    const started = Date.now();
    await producer.request(ApiKey.Produce, 7, produceBody('longpoll', buildBatch({ records: [{ value: Buffer.from('wake') }] })));
    const fetched = await c.next(ApiKey.Fetch, 11);
    expect(fetched.correlationId).toBe(f);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fetched.body.responses[0].partitions[0].records.length).toBeGreaterThan(0);
    expect((await c.next(ApiKey.Metadata, 1)).correlationId).toBe(m);
    c.close();
    producer.close();
  });

  it('answers a duplicate idempotent batch with its original offset and appends it once', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const init = await c.request(ApiKey.InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60_000 });
    const batch = () => buildBatch({
      records: [{ value: Buffer.from('once') }], producerId: Number(init.producerId), producerEpoch: init.producerEpoch, baseSequence: 0,
    });
    const first = await c.request(ApiKey.Produce, 7, produceBody('idem-raw', batch()));
    const retry = await c.request(ApiKey.Produce, 7, produceBody('idem-raw', batch()));
    const p1 = first.responses[0].partitionResponses[0];
    const p2 = retry.responses[0].partitionResponses[0];
    expect(p1.errorCode).toBe(ErrorCode.NONE);
    expect(p2.errorCode).toBe(ErrorCode.NONE);
    expect(Number(p2.baseOffset)).toBe(Number(p1.baseOffset));
    const gap = buildBatch({
      records: [{ value: Buffer.from('gap') }], producerId: Number(init.producerId), producerEpoch: init.producerEpoch, baseSequence: 5,
    });
    const bad = await c.request(ApiKey.Produce, 7, produceBody('idem-raw', gap));
    expect(bad.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const listed = await c.request(ApiKey.ListOffsets, 2, {
      replicaId: -1, isolationLevel: 0, topics: [{ name: 'idem-raw', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
    });
    expect(Number(listed.topics[0].partitions[0].offset)).toBe(1);
    c.close();
  });

  it('rejects corrupt batches, zstd before Produce v7, and unknown partitions per partition', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const corrupt = buildBatch({ records: [{ value: Buffer.from('abc') }] });
    corrupt[corrupt.length - 1] ^= 0xff;
    const r1 = await c.request(ApiKey.Produce, 7, produceBody('bad', corrupt));
    expect(r1.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    // A batch whose attributes say zstd (the broker checks the codec id before anything is decoded).
    const zstd = buildBatch({ records: [{ value: Buffer.from('z') }] });
    zstd.writeInt16BE(zstd.readInt16BE(21) | CompressionType.Zstd, 21);
    zstd.writeUInt32BE(crc32c(zstd, 21, zstd.length), 17);
    const r2 = await c.request(ApiKey.Produce, 3, produceBody('bad', zstd));
    expect(r2.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    const r3 = await c.request(ApiKey.Produce, 7, {
      ...produceBody('bad', buildBatch({ records: [{ value: Buffer.from('x') }] })),
      topicData: [{ name: 'bad', partitionData: [{ index: 7, records: buildBatch({ records: [{ value: Buffer.from('x') }] }) }] }],
    });
    expect(r3.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const f = await c.request(ApiKey.Fetch, 11, fetchBody('bad', 999, 0));
    expect(f.responses[0].partitions[0].errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    c.close();
  });

  it('serves the old shapes kafka-python and sarama use: ListOffsets v0, FindCoordinator v0, Metadata v0', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    await c.request(ApiKey.Produce, 3, produceBody('old', buildBatch({ records: [{ value: Buffer.from('a') }, { value: Buffer.from('b') }] })));
    const lo = await c.request(ApiKey.ListOffsets, 0, {
      replicaId: -1, topics: [{ name: 'old', partitions: [{ partitionIndex: 0, timestamp: -1, maxNumOffsets: 1 }] }],
    });
    expect(lo.topics[0].partitions[0].oldStyleOffsets.map(Number)).toEqual([2]);
    const fc = await c.request(ApiKey.FindCoordinator, 0, { key: 'some-group' });
    expect([fc.errorCode, fc.nodeId, fc.port]).toEqual([0, 1, Number(broker().bootstrap.split(':')[1])]);
    const md = await c.request(ApiKey.Metadata, 0, { topics: [{ name: 'old' }] });
    expect(md.topics.map((t: { name: string; partitions: unknown[] }) => [t.name, t.partitions.length])).toEqual([['old', 1]]);
    c.close();
  });

  it('answers nothing to acks=0, and closes the connection when an acks=0 produce fails', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    c.send(ApiKey.Produce, 7, produceBody('fire-and-forget', buildBatch({ records: [{ value: Buffer.from('a') }] }), 0));
    const md = c.send(ApiKey.Metadata, 1, { topics: null });
    expect((await c.next(ApiKey.Metadata, 1)).correlationId).toBe(md); // the next response is Metadata's
    const corrupt = buildBatch({ records: [{ value: Buffer.from('b') }] });
    corrupt[corrupt.length - 1] ^= 0xff;
    c.send(ApiKey.Produce, 7, produceBody('fire-and-forget', corrupt, 0));
    await c.waitClosed();
  });

  it('rejects a batch above max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    const c = await RawClient.connect(broker().bootstrap);
    const created = await c.request(ApiKey.CreateTopics, 2, {
      topics: [{ name: 'small', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'max.message.bytes', value: '200' }] }],
      timeoutMs: 5000, validateOnly: false,
    });
    expect(created.topics[0].errorCode).toBe(0);
    const big = await c.request(ApiKey.Produce, 7, produceBody('small', buildBatch({ records: [{ value: Buffer.alloc(500, 1) }] })));
    expect(big.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    const ok = await c.request(ApiKey.Produce, 7, produceBody('small', buildBatch({ records: [{ value: Buffer.alloc(10, 1) }] })));
    expect(ok.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
    c.close();
  });

  it('closes a connection that sends garbage, an oversized frame or an unknown API, and keeps serving others', async () => {
    const healthy = await RawClient.connect(broker().bootstrap);
    const garbage = await RawClient.connect(broker().bootstrap);
    garbage.writeRaw(Buffer.from([0, 0, 0, 6, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]));
    await garbage.waitClosed();
    const huge = await RawClient.connect(broker().bootstrap);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(64 << 20);
    huge.writeRaw(prefix);
    await huge.waitClosed();
    const unknown = await RawClient.connect(broker().bootstrap);
    const frame = Buffer.alloc(14);
    frame.writeInt32BE(10, 0);
    frame.writeInt16BE(999, 4);
    frame.writeInt16BE(0, 6);
    frame.writeInt32BE(7, 8);
    frame.writeInt16BE(-1, 12);
    unknown.writeRaw(frame);
    await unknown.waitClosed();
    const negative = await RawClient.connect(broker().bootstrap);
    negative.writeRaw(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    await negative.waitClosed();
    const res = await healthy.request(ApiKey.Metadata, 1, { topics: null });
    expect(res.brokers.length).toBe(1);
    healthy.close();
  });

  it('survives random and mutated frames (fuzz)', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const valid = buildBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] });
    const base = [
      { apiKey: ApiKey.Produce, v: 7, body: produceBody('fuzz', valid) },
      { apiKey: ApiKey.Metadata, v: 1, body: { topics: [{ name: 'fuzz' }] } },
      { apiKey: ApiKey.Fetch, v: 11, body: fetchBody('fuzz', 0, 0) },
    ];
    const { encodeRequest } = await import('../../../src/broker/protocol/request.js');
    for (let round = 0; round < 60; round++) {
      const c = await RawClient.connect(broker().bootstrap);
      const b = base[round % base.length]!;
      const bytes = Buffer.from(encodeRequest(b.apiKey, b.v, round, 'fuzz', b.body as never));
      if (round % 3 === 0) {
        for (let i = 4; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      } else {
        const flips = 1 + Math.floor(rand() * 4);
        for (let i = 0; i < flips; i++) bytes[4 + Math.floor(rand() * (bytes.length - 4))] ^= 1 << Math.floor(rand() * 8);
      }
      c.writeRaw(bytes);
      // Either an answer or a closed connection; never a hang or a crash.
      await c.nextFrame(300).catch(() => undefined);
      c.close();
    }
    const healthy = await RawClient.connect(broker().bootstrap);
    expect((await healthy.request(ApiKey.Metadata, 1, { topics: null })).brokers.length).toBe(1);
    healthy.close();
  });
});
