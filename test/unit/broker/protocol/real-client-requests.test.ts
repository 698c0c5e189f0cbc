// Request bytes captured from kcat (librdkafka 2.0.2) and kafka-python 2.0.2 (see the fixture's note).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeRequest, encodeRequest } from '../../../../src/broker/protocol/request.js';
import { decodeRecords, iterateBatches, verifyCrc } from '../../../../src/broker/protocol/record-batch.js';

interface Frame { client: string; apiKey: number; apiVersion: number; hex: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/real-client-requests.json', import.meta.url), 'utf8')) as { frames: Frame[] };
const frames = fixture.frames.map((f) => [`${f.client} api ${f.apiKey} v${f.apiVersion}`, f] as const);

describe('requests from real clients', () => {
  it.each(frames)('%s decodes and re-encodes byte for byte', (_name, f) => {
    const bytes = Buffer.from(f.hex, 'hex');
    const req = decodeRequest(bytes);
    expect([req.apiKey, req.apiVersion]).toEqual([f.apiKey, f.apiVersion]);
    const again = encodeRequest(req.apiKey, req.apiVersion, req.correlationId, req.clientId, req.body);
    expect(again.subarray(4).equals(bytes)).toBe(true);
  });

  it('librdkafka ApiVersions v3 (flexible: header v2, compact strings)', () => {
    const f = fixture.frames.find((x) => x.apiKey === 18 && x.apiVersion === 3)!;
    const req = decodeRequest(Buffer.from(f.hex, 'hex'));
    expect(req.clientId).toBe('rdkafka');
    expect(req.body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
  });

  it('kafka-python Metadata v0 and v1', () => {
    const v0 = decodeRequest(Buffer.from(fixture.frames.find((x) => x.apiKey === 3 && x.apiVersion === 0)!.hex, 'hex'));
    expect(v0.body.allowAutoTopicCreation).toBe(true); // default for versions without the field
    const v1 = decodeRequest(Buffer.from(fixture.frames.find((x) => x.apiKey === 3 && x.apiVersion === 1)!.hex, 'hex'));
    expect(Array.isArray(v1.body.topics) || v1.body.topics === null).toBe(true);
  });

  const produces = fixture.frames.filter((f) => f.apiKey === 0 && !f.client.includes('idempotent'));
  it.each(produces.map((f) => [f.client, f] as const))('%s Produce v7 carries valid record batches', (client, f) => {
    const req = decodeRequest(Buffer.from(f.hex, 'hex'));
    const records: Buffer = req.body.topicData[0].partitionData[0].records;
    const batches = [...iterateBatches(records)];
    expect(batches.length).toBeGreaterThan(0);
    const codec = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 }[client.split(' ')[1] as 'gzip'];
    let n = 0;
    for (const b of batches) {
      expect(verifyCrc(b.bytes)).toBe(true);
      if (client.startsWith('kcat')) expect(b.header.compression).toBe(codec);
      else expect([0, 1]).toContain(b.header.compression); // kafka-python leaves a 1-record batch uncompressed
      const recs = decodeRecords(b.bytes);
      expect(recs).toHaveLength(b.header.recordCount);
      for (const r of recs) {
        expect(r.value!.toString()).toMatch(/repetitive padding/);
        if (client.startsWith('kafka-python')) {
          expect(r.key!.toString()).toBe(`k${r.value!.toString().split(' ').pop()}`);
          expect(r.headers).toEqual([{ key: 'h', value: Buffer.from('v') }]);
        }
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
    if (client.startsWith('kcat')) {
      expect(n).toBe(30);
      const recs = decodeRecords(batches[0]!.bytes);
      expect(recs[4]!.value!.toString()).toBe('5 repetitive padding repetitive padding repetitive padding');
    }
  });
});

describe('librdkafka idempotent producer and group consumer requests', () => {
  const get = (client: string, apiKey: number) => {
    const f = fixture.frames.find((x) => x.client === client && x.apiKey === apiKey)!;
    return decodeRequest(Buffer.from(f.hex, 'hex'));
  };

  it('InitProducerId v4 (flexible) for an idempotent producer', () => {
    const r = get('kcat idempotent', 22);
    expect(r.apiVersion).toBe(4);
    expect(r.body).toEqual({ transactionalId: null, transactionTimeoutMs: -1, producerId: -1, producerEpoch: -1 });
  });

  it('idempotent Produce v7 carries producer id/epoch and sequence 0 in the batch', () => {
    const r = get('kcat idempotent-produce', 0);
    const [b] = [...iterateBatches(r.body.topicData[0].partitionData[0].records)];
    expect(b!.header).toMatchObject({ producerId: 1000, producerEpoch: 0, baseSequence: 0, recordCount: 5 });
    expect(decodeRecords(b!.bytes).map((x) => x.value!.toString())).toEqual(['1', '2', '3', '4', '5']);
  });

  it('OffsetFetch v7 (flexible) asks for stable offsets', () => {
    expect(get('kcat group', 9).body).toMatchObject({ groupId: 'grp1', topics: [{ name: 't1', partitionIndexes: [0] }], requireStable: true });
  });

  it('JoinGroup v5 / SyncGroup v3 / OffsetCommit v7 / ListOffsets v2 / Fetch v11', () => {
    expect(get('kcat group', 11).body).toMatchObject({ groupId: 'grp1', sessionTimeoutMs: 45000, rebalanceTimeoutMs: 300000, memberId: '', protocolType: 'consumer' });
    expect(get('kcat group', 11).body.protocols.map((p: { name: string }) => p.name)).toEqual(['range', 'roundrobin']);
    expect(get('kcat group', 14).body).toMatchObject({ groupId: 'grp1', generationId: 1, memberId: 'member-1' });
    expect(get('kcat group', 8).body.topics[0].partitions[0]).toMatchObject({ partitionIndex: 0, committedOffset: 3, committedMetadata: '' });
    expect(get('kcat group', 2).body.topics[0].partitions[0]).toMatchObject({ partitionIndex: 0, timestamp: -2 });
    expect(get('kcat group', 1).body).toMatchObject({ maxWaitMs: 500, isolationLevel: 1, topics: [{ topic: 't1', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1048576 }] }] });
  });
});

describe('kafka-python group consumer requests (old fixed versions)', () => {
  const get = (apiKey: number) => {
    const f = fixture.frames.find((x) => x.client === 'kafka-python group' && x.apiKey === apiKey)!;
    return decodeRequest(Buffer.from(f.hex, 'hex'));
  };
  it('FindCoordinator v0, JoinGroup v2, SyncGroup v1, OffsetFetch v1, OffsetCommit v2, ListOffsets v1, Fetch v4', () => {
    expect(get(10)).toMatchObject({ apiVersion: 0, body: { key: 'pygrp' } });
    expect(get(11)).toMatchObject({ apiVersion: 2, body: { groupId: 'pygrp', protocolType: 'consumer' } });
    expect(get(14)).toMatchObject({ apiVersion: 1, body: { groupId: 'pygrp' } });
    expect(get(9)).toMatchObject({ apiVersion: 1, body: { groupId: 'pygrp', topics: [{ name: 't1', partitionIndexes: [0] }] } });
    expect(get(8)).toMatchObject({ apiVersion: 2, body: { groupId: 'pygrp', topics: [{ name: 't1', partitions: [{ partitionIndex: 0, committedOffset: 3 }] }] } });
    expect(get(2)).toMatchObject({ apiVersion: 1, body: { topics: [{ name: 't1', partitions: [{ partitionIndex: 0, timestamp: -2 }] }] } });
    expect(get(1)).toMatchObject({ apiVersion: 4, body: { isolationLevel: 0, topics: [{ topic: 't1', partitions: [{ partition: 0, fetchOffset: 0 }] }] } });
  });
});
