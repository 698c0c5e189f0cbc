import { Readable } from 'node:stream';
import avro from 'avsc';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectTimestamp, Decimal, SchemaBuilder, Schemas, sinkRecord, type ConnectorProps } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { SinkContextStub, listKeys, readObject } from './s3-task-harness.js';

let s3: TestS3;
let n = 0;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
});

const v1 = SchemaBuilder.struct().name('Order').field('id', Schemas.INT64).field('item', Schemas.STRING)
  .field('price', Decimal.builder(2).build()).field('at', ConnectTimestamp.SCHEMA).field('note', Schemas.OPTIONAL_STRING).build();
const v2 = SchemaBuilder.struct().name('Order').field('id', Schemas.INT64).field('qty', Schemas.INT32).build();

function orders(from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => {
    const o = from + i;
    return sinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: o, valueSchema: v1, value: { id: BigInt(o), item: `i${o}`, price: '9.99', at: new Date(o * 1000), note: o % 2 ? null : 'even' } });
  });
}

async function run(extra: ConnectorProps, recs: ReturnType<typeof orders>) {
  const dir = `fmt${++n}`;
  const props = { ...s3.props, 'topics.dir': dir, 'flush.size': '5', ...extra };
  const task = new S3SinkTask();
  task.initialize(new SinkContextStub(props));
  await task.start(props);
  await task.open([{ topic: 'orders', partition: 0 }]);
  await task.put(recs);
  await task.stop();
  return listKeys(s3, `${dir}/`);
}

describe('S3 sink: Avro and Parquet files', () => {
  it('writes .avro container files that avsc reads, and starts a new file when the schema changes', async () => {
    const changed = sinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 7, valueSchema: v2, value: { id: 7n, qty: 3 } });
    const keys = await run({ 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat', 'avro.codec': 'deflate' }, [...orders(0, 7), changed, ...orders(8, 10)]);
    // 0-4 (flush.size), 5-6 (schema change), 7 (schema change back), 8-9 still open
    expect(keys.map((k) => k.split('/').pop())).toEqual(['orders+0+0000000000.avro', 'orders+0+0000000005.avro', 'orders+0+0000000007.avro']);
    const rows: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      readObject(s3, keys[0]!).then((bytes) => Readable.from([bytes]).pipe(new avro.streams.BlockDecoder())
        .on('data', (r: unknown) => rows.push(r)).on('end', resolve).on('error', reject), reject);
    });
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatchObject({ id: 1, item: 'i1', at: 1000, note: null });
  });

  it('writes .snappy.parquet files that hyparquet reads with the right column types', async () => {
    const keys = await run({ 'format.class': 'ParquetFormat' }, orders(0, 5));
    expect(keys.map((k) => k.split('/').pop())).toEqual(['orders+0+0000000000.snappy.parquet']);
    const bytes = await readObject(s3, keys[0]!);
    const file = new Uint8Array(bytes).buffer;
    const meta = parquetMetadata(file);
    expect(meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null, e.repetition_type])).toEqual([
      ['id', 'INT64', null, 'REQUIRED'],
      ['item', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['price', 'BYTE_ARRAY', 'DECIMAL', 'REQUIRED'],
      ['at', 'INT64', 'TIMESTAMP_MILLIS', 'REQUIRED'],
      ['note', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'],
    ]);
    expect(meta.row_groups[0]!.columns[0]!.meta_data!.codec).toBe('SNAPPY');
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatchObject({ id: 1n, item: 'i1', price: 9.99, note: null });
    expect((rows[1] as { at: Date }).at.getTime()).toBe(1000);
  });
});
