/**
 * End to end through a real worker process (`tributary standalone`) and the embedded broker: Kafka → S3
 * sink (by its Confluent class name) → bucket, a kill -9 and restart in the middle, then S3 source →
 * a restore topic. Every record lands in exactly one object, and the restore topic reproduces each
 * partition's records in order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '../../../support/broker.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { startWorkerProcess, writeProperties, type WorkerProcess } from '../../../e2e/support/worker-process.js';
import { bucketContents, listKeys } from './s3-task-harness.js';

let broker: TestBroker & { removeDataDir(): Promise<void> };
let s3: TestS3;
let dir: string;
const running: WorkerProcess[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  s3 = await startTestS3();
  dir = await mkdtemp(join(tmpdir(), 's3-e2e-'));
});
afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null) w.kill('SIGKILL');
  await broker?.close();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const PER_PARTITION = 300;

async function produce(kafka: Kafka, from: number, to: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    const messages = [];
    for (let i = from; i < to; i++) messages.push({ partition, value: JSON.stringify({ id: i, p: partition }) });
    await producer.send({ topic: 'orders', messages });
  }
  await producer.disconnect();
}

async function workerArgs(name: string, connectors: Record<string, string>[]): Promise<string[]> {
  const worker = await writeProperties(join(dir, `${name}-worker.properties`), {
    'bootstrap.servers': broker.bootstrap,
    'offset.storage.file.filename': join(dir, 'standalone.offsets'),
    'offset.flush.interval.ms': '300',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'consumer.session.timeout.ms': '3000',
    'consumer.heartbeat.interval.ms': '500',
    listeners: 'http://127.0.0.1:0',
  });
  const files = [];
  for (const c of connectors) files.push(await writeProperties(join(dir, `${name}-${c.name}.properties`), c));
  return ['standalone', worker, ...files];
}

const sinkConfig = (): Record<string, string> => ({
  name: 's3-sink',
  'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
  topics: 'orders',
  ...s3.props,
  'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
  'flush.size': '50',
});

describe('S3 connectors in a worker process', () => {
  it('Kafka → S3 sink survives kill -9 with every record in exactly one object; S3 source restores the topic', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }, { topic: 'orders_restored', numPartitions: 2 }] });
    await admin.disconnect();
    await produce(kafka, 0, PER_PARTITION / 2);

    const w1 = await startWorkerProcess(await workerArgs('w1', [sinkConfig()]));
    running.push(w1);
    await waitFor(async () => (await listKeys(s3, 'topics/orders/')).length >= 6, 'first objects', 30_000);
    w1.kill('SIGKILL');
    await w1.exited;

    await produce(kafka, PER_PARTITION / 2, PER_PARTITION);
    const w2 = await startWorkerProcess(await workerArgs('w2', [sinkConfig()]));
    running.push(w2);
    await waitFor(async () => (await listKeys(s3, 'topics/orders/')).length >= 12, 'all objects', 30_000);
    const objects = await bucketContents(s3, 'topics/orders/');
    expect(Object.keys(objects).length).toBe(12);
    for (const p of [0, 1]) {
      const keys = Object.keys(objects).filter((k) => k.includes(`/partition=${p}/`));
      expect(keys.map((k) => k.split('/').pop())).toEqual(Array.from({ length: 6 }, (_, i) => `orders+${p}+${String(i * 50).padStart(10, '0')}.json`));
      expect(keys.flatMap((k) => objects[k]!)).toEqual(Array.from({ length: PER_PARTITION }, (_, id) => ({ id, p })));
    }
    w2.kill('SIGTERM');
    await w2.exited;

    const w3 = await startWorkerProcess(await workerArgs('w3', [{
      name: 's3-source',
      'connector.class': 'S3Source',
      ...s3.props,
      'format.class': 'JsonFormat',
      'topic.mapping': 'orders:orders_restored',
      'poll.interval.ms': '200',
    }]));
    running.push(w3);
    const restored = new Map<number, unknown[]>([[0, []], [1, []]]);
    const consumer = kafka.consumer({ groupId: 's3-restore-check' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders_restored', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void restored.get(partition)!.push(JSON.parse(message.value!.toString())) });
    await waitFor(() => restored.get(0)!.length + restored.get(1)!.length >= 2 * PER_PARTITION, 'restored records', 30_000);
    await consumer.disconnect();
    w3.kill('SIGTERM');
    await w3.exited;
    for (const p of [0, 1]) expect(restored.get(p)).toEqual(Array.from({ length: PER_PARTITION }, (_, id) => ({ id, p })));
  });

  it('rotate.schedule.interval.ms writes the files of idle partitions through the worker (no record needed to trigger it)', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'quiet', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'quiet', messages: [0, 1, 2].map((i) => ({ partition: i % 2, value: JSON.stringify({ i }) })) });
    await producer.disconnect();

    const w = await startWorkerProcess(await workerArgs('quiet', [{
      ...sinkConfig(), name: 's3-quiet', topics: 'quiet', 'topics.dir': 'quiet-dir', 'flush.size': '1000',
      'rotate.schedule.interval.ms': '1000', timezone: 'UTC',
    }]));
    running.push(w);
    await waitFor(async () => (await listKeys(s3, 'quiet-dir/')).length === 2, 'both partitions flushed on schedule', 30_000);
    expect(await bucketContents(s3, 'quiet-dir/')).toEqual({
      'quiet-dir/quiet/partition=0/quiet+0+0000000000.json': [{ i: 0 }, { i: 2 }],
      'quiet-dir/quiet/partition=1/quiet+1+0000000000.json': [{ i: 1 }],
    });
    w.kill('SIGTERM');
    await w.exited;
  });
});
