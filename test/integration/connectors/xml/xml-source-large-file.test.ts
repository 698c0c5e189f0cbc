/**
 * XmlSource on a file far larger than the heap it may use: a 138 MB document read by a child process
 * limited to a 48 MB old generation (holding the document as a string alone would need more), with a
 * restart in the middle that resumes at exactly the next record.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../../..');
const worker = join(import.meta.dirname, 'stream-worker.ts');
const RECORDS = 1_000_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xml-large-'));
  await mkdtempFile(join(dir, 'in', 'orders.xml'));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mkdtempFile(path: string): Promise<void> {
  await (await import('node:fs/promises')).mkdir(join(path, '..'), { recursive: true });
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<orders generated="test">\n');
  const pad = 'x'.repeat(60);
  let chunk = '';
  for (let i = 1; i <= RECORDS; i++) {
    chunk += `  <order id="${i}"><customer>Customer ${i} ${pad}</customer><qty>${i % 9}</qty></order>\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + '</orders>\n');
  await new Promise<void>((r) => out.end(r));
}

async function runWorker(limit: number): Promise<{ count: number; first: number; last: number; peakHeapMB: number }> {
  const { stdout } = await run(process.execPath, ['--max-old-space-size=48', join(root, 'bin/run-ts.js'), worker, join(dir, 'in'), join(dir, 'offsets.json'), String(limit)], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('XmlSource on a file much larger than its memory', () => {
  it('streams it in bounded memory and resumes after a restart at exactly the next record', async () => {
    const size = (await stat(join(dir, 'in', 'orders.xml'))).size;
    expect(size).toBeGreaterThan(128 * 1024 * 1024);

    const firstRun = await runWorker(400_123);
    expect(firstRun).toMatchObject({ count: 400_123, first: 1, last: 400_123 });

    const secondRun = await runWorker(Number.MAX_SAFE_INTEGER);
    expect(secondRun).toMatchObject({ count: RECORDS - 400_123, first: 400_124, last: RECORDS });
    expect(secondRun.peakHeapMB).toBeLessThan(48);

    const thirdRun = await runWorker(Number.MAX_SAFE_INTEGER);
    expect(thirdRun.count).toBe(0);
  }, 300_000);
});
