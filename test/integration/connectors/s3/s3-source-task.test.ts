import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sinkRecord, type ConnectorProps, type SourceRecord } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { S3SourceConnector } from '../../../../connectors/s3/source/s3-source-connector.js';
import { S3SourceTask } from '../../../../connectors/s3/source/s3-source-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { SinkContextStub, SourceContextStub, listKeys, records } from './s3-task-harness.js';

let s3: TestS3;
let n = 0;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
});

/** Runs the sink over `recs` and commits whatever is still open, so the bucket holds every record. */
async function sinkAll(props: ConnectorProps, recs: Parameters<S3SinkTask['put']>[0]): Promise<void> {
  const task = new S3SinkTask();
  task.initialize(new SinkContextStub(props));
  await task.start(props);
  await task.put(recs);
  for (const w of task.writers()) await w.commit();
  await task.stop();
}

async function startSource(props: ConnectorProps, ctx = new SourceContextStub(props)) {
  const task = new S3SourceTask();
  task.initialize(ctx);
  await task.start(props);
  return { task, ctx };
}

/** Polls until `count` records came back (the source reads everything listed without waiting). */
async function pollN(task: S3SourceTask, count: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (let i = 0; out.length < count && i < 1000; i++) out.push(...((await task.poll()) ?? []));
  return out;
}

const byPartition = (rs: readonly SourceRecord[]) => {
  const m = new Map<number, unknown[]>();
  for (const r of rs) m.set(r.kafkaPartition!, [...(m.get(r.kafkaPartition!) ?? []), r.value]);
  return m;
};

describe('S3 source', () => {
  it('sink → source round trip reproduces every partition\'s records in order, under the mapped topic', async () => {
    const props = { ...s3.props, 'topics.dir': `src${++n}`, 'format.class': 'JsonFormat', 'flush.size': '7' };
    const sent = [...records('orders', 0, 0, 40), ...records('orders', 1, 100, 125), ...records('other', 0, 0, 5)];
    await sinkAll(props, sent);

    const { task } = await startSource({ ...props, 'source.topics': 'orders', 'topic.mapping': 'orders:orders_restored', 'batch.max.records': '4' });
    const got = await pollN(task, 65);
    expect(got).toHaveLength(65);
    expect(new Set(got.map((r) => r.topic))).toEqual(new Set(['orders_restored']));
    const parts = byPartition(got);
    expect(parts.get(0)).toEqual(records('orders', 0, 0, 40).map((r) => r.value));
    expect(parts.get(1)).toEqual(records('orders', 1, 100, 125).map((r) => r.value));
    expect(got[0]!.sourcePartition).toEqual({ bucket: s3.bucket, prefix: props['topics.dir'], topic: 'orders', partition: 0 });
    task.stop();
  });

  it('resumes after the last committed record, mid-file, with no duplicate and no gap', async () => {
    const props = { ...s3.props, 'topics.dir': `src${++n}`, 'format.class': 'JsonFormat', 'flush.size': '10', 'batch.max.records': '3', 'poll.interval.ms': '10' };
    await sinkAll(props, records('t', 0, 0, 30));
    const first = await startSource(props);
    const head = await pollN(first.task, 14);
    first.ctx.commit(head.slice(0, 14)); // Kafka acknowledged 14 records (file 10, record 4)
    first.task.stop();

    const second = await startSource(props, first.ctx);
    const rest = await pollN(second.task, 16);
    expect([...head.slice(0, 14), ...rest].map((r) => (r.value as { id: number }).id)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await second.task.poll()).toBeNull();
    second.task.stop();
  });

  it('reads gzipped ByteArray files back as bytes', async () => {
    const props = {
      ...s3.props, 'topics.dir': `src${++n}`, 'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
      's3.compression.type': 'gzip', 'format.bytearray.separator': '\r\n', 'flush.size': '3',
    };
    const values = ['a', '', 'ccc', 'dd'].map((s) => Buffer.from(s));
    await sinkAll(props, records('bin', 2, 0, 4, (o) => values[o]));
    const { task } = await startSource(props);
    const got = await pollN(task, 4);
    expect(got.map((r) => Buffer.from(r.value as Uint8Array).toString())).toEqual(['a', '', 'ccc', 'dd']);
    expect(got.every((r) => r.kafkaPartition === 2 && r.valueSchema?.type === 'bytes')).toBe(true);
    task.stop();
  });

  it('spreads partitions over tasks: every record read by exactly one task', async () => {
    const props = { ...s3.props, 'topics.dir': `src${++n}`, 'format.class': 'JsonFormat', 'flush.size': '5', 'poll.interval.ms': '10' };
    const sent = [0, 1, 2, 3, 4, 5].flatMap((p) => records('spread', p, 0, 10));
    await sinkAll(props, sent);
    const connector = new S3SourceConnector();
    connector.start(props);
    const configs = connector.taskConfigs(3);
    const seen: string[] = [];
    for (const cfg of configs) {
      const { task } = await startSource(cfg);
      for (let i = 0; i < 30; i++) {
        const batch = await task.poll();
        if (batch === null) break;
        for (const r of batch) seen.push(`${r.kafkaPartition}/${(r.value as { id: number }).id}`);
      }
      task.stop();
    }
    expect(seen.sort()).toEqual(sent.map((r) => `${r.kafkaPartition}/${r.kafkaOffset}`).sort());
  });
});

describe('S3 sink + source: keys and headers (store.kafka.keys, store.kafka.headers)', () => {
  it('writes .keys/.headers companions beside each file and the source restores keys, headers and tombstones', async () => {
    const props = {
      ...s3.props, 'topics.dir': `kh${++n}`, 'format.class': 'JsonFormat', 'flush.size': '3', 's3.compression.type': 'gzip',
      'store.kafka.keys': 'true', 'store.kafka.headers': 'true', 'behavior.on.null.values': 'write', 'poll.interval.ms': '10',
    };
    const sent = [0, 1, 2, 3, 4, 5].map((o) => sinkRecord({
      topic: 'kv', kafkaPartition: 0, kafkaOffset: o, key: `k${o}`, value: o === 4 ? null : { o },
      headers: o % 2 ? [{ key: 'trace', value: `t${o}` }, { key: 'n', value: o }] : [],
    }));
    await sinkAll(props, sent);
    const names = (await listKeys(s3, `${props['topics.dir']}/`)).map((k) => k.slice(props['topics.dir'].length + 1));
    expect(names).toEqual([
      'kv/partition=0/kv+0+0000000000.headers.json.gz',
      'kv/partition=0/kv+0+0000000000.json.gz',
      'kv/partition=0/kv+0+0000000000.keys.json.gz',
      'kv/partition=0/kv+0+0000000003.headers.json.gz',
      'kv/partition=0/kv+0+0000000003.json.gz',
      'kv/partition=0/kv+0+0000000003.keys.json.gz',
      'kv/tombstone/kv+0+0000000004.headers.json.gz',
      'kv/tombstone/kv+0+0000000004.json.gz',
      'kv/tombstone/kv+0+0000000004.keys.json.gz',
    ]);
    const { task } = await startSource(props);
    const got = await pollN(task, 6);
    task.stop();
    const byKey = new Map(got.map((r) => [r.key, r]));
    expect([...byKey.keys()].sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    expect(byKey.get('k4')!.value).toBeNull();
    expect(byKey.get('k5')!.value).toEqual({ o: 5 });
    expect(byKey.get('k3')!.headers.toArray().map((h) => [h.key, h.value])).toEqual([['trace', 't3'], ['n', 3]]);
    expect(byKey.get('k2')!.headers.size).toBe(0);
  });

  it('ByteArray keys come back as bytes; a key that is not bytes is a bad record and no file takes it', async () => {
    const props = {
      ...s3.props, 'topics.dir': `kb${++n}`, 'format.class': 'JsonFormat', 'flush.size': '2',
      'store.kafka.keys': 'true', 'keys.format.class': 'ByteArrayFormat', 'poll.interval.ms': '10',
    };
    const sinkTask = new S3SinkTask();
    const ctx = new SinkContextStub(props, true);
    sinkTask.initialize(ctx);
    await sinkTask.start(props);
    await sinkTask.put([0, 1, 2].map((o) => sinkRecord({ topic: 'kb', kafkaPartition: 0, kafkaOffset: o, key: o === 1 ? 42 : Buffer.from(`key${o}`), value: { o } })));
    await sinkTask.stop();
    expect(ctx.reported.map((r) => r.record.kafkaOffset)).toEqual([1]);
    const { task } = await startSource(props);
    const got = await pollN(task, 2);
    task.stop();
    expect(got.map((r) => [Buffer.from(r.key as Uint8Array).toString(), r.keySchema?.type, r.value])).toEqual([['key0', 'bytes', { o: 0 }], ['key2', 'bytes', { o: 2 }]]);
  });
});
