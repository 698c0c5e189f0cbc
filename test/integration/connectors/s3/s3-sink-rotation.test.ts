import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sinkRecord, type ConnectorProps } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { ManualClock, SinkContextStub, bucketContents, listKeys, readObject, records } from './s3-task-harness.js';

let s3: TestS3;
let n = 0;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
});

/** put, then wait for the background uploads (as the runtime's next preCommit would). */
async function putSettled(task: S3SinkTask, recs: Parameters<S3SinkTask['put']>[0]): Promise<void> {
  await task.put(recs);
  for (const w of task.writers()) await w.settleUploads();
}

/** Each test writes under its own topics.dir so tests never see each other's objects. */
async function startTask(extra: ConnectorProps, clock?: ManualClock, dlq = false) {
  const dir = `t${++n}`;
  const props = { ...s3.props, 'topics.dir': dir, 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat', 'flush.size': '3', ...extra };
  const task = new S3SinkTask(clock === undefined ? {} : { clock: clock.read });
  const ctx = new SinkContextStub(props, dlq);
  task.initialize(ctx);
  await task.start(props);
  return { task, ctx, dir };
}

describe('S3 sink: object names and flush.size', () => {
  it('writes Confluent keys, commits every flush.size records, and preCommit reports only uploaded offsets', async () => {
    const { task, dir } = await startTask({});
    await task.open([{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }]);
    await putSettled(task, [...records('orders', 0, 0, 8), ...records('orders', 1, 0, 5)]);
    expect(await listKeys(s3, `${dir}/`)).toEqual([
      `${dir}/orders/partition=0/orders+0+0000000000.json`,
      `${dir}/orders/partition=0/orders+0+0000000003.json`,
      `${dir}/orders/partition=1/orders+1+0000000000.json`,
    ]);
    const contents = await bucketContents(s3, `${dir}/`);
    expect(contents[`${dir}/orders/partition=0/orders+0+0000000003.json`]).toEqual([{ id: 3, p: 0 }, { id: 4, p: 0 }, { id: 5, p: 0 }]);
    const offsets = await task.preCommit([{ topic: 'orders', partition: 0, offset: 8 }, { topic: 'orders', partition: 1, offset: 5 }]);
    expect(offsets).toEqual([{ topic: 'orders', partition: 0, offset: 6 }, { topic: 'orders', partition: 1, offset: 3 }]);
    await task.stop();
  });

  it('honours an empty topics.dir, file.delim and the zero-pad width', async () => {
    const { task } = await startTask({ 'topics.dir': '', 'filename.offset.zero.pad.width': '4', 'flush.size': '2', 'file.delim': '-' });
    await task.open([{ topic: 'nodir', partition: 7 }]);
    await putSettled(task, records('nodir', 7, 10, 12));
    expect(await listKeys(s3, 'nodir/')).toEqual(['nodir/partition=7/nodir-7-0010.json']);
    await task.stop();
  });

  it('skips records of a redelivered batch, so a retried put writes no duplicates', async () => {
    const { task, dir } = await startTask({});
    await task.open([{ topic: 'r', partition: 0 }]);
    await putSettled(task, records('r', 0, 0, 2));
    await putSettled(task, records('r', 0, 0, 4));
    const contents = await bucketContents(s3, `${dir}/`);
    expect(contents).toEqual({ [`${dir}/r/partition=0/r+0+0000000000.json`]: [{ id: 0, p: 0 }, { id: 1, p: 0 }, { id: 2, p: 0 }] });
    await task.stop();
  });
});

describe('S3 sink: formats and compression', () => {
  it('gzips JSON files and names them .json.gz', async () => {
    const { task, dir } = await startTask({ 's3.compression.type': 'gzip' });
    await task.open([{ topic: 'z', partition: 0 }]);
    await putSettled(task, records('z', 0, 0, 3));
    const keys = await listKeys(s3, `${dir}/`);
    expect(keys).toEqual([`${dir}/z/partition=0/z+0+0000000000.json.gz`]);
    expect((await readObject(s3, keys[0]!)).toString()).toBe('{"id":0,"p":0}\n{"id":1,"p":0}\n{"id":2,"p":0}\n');
    await task.stop();
  });

  it('writes ByteArray values with the configured separator and extension', async () => {
    const { task, dir } = await startTask({
      'format.class': 'ByteArrayFormat', 'format.bytearray.separator': '|', 'format.bytearray.extension': '.raw', 'flush.size': '2',
    });
    await task.open([{ topic: 'b', partition: 0 }]);
    await putSettled(task, records('b', 0, 0, 2, (o) => Buffer.from(`v${o}`)));
    const keys = await listKeys(s3, `${dir}/`);
    expect(keys).toEqual([`${dir}/b/partition=0/b+0+0000000000.raw`]);
    expect((await readObject(s3, keys[0]!)).toString()).toBe('v0|v1|');
    await task.stop();
  });

  it('writes JSON as Kafka\'s JsonConverter would (bytes base64, bigint exact)', async () => {
    const { task, dir } = await startTask({ 'flush.size': '1' });
    await task.open([{ topic: 'j', partition: 0 }]);
    await putSettled(task, records('j', 0, 0, 1, () => ({ b: new Uint8Array([1, 2, 3]), big: 9007199254740993n, s: 'x"y' })));
    const [key] = await listKeys(s3, `${dir}/`);
    expect((await readObject(s3, key!)).toString()).toBe('{"b":"AQID","big":9007199254740993,"s":"x\\"y"}\n');
    await task.stop();
  });
});

describe('S3 sink: rotation', () => {
  it('rotate.interval.ms rotates on record time (Record extractor), before the record that crosses it', async () => {
    const { task, dir } = await startTask({ 'flush.size': '100', 'rotate.interval.ms': '2500', 'timestamp.extractor': 'Record' });
    await task.open([{ topic: 'ri', partition: 0 }]);
    // records() stamps offset o at base + o seconds: 0,1,2 | 3,4,5 | 6 (open)
    await putSettled(task, records('ri', 0, 0, 7));
    expect(Object.entries(await bucketContents(s3, `${dir}/`)).map(([k, v]) => [k.split('/').pop(), v.length])).toEqual([
      ['ri+0+0000000000.json', 3],
      ['ri+0+0000000003.json', 3],
    ]);
    expect(await task.preCommit([])).toEqual([{ topic: 'ri', partition: 0, offset: 6 }]);
    await task.stop();
  });

  it('rotate.interval.ms also rotates when the encoded partition changes (time partitioner)', async () => {
    const { task, dir } = await startTask({
      'flush.size': '100', 'rotate.interval.ms': '3600000', 'timestamp.extractor': 'Record',
      'partitioner.class': 'HourlyPartitioner', locale: 'en-US', timezone: 'UTC',
    });
    await task.open([{ topic: 'rp', partition: 0 }]);
    const hour = 3_600_000;
    const at = [0, 1000, hour, hour + 5, 2 * hour];
    await putSettled(task, at.map((t, o) => sinkRecord({ topic: 'rp', kafkaPartition: 0, kafkaOffset: o, value: { o }, timestamp: Date.UTC(2026, 0, 1) + t })));
    expect(Object.entries(await bucketContents(s3, `${dir}/`)).map(([k, v]) => [k.slice(dir.length + 1), v.length])).toEqual([
      ['rp/year=2026/month=01/day=01/hour=00/rp+0+0000000000.json', 2],
      ['rp/year=2026/month=01/day=01/hour=01/rp+0+0000000002.json', 2],
    ]);
    await task.stop();
  });

  it('rotate.schedule.interval.ms commits idle partitions on the wall clock, from preCommit too', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10, 3));
    const { task, dir } = await startTask({ 'flush.size': '100', 'rotate.schedule.interval.ms': '3600000', timezone: 'UTC' }, clock);
    await task.open([{ topic: 'rs', partition: 0 }, { topic: 'rs', partition: 1 }]);
    await putSettled(task, [...records('rs', 0, 0, 2), ...records('rs', 1, 0, 1)]);
    clock.advance(56 * 60_000); // 10:59 — before the aligned boundary (11:00)
    expect(await task.preCommit([])).toEqual([]);
    expect(await listKeys(s3, `${dir}/`)).toEqual([]);
    clock.advance(60_000); // 11:00
    expect(await task.preCommit([])).toEqual([{ topic: 'rs', partition: 0, offset: 2 }, { topic: 'rs', partition: 1, offset: 1 }]);
    expect(await listKeys(s3, `${dir}/`)).toEqual([
      `${dir}/rs/partition=0/rs+0+0000000000.json`,
      `${dir}/rs/partition=1/rs+1+0000000000.json`,
    ]);
    await task.stop();
  });

  it('a scheduled rotation that came due between puts closes the file before the next record joins it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 10, 3));
    const { task, dir } = await startTask({ 'flush.size': '100', 'rotate.schedule.interval.ms': '3600000', timezone: 'Europe/Paris' }, clock);
    await task.open([{ topic: 'rn', partition: 0 }]);
    await putSettled(task, records('rn', 0, 0, 2));
    clock.advance(57 * 60_000); // 11:00 UTC = 12:00 in Paris: an aligned boundary there too
    await putSettled(task, records('rn', 0, 2, 3));
    expect(Object.values(await bucketContents(s3, `${dir}/`))).toEqual([[{ id: 0, p: 0 }, { id: 1, p: 0 }]]);
    expect(task.writers()[0]!.recordCount).toBe(1);
    await task.stop();
  });
});

describe('S3 sink: partitioners', () => {
  it('FieldPartitioner writes <field>=<value> directories and names each file by its first record', async () => {
    const { task, dir } = await startTask({ 'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner', 'partition.field.name': 'region,tier', 'flush.size': '4' });
    await task.open([{ topic: 'f', partition: 2 }]);
    const regions = ['eu', 'us', 'eu', 'eu'];
    await putSettled(task, records('f', 2, 0, 4, (o) => ({ id: o, region: regions[o], tier: 1 })));
    expect(await listKeys(s3, `${dir}/`)).toEqual([
      `${dir}/f/region=eu/tier=1/f+2+0000000000.json`,
      `${dir}/f/region=us/tier=1/f+2+0000000001.json`,
    ]);
    await task.stop();
  });

  it('TimeBasedPartitioner formats path.format in the time zone, bucketed by partition.duration.ms', async () => {
    const { task, dir } = await startTask({
      'partitioner.class': 'TimeBasedPartitioner', 'path.format': "'dt'=YYYY-MM-dd/'hr'=HH", 'partition.duration.ms': '3600000',
      locale: 'en-US', timezone: 'Asia/Kolkata', 'timestamp.extractor': 'RecordField', 'timestamp.field': 'meta.at', 'flush.size': '2',
    });
    await task.open([{ topic: 'tb', partition: 0 }]);
    const at = [Date.UTC(2026, 5, 30, 18, 25), '2026-06-30T18:35:00Z'];
    await putSettled(task, records('tb', 0, 0, 2, (o) => ({ id: o, meta: { at: at[o] } })));
    // 18:25Z = 23:55 IST; 18:35Z = 00:05 IST the next day (+05:30)
    expect(await listKeys(s3, `${dir}/`)).toEqual([
      `${dir}/tb/dt=2026-06-30/hr=23/tb+0+0000000000.json`,
      `${dir}/tb/dt=2026-07-01/hr=00/tb+0+0000000001.json`,
    ]);
    await task.stop();
  });

  it('Daily and Hourly partitioners use Confluent\'s year=/month=/day=(/hour=) layout', async () => {
    const daily = await startTask({ 'partitioner.class': 'DailyPartitioner', locale: 'en-US', timezone: 'UTC', 'timestamp.extractor': 'Record', 'flush.size': '1' });
    const hourly = await startTask({ 'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner', locale: 'en-US', timezone: 'America/New_York', 'timestamp.extractor': 'Record', 'flush.size': '1' });
    const rec = sinkRecord({ topic: 'd', kafkaPartition: 0, kafkaOffset: 42, value: { a: 1 }, timestamp: Date.UTC(2026, 2, 8, 7, 30) });
    for (const t of [daily, hourly]) {
      await t.task.open([{ topic: 'd', partition: 0 }]);
      await putSettled(t.task, [rec]);
    }
    expect(await listKeys(s3, `${daily.dir}/`)).toEqual([`${daily.dir}/d/year=2026/month=03/day=08/d+0+0000000042.json`]);
    // 07:30Z on 2026-03-08 is 03:30 EDT (DST began at 02:00 local that morning)
    expect(await listKeys(s3, `${hourly.dir}/`)).toEqual([`${hourly.dir}/d/year=2026/month=03/day=08/hour=03/d+0+0000000042.json`]);
    await daily.task.stop();
    await hourly.task.stop();
  });
});

describe('S3 sink: null values and bad records', () => {
  it('ignore skips tombstones; fail reports them to the DLQ when there is one', async () => {
    const ignore = await startTask({ 'behavior.on.null.values': 'ignore', 'flush.size': '2' });
    await ignore.task.open([{ topic: 'n', partition: 0 }]);
    await putSettled(ignore.task, records('n', 0, 0, 3, (o) => (o === 1 ? null : { id: o })));
    expect(Object.values(await bucketContents(s3, `${ignore.dir}/`))).toEqual([[{ id: 0 }, { id: 2 }]]);

    const fail = await startTask({ 'flush.size': '2' }, undefined, true);
    await fail.task.open([{ topic: 'n', partition: 0 }]);
    await putSettled(fail.task, records('n', 0, 0, 3, (o) => (o === 1 ? null : { id: o })));
    expect(fail.ctx.reported.map((r) => [r.record.kafkaOffset, (r.error as { code?: string }).code])).toEqual([[1, 'TRIB_S3_NULL_VALUE']]);

    const noDlq = await startTask({});
    await noDlq.task.open([{ topic: 'n', partition: 0 }]);
    await expect(noDlq.task.put(records('n', 0, 0, 1, () => null))).rejects.toMatchObject({ code: 'TRIB_S3_NULL_VALUE' });
    for (const t of [ignore, fail, noDlq]) await t.task.stop();
  });

  it('write puts tombstones under tombstone.encoded.partition', async () => {
    const { task, dir } = await startTask({ 'behavior.on.null.values': 'write', 'flush.size': '2' });
    await task.open([{ topic: 'w', partition: 0 }]);
    await putSettled(task, records('w', 0, 0, 2, (o) => (o === 1 ? null : { id: o })));
    expect(await bucketContents(s3, `${dir}/`)).toEqual({
      [`${dir}/w/partition=0/w+0+0000000000.json`]: [{ id: 0 }],
      [`${dir}/w/tombstone/w+0+0000000001.json`]: [null],
    });
    await task.stop();
  });
});

describe('S3 sink: large files', () => {
  it('uploads a file larger than s3.part.size as a multipart upload, byte for byte', async () => {
    const { task, dir } = await startTask({ 'flush.size': '1000', 's3.part.size': String(5 * 1024 * 1024), 'format.class': 'ByteArrayFormat' });
    await task.open([{ topic: 'big', partition: 0 }]);
    const chunk = (o: number) => Buffer.alloc(64 * 1024 - 1, 97 + (o % 26));
    for (let i = 0; i < 200; i += 20) await putSettled(task, records('big', 0, i, i + 20, chunk));
    const writer = task.writers()[0]!;
    // Two 5 MiB parts are already out; memory holds only the remainder.
    expect(writer.partsUploaded).toBe(2);
    expect(writer.bufferedBytes).toBeLessThan(5 * 1024 * 1024);
    await writer.commit();
    const [key] = await listKeys(s3, `${dir}/`);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentLength).toBe(200 * 64 * 1024);
    const body = await readObject(s3, key!);
    expect(body.subarray(0, 3).toString()).toBe('aaa');
    expect(body.subarray(199 * 64 * 1024, 199 * 64 * 1024 + 3).toString()).toBe(String.fromCharCode(97 + (199 % 26)).repeat(3));
    await task.stop();
  });
});
