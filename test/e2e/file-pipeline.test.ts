/**
 * file → Kafka → file through JsonConverter and an SMT chain, with the worker as a real process:
 * output equals input; a graceful stop (SIGTERM) commits source and sink offsets, so a restarted worker
 * re-delivers nothing and carries on with appended lines.
 */
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/broker.js';
import { clusterKinds, type E2eCluster } from './support/brokers.js';
import { inputLine, writePipeline } from './support/pipeline.js';
import { readLines, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

for (const kind of clusterKinds) {
describe.skipIf(kind.unavailable !== undefined)(`file → Kafka → file (real worker process) — ${kind.name}`, () => {
  let broker: E2eCluster;
  let dir: string;
  const running: WorkerProcess[] = [];

  beforeAll(async () => {
    broker = await kind.start({ 'e2e-lines': 1 });
    dir = await mkdtemp(join(tmpdir(), 'e2e-'));
  });
  afterAll(async () => {
    for (const w of running) if (w.child.exitCode === null) w.kill('SIGKILL');
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('output equals input; graceful stop commits; restart re-delivers nothing', async () => {
    const files = await writePipeline(dir, broker.bootstrap, 'e2e-lines');
    const first = Array.from({ length: 3000 }, (_, i) => inputLine(i));
    await appendFile(files.input, first.join('\n') + '\n');

    const w1 = await startWorkerProcess(files.args);
    running.push(w1);
    expect(w1.stdout()).not.toContain('broker listening'); // bootstrap.servers given: no embedded broker
    await waitFor(async () => (await readLines(files.output)).length >= first.length, 'all lines in the sink file', 30_000);
    expect(await readLines(files.output)).toEqual(first);

    // The topic holds JsonConverter envelopes of the SMT output: {"line": …, "origin": "e2e"} with a schema.
    const consumer = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).consumer({ groupId: 'e2e-peek' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'e2e-lines', fromBeginning: true });
    const firstValue = await new Promise<string>((done) => {
      void consumer.run({ eachMessage: async ({ message }) => done(message.value!.toString()) });
    });
    await consumer.disconnect();
    const envelope = JSON.parse(firstValue) as { schema: { type: string; fields: { field: string }[] }; payload: unknown };
    expect(envelope.schema.type).toBe('struct');
    expect(envelope.schema.fields.map((f) => f.field)).toEqual(['line', 'origin']);
    expect(envelope.payload).toEqual({ line: first[0], origin: 'e2e' });

    w1.kill('SIGTERM');
    expect(await w1.exited).toBe(0);
    const inputSize = (await stat(files.input)).size;
    const offsets = JSON.parse(await readFile(files.offsets, 'utf8')) as { offsets: Record<string, string> };
    expect(offsets.offsets[JSON.stringify(['file-source', { filename: files.input }])]).toBe(JSON.stringify({ position: inputSize }));

    const more = Array.from({ length: 100 }, (_, i) => inputLine(first.length + i));
    const w2 = await startWorkerProcess(files.args);
    running.push(w2);
    await appendFile(files.input, more.join('\n') + '\n');
    await waitFor(async () => (await readLines(files.output)).length >= first.length + more.length, 'appended lines in the sink file', 30_000);
    // Give a re-delivery (if there were one) the chance to show up before comparing.
    const status = await (await fetch(`${w2.restUrl}/connectors/file-sink/status`)).json() as { tasks: { state: string }[] };
    expect(status.tasks[0]!.state).toBe('RUNNING');
    w2.kill('SIGTERM');
    expect(await w2.exited).toBe(0);
    expect(await readLines(files.output)).toEqual([...first, ...more]);
  });
});
}
