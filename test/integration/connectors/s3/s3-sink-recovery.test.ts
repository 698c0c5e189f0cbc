import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorProps, SinkRecord, TopicPartitionOffset } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { ManualClock, SinkContextStub, bucketContents, listKeys, records } from './s3-task-harness.js';

let s3: TestS3;
let n = 0;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
});

const TOPIC = 'events';
const PARTITIONS = [0, 1, 2];

function allRecords(to: number, value?: (o: number, p: number) => unknown): Map<number, SinkRecord[]> {
  return new Map(PARTITIONS.map((p) => [p, records(TOPIC, p, 0, to, value === undefined ? undefined : (o) => value(o, p))]));
}

/**
 * A stand-in for the worker's consumer: delivers each partition from its position, honours the task's
 * seeks, and keeps the offsets the task's preCommit returned as "committed in Kafka".
 */
class Consumer {
  readonly committed = new Map<number, number>();
  position = new Map<number, number>();
  constructor(private readonly all: Map<number, SinkRecord[]>) {}

  /** `resetTo` plays auto.offset.reset for partitions without a committed offset (earliest = 0). */
  async startTask(props: ConnectorProps, clock?: ManualClock, resetTo = 0): Promise<{ task: S3SinkTask; ctx: SinkContextStub }> {
    const task = new S3SinkTask(clock === undefined ? {} : { clock: clock.read });
    const ctx = new SinkContextStub(props);
    task.initialize(ctx);
    await task.start(props);
    this.position = new Map(PARTITIONS.map((p) => [p, this.committed.get(p) ?? resetTo]));
    await task.open(PARTITIONS.map((partition) => ({ topic: TOPIC, partition })));
    for (const s of ctx.seeks) this.position.set(s.partition, s.offset);
    return { task, ctx };
  }

  /** Delivers up to `count` records of every partition that has them (interleaved), then advances. */
  async deliver(task: S3SinkTask, count: number, upTo = Number.POSITIVE_INFINITY): Promise<void> {
    const batch: SinkRecord[] = [];
    for (const p of PARTITIONS) {
      const from = this.position.get(p)!;
      const to = Math.min(from + count, upTo, this.all.get(p)!.length);
      batch.push(...this.all.get(p)!.slice(from, to));
      this.position.set(p, Math.max(from, to));
    }
    await task.put(batch);
  }

  async commit(task: S3SinkTask): Promise<void> {
    const current: TopicPartitionOffset[] = PARTITIONS.map((p) => ({ topic: TOPIC, partition: p, offset: this.position.get(p)! }));
    for (const o of await task.preCommit(current)) this.committed.set(o.partition, o.offset);
  }
}

async function cleanRun(props: ConnectorProps, all: Map<number, SinkRecord[]>, total: number, step: number): Promise<Record<string, unknown[]>> {
  const consumer = new Consumer(all);
  const { task } = await consumer.startTask(props);
  for (let i = 0; i < total; i += step) await consumer.deliver(task, step);
  await task.stop();
  return bucketContents(s3, `${props['topics.dir']}/`);
}

/** Object keys relative to their topics.dir, so two runs under different dirs compare. */
function relative(contents: Record<string, unknown[]>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(contents).map(([k, v]) => [k.slice(k.indexOf('/') + 1), v]));
}

function propsFor(extra: ConnectorProps): ConnectorProps {
  return { ...s3.props, 'topics.dir': `rec${++n}`, 'format.class': 'JsonFormat', 'flush.size': '4', ...extra };
}

describe('S3 sink: crash and restart', () => {
  it('a task dropped mid-file (no close) and restarted leaves exactly the objects of a crash-free run', async () => {
    const all = allRecords(30);
    const clean = relative(await cleanRun(propsFor({}), all, 30, 3));

    const props = propsFor({});
    const consumer = new Consumer(all);
    const first = await consumer.startTask(props);
    await consumer.deliver(first.task, 3);
    await consumer.deliver(first.task, 3); // offsets 0..5: file 0-3 uploaded, 4-5 buffered
    await consumer.commit(first.task); // Kafka now has 4
    await consumer.deliver(first.task, 3);
    await consumer.deliver(first.task, 3); // 6..11: file 4-7 uploaded (Kafka still says 4), 8-11 → file 8-11 uploaded
    await consumer.deliver(first.task, 2); // 12,13 buffered
    for (const w of first.task.writers()) await w.settleUploads(); // the uploads under way land before the crash
    // Crash: the task is abandoned without close/stop; its buffers are lost; Kafka's committed offset lags S3.
    expect(consumer.committed.get(0)).toBe(4);

    const second = await consumer.startTask(props);
    // Resumes at the last batch found in the bucket (8), not at Kafka's 4: no rewrite of 4..7 needed.
    expect(second.ctx.seeks).toEqual(PARTITIONS.map((p) => ({ topic: TOPIC, partition: p, offset: 8 })));
    for (let i = 0; i < 30; i += 3) await consumer.deliver(second.task, 3);
    await second.task.stop();
    expect(relative(await bucketContents(s3, `${props['topics.dir']}/`))).toEqual(clean);
  });

  it('a crash in the middle of a batch upload (some of its files missing) is repaired on restart', async () => {
    const value = (o: number, p: number) => ({ id: o, p, region: ['eu', 'us', 'ap'][(o * 7 + p) % 3] });
    const all = allRecords(24, value);
    const extra = { 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region', 'flush.size': '6' };
    const clean = relative(await cleanRun(propsFor(extra), all, 24, 4));

    const props = propsFor(extra);
    const consumer = new Consumer(all);
    const first = await consumer.startTask(props);
    for (let i = 0; i < 12; i += 4) await consumer.deliver(first.task, 4); // 0..11: batches 0-5 and 6-11 uploaded
    for (const w of first.task.writers()) await w.settleUploads();
    // Pretend the crash hit while batch 6-11 of partition 1 was uploading: one of its files never landed.
    const batchFiles = (await listKeys(s3, `${props['topics.dir']}/`)).filter((k) => /events\+1\+00000000(0[6-9]|1[01])/.test(k));
    expect(batchFiles.length).toBeGreaterThan(1);
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: batchFiles[0] }));

    const second = await consumer.startTask(props);
    expect(second.ctx.seeks.find((s) => s.partition === 1)?.offset).toBe(6);
    for (let i = 0; i < 24; i += 4) await consumer.deliver(second.task, 4);
    await second.task.stop();
    expect(relative(await bucketContents(s3, `${props['topics.dir']}/`))).toEqual(clean);
  });

  it('with wall-clock rotation the replay cuts files elsewhere, yet every record lands exactly once', async () => {
    const value = (o: number, p: number) => ({ id: o, p, region: ['eu', 'us'][(o + p) % 2] });
    const all = allRecords(40, value);
    const props = propsFor({
      'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region', 'flush.size': '100',
      'rotate.schedule.interval.ms': '60000', timezone: 'UTC',
    });
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const consumer = new Consumer(all);
    const first = await consumer.startTask(props, clock);
    for (let i = 0; i < 20; i += 5) {
      await consumer.deliver(first.task, 5);
      clock.advance(25_000); // a rotation roughly every 2.4 puts
    }
    // crash; the restart runs on a clock with other boundaries
    const clock2 = new ManualClock(Date.UTC(2026, 0, 1, 5, 0, 50));
    const second = await consumer.startTask(props, clock2);
    for (let i = 0; i < 40; i += 3) {
      await consumer.deliver(second.task, 3);
      clock2.advance(20_000);
    }
    for (const w of second.task.writers()) await w.commit();
    await second.task.stop();

    const seen = new Map<string, number>();
    for (const lines of Object.values(await bucketContents(s3, `${props['topics.dir']}/`))) {
      for (const l of lines as { id: number; p: number }[]) seen.set(`${l.p}/${l.id}`, (seen.get(`${l.p}/${l.id}`) ?? 0) + 1);
    }
    expect(seen.size).toBe(3 * 40);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
  });

  it('when Kafka lost the committed offsets (expired group, auto.offset.reset=latest) the bucket still says where to resume', async () => {
    const all = allRecords(20);
    const clean = relative(await cleanRun(propsFor({}), all, 20, 5));
    const props = propsFor({});
    const consumer = new Consumer(all);
    const first = await consumer.startTask(props);
    await consumer.deliver(first.task, 5);
    await consumer.deliver(first.task, 5); // files 0-3 and 4-7 uploaded, 8-9 buffered
    await consumer.commit(first.task);
    await first.task.stop();
    consumer.committed.clear(); // offsets.retention.minutes passed while the connector was down
    const second = await consumer.startTask(props, undefined, 12); // "latest" would skip 8..11
    expect(second.ctx.seeks.map((s) => s.offset)).toEqual([4, 4, 4]);
    for (let i = 0; i < 20; i += 5) await consumer.deliver(second.task, 5);
    await second.task.stop();
    expect(relative(await bucketContents(s3, `${props['topics.dir']}/`))).toEqual(clean);
  });

  it('without bucket recovery it trusts the committed offsets, as Confluent does', async () => {
    const props = propsFor({ 's3.recover.from.bucket': 'false' });
    const consumer = new Consumer(allRecords(10));
    const first = await consumer.startTask(props);
    await consumer.deliver(first.task, 5);
    const second = await consumer.startTask(props);
    expect(second.ctx.seeks).toEqual([]);
    await first.task.stop();
    await second.task.stop();
  });
});

describe('S3 sink: bounded memory', () => {
  it('keeps the task under s3.max.buffered.bytes with many partitions, committing the fullest early', async () => {
    const props = { ...s3.props, 'topics.dir': `mem${++n}`, 'format.class': 'JsonFormat', 'flush.size': '100000', 's3.max.buffered.bytes': String(1024 * 1024) };
    const task = new S3SinkTask();
    task.initialize(new SinkContextStub(props));
    await task.start(props);
    const partitions = Array.from({ length: 120 }, (_, i) => i);
    await task.open(partitions.map((partition) => ({ topic: 'wide', partition })));
    const pad = 'x'.repeat(1000);
    for (let round = 0; round < 10; round++) {
      const batch = partitions.flatMap((p) => records('wide', p, round * 5, round * 5 + 5, (o) => ({ o, pad })));
      await task.put(batch);
      const buffered = task.writers().reduce((sum, w) => sum + w.bufferedBytes, 0);
      expect(buffered).toBeLessThanOrEqual(1024 * 1024);
    }
    // Nothing was lost: committed + buffered records = all records.
    const committed = (await task.preCommit([])).reduce((sum, o) => sum + o.offset, 0);
    const buffered = task.writers().reduce((sum, w) => sum + w.recordCount, 0);
    expect(committed + buffered).toBe(120 * 50);
    expect(committed).toBeGreaterThan(0);
    await task.stop();
  });
});
