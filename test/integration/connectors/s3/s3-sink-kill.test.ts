import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorProps } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { CRASH_TOPIC, crashRecords } from './crash-records.js';
import { SinkContextStub, listKeys, readObject } from './s3-task-harness.js';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
});

const MIB = 1024 * 1024;
const TOTAL = 500;
const propsFor = (dir: string): ConnectorProps => ({
  ...s3.props, 'topics.dir': dir, 'format.class': 'ByteArrayFormat', 'flush.size': '150', 's3.part.size': String(5 * MIB),
});

/** Runs a task in this process from wherever recovery says, to offset TOTAL, and commits what is left open. */
async function runToEnd(props: ConnectorProps): Promise<number[]> {
  const task = new S3SinkTask();
  const ctx = new SinkContextStub(props);
  task.initialize(ctx);
  await task.start(props);
  await task.open([0, 1].map((partition) => ({ topic: CRASH_TOPIC, partition })));
  const start = [0, 1].map((p) => ctx.seeks.find((s) => s.partition === p)?.offset ?? 0);
  for (let from = 0; from < TOTAL; from += 10) {
    await task.put([0, 1].flatMap((p) => crashRecords(p, Math.max(from, start[p]!), Math.min(from + 10, TOTAL))));
  }
  for (const w of task.writers()) await w.commit();
  await task.stop();
  return start;
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of await listKeys(s3, `${dir}/`)) out[key.slice(dir.length + 1)] = createHash('sha256').update(await readObject(s3, key)).digest('hex');
  return out;
}

describe('S3 sink: kill -9', () => {
  it('a sink process killed mid-file (multipart upload under way) then restarted leaves exactly the objects of a crash-free run', async () => {
    await runToEnd(propsFor('clean'));
    const clean = await digest('clean');
    expect(Object.keys(clean)).toHaveLength(8); // per partition: 0-149, 150-299, 300-449, 450-499

    const props = propsFor('killed');
    const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../../../bin/run-ts.js'), resolve(import.meta.dirname, 'sink-crash-child.ts'), JSON.stringify(props), '390'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((ok) => child.once('exit', (_code, sig) => ok(sig)));
    expect(signal).toBe('SIGKILL');
    // Two batches per partition were uploaded; the third file (300-389) had a 5 MiB part uploaded, never completed.
    expect(JSON.parse(out)).toEqual({ partsUploaded: 2 });
    expect(Object.keys(await digest('killed'))).toHaveLength(4);

    const resumedAt = await runToEnd(props);
    expect(resumedAt).toEqual([150, 150]); // the start of the newest batch in the bucket
    expect(await digest('killed')).toEqual(clean);
  });
});
