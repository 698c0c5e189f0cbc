import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectError, Schemas, silentLogger, sinkRecord, type SinkTaskContext, type SourceRecord, type SourceTaskContext,
} from '../../../../src/api/index.js';
import { descriptors, FileStreamSinkConnector, FileStreamSourceConnector } from '../../../../connectors/file/index.js';
import { FileStreamSourceTask } from '../../../../connectors/file/file-stream-source-task.js';
import { FileStreamSinkTask } from '../../../../connectors/file/file-stream-sink-task.js';
import { MemoryOffsetStore } from '../../../../src/storage/memory-offset-store.js';
import { StoreOffsetReader } from '../../../../src/storage/store-offset-reader.js';
import { offsetKey } from '../../../../src/storage/offset-key.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-connector-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sourceContext(store: MemoryOffsetStore, props: Record<string, string>): SourceTaskContext {
  return {
    configs: () => props,
    offsetStorageReader: new StoreOffsetReader(store, 'file-src'),
    transactionContext: () => null,
    log: silentLogger,
  };
}

async function startSource(props: Record<string, string>, store = new MemoryOffsetStore()) {
  const task = new FileStreamSourceTask();
  task.initialize(sourceContext(store, props));
  await task.start(props);
  return task;
}

async function pollUntil(task: FileStreamSourceTask, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + 10_000;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${out.length} of ${n} records`);
    out.push(...((await task.poll()) ?? []));
  }
  return out;
}

describe('FileStreamSourceTask', () => {
  it('emits one STRING record per line with Kafka\'s filename/position offsets', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'alpha\nbeta\n');
    const task = await startSource({ file, topic: 't' });
    const records = await pollUntil(task, 2);
    expect(records.map((r) => r.value)).toEqual(['alpha', 'beta']);
    expect(records[0]).toMatchObject({ topic: 't', key: null, valueSchema: Schemas.STRING, sourcePartition: { filename: file }, sourceOffset: { position: 6 } });
    expect(records[1]!.sourceOffset).toEqual({ position: 11 });
    await task.stop();
  });

  it('follows appended lines, and does not emit a line before its newline arrives', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'one\n');
    const task = await startSource({ file, topic: 't' });
    expect((await pollUntil(task, 1)).map((r) => r.value)).toEqual(['one']);
    await appendFile(file, 'tw');
    expect(await task.poll()).toBeNull();
    await appendFile(file, 'o\nthree\n');
    expect((await pollUntil(task, 2)).map((r) => r.value)).toEqual(['two', 'three']);
    await task.stop();
  });

  it('resumes after the committed position', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'a\nb\nc\n');
    const store = new MemoryOffsetStore();
    await store.set(new Map([[offsetKey('file-src', { filename: file }), JSON.stringify({ position: 2 })]]));
    const task = await startSource({ file, topic: 't' }, store);
    expect((await pollUntil(task, 2)).map((r) => r.value)).toEqual(['b', 'c']);
    await task.stop();
  });

  it('returns at most batch.size records per poll', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, Array.from({ length: 25 }, (_, i) => `l${i}\n`).join(''));
    const task = await startSource({ file, topic: 't', 'batch.size': '10' });
    const sizes: number[] = [];
    let total = 0;
    while (total < 25) {
      const batch = (await task.poll()) ?? [];
      if (batch.length) sizes.push(batch.length);
      total += batch.length;
    }
    expect(sizes).toEqual([10, 10, 5]);
    await task.stop();
  });

  it('waits for a file that does not exist yet, and stop() cuts the wait short', async () => {
    const file = join(dir, 'later.txt');
    const task = await startSource({ file, topic: 't' });
    const started = Date.now();
    const pending = task.poll();
    await task.stop();
    expect(await pending).toBeNull();
    expect(Date.now() - started).toBeLessThan(900);
    const task2 = await startSource({ file, topic: 't' });
    expect(await task2.poll()).toBeNull();
    await writeFile(file, 'now\n');
    expect((await pollUntil(task2, 1))[0]!.value).toBe('now');
    await task2.stop();
  });
});

describe('FileStreamSinkTask', () => {
  const ctx = (props: Record<string, string>): SinkTaskContext => ({
    configs: () => props, offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
    requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
  });
  const rec = (value: unknown, offset: number) => sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset, value });

  it('appends values as lines on flush (strings verbatim, other values as JSON)', async () => {
    const file = join(dir, 'out.txt');
    await writeFile(file, 'existing\n');
    const task = new FileStreamSinkTask();
    task.initialize(ctx({ file }));
    await task.start({ file });
    await task.put([rec('plain', 0), rec({ a: 1, b: [true, null], n: 2n ** 60n }, 1), rec(null, 2), rec(new Uint8Array([1, 2]), 3)]);
    expect(await readFile(file, 'utf8')).toBe('existing\n');
    await task.flush([]);
    expect(await readFile(file, 'utf8')).toBe('existing\nplain\n{"a":1,"b":[true,null],"n":"1152921504606846976"}\nnull\nAQI=\n');
    await task.stop();
  });

  it('drops lines that were put but never flushed (their offsets are not committed, so they come again)', async () => {
    const file = join(dir, 'out.txt');
    const task = new FileStreamSinkTask();
    task.initialize(ctx({ file }));
    await task.start({ file });
    await task.put([rec('a', 0)]);
    await task.flush([]);
    await task.put([rec('b', 1)]);
    await task.stop();
    expect(await readFile(file, 'utf8')).toBe('a\n');
  });
});

describe('file connectors', () => {
  it('registers Kafka\'s class names and short aliases', () => {
    const names = descriptors.flatMap((d) => [d.className, ...(d.aliases ?? [])]);
    expect(names).toEqual(expect.arrayContaining([
      'org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSource',
      'org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSink',
    ]));
  });

  it('validates like Kafka: topic is required, batch.size must be positive', () => {
    const values = new FileStreamSourceConnector().validate({ file: '/x', 'batch.size': '0' }) as { name: string; errors: string[] }[];
    const errs = Object.fromEntries(values.map((v) => [v.name, v.errors]));
    expect(errs['topic']![0]).toMatch(/Missing required configuration "topic"/);
    expect(errs['batch.size']![0]).toMatch(/at least 1/);
    expect(errs['file']).toEqual([]);
  });

  it('source runs one task whatever tasks.max says; sink one per task', () => {
    const src = new FileStreamSourceConnector();
    src.start({ file: '/x', topic: 't' });
    expect(src.taskConfigs(4)).toHaveLength(1);
    const sink = new FileStreamSinkConnector();
    sink.start({ file: '/y', topics: 't' });
    expect(sink.taskConfigs(3)).toHaveLength(3);
  });

  it('source alterOffsets accepts {filename}/{position} and rejects anything else', () => {
    const c = new FileStreamSourceConnector();
    expect(c.alterOffsets({}, [{ partition: { filename: '/x' }, offset: { position: 10 } }, { partition: { filename: '/y' }, offset: null }])).toBe(true);
    expect(() => c.alterOffsets({}, [{ partition: { file: '/x' }, offset: { position: 1 } }])).toThrow(ConnectError);
    expect(() => c.alterOffsets({}, [{ partition: { filename: '/x' }, offset: { position: -1 } }])).toThrow(/non-negative/);
  });
});
