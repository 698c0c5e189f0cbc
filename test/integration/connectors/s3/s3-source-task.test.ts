import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorProps, SourceRecord } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { S3SourceConnector } from '../../../../connectors/s3/source/s3-source-connector.js';
import { S3SourceTask } from '../../../../connectors/s3/source/s3-source-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { SinkContextStub, SourceContextStub, records } from './s3-task-harness.js';

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
