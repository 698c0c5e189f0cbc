/** FileStreamSource without `file` reads the worker's standard input, as Kafka's does (no offsets). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '../support/broker.js';
import { readLines, startWorkerProcess, writeProperties, type WorkerProcess } from './support/worker-process.js';

let broker: TestBroker & { removeDataDir(): Promise<void> };
let dir: string;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  broker = await startTestBroker();
  dir = await mkdtemp(join(tmpdir(), 'e2e-stdin-'));
});
afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.kill('SIGKILL');
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('FileStreamSource on stdin', () => {
  it('streams lines typed into the worker to the sink file', async () => {
    const output = join(dir, 'out.txt');
    const workerProps = await writeProperties(join(dir, 'worker.properties'), {
      'bootstrap.servers': broker.bootstrap, 'offset.storage.file.filename': join(dir, 'offsets'),
      'offset.flush.interval.ms': '200', 'value.converter': 'StringConverter', listeners: 'http://127.0.0.1:0',
    });
    const source = await writeProperties(join(dir, 'source.properties'), { name: 'stdin-src', 'connector.class': 'FileStreamSource', topic: 'stdin-lines' });
    const sink = await writeProperties(join(dir, 'sink.properties'), { name: 'out', 'connector.class': 'FileStreamSink', topics: 'stdin-lines', file: output });
    worker = await startWorkerProcess(['standalone', workerProps, source, sink], { stdin: 'pipe' });
    worker.child.stdin!.write('first line\nsecond ');
    worker.child.stdin!.write('line\nthird line\n');
    await waitFor(async () => (await readLines(output)).length >= 3, 'three lines from stdin in the sink file');
    expect(await readLines(output)).toEqual(['first line', 'second line', 'third line']);
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
