/**
 * Crash: the worker process is SIGKILLed mid-stream (while lines are still being appended) and started
 * again. Every input line must reach the sink file; duplicates may only come from the last uncommitted
 * window — on each side (source offsets, sink consumer offsets) that is one contiguous run of lines. The test
 * measures and prints that window.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/broker.js';
import { clusterKinds, type E2eCluster } from './support/brokers.js';
import { inputLine, lineIndex, writePipeline } from './support/pipeline.js';
import { readLines, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const TOTAL = 12_000;
const CHUNK = 60;
const FLUSH_INTERVAL_MS = 500;


/** The consumer group's committed offset of partition 0 (0 when none). */
async function committedGroupOffset(bootstrap: string, groupId: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const o = Number(t?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
    return o < 0 ? 0 : o;
  } finally {
    await admin.disconnect();
  }
}

/** Lines of `input` before the committed source position in the offsets file (0 when none). */
async function committedSourceLine(offsetsFile: string, input: string): Promise<number> {
  let position = 0;
  try {
    const file = JSON.parse(await readFile(offsetsFile, 'utf8')) as { offsets: Record<string, string> };
    const value = file.offsets[JSON.stringify(['file-source', { filename: input }])];
    if (value !== undefined) position = (JSON.parse(value) as { position: number }).position;
  } catch {
    // no commit yet
  }
  const bytes = await readFile(input);
  let lines = 0;
  for (let i = 0; i < position; i++) if (bytes[i] === 10) lines++;
  return lines;
}

/** Contiguous runs of sorted indices: [[from, to], …]. */
function runs(indices: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

for (const kind of clusterKinds) {
describe.skipIf(kind.unavailable !== undefined)(`kill -9 of the worker mid-stream — ${kind.name}`, () => {
  let broker: E2eCluster;
  let dir: string;
  const running: WorkerProcess[] = [];

  beforeAll(async () => {
    broker = await kind.start({ 'crash-lines': 1 });
    dir = await mkdtemp(join(tmpdir(), 'e2e-'));
  });
  afterAll(async () => {
    for (const w of running) if (w.child.exitCode === null) w.kill('SIGKILL');
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing; duplicates only from the last uncommitted window', async () => {
    const files = await writePipeline(dir, broker.bootstrap, 'crash-lines', FLUSH_INTERVAL_MS);
    let written = 0;
    const writeChunk = async () => {
      const lines = Array.from({ length: Math.min(CHUNK, TOTAL - written) }, (_, i) => inputLine(written + i));
      await appendFile(files.input, lines.join('\n') + '\n');
      written += lines.length;
    };
    await writeChunk();
    const w1 = await startWorkerProcess(files.args);
    running.push(w1);
    // A writer that keeps appending (~3000 lines/s) while the worker runs, dies and comes back.
    let writing = true;
    const writer = (async () => {
      while (written < TOTAL && writing) {
        await writeChunk();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await waitFor(async () => (await readLines(files.output)).length >= TOTAL / 4, 'a quarter of the lines in the sink', 30_000);
    w1.kill('SIGKILL');
    expect(await w1.exited).toBe('SIGKILL');
    const atCrash = (await readLines(files.output)).length;
    const writtenAtCrash = written;
    expect(writtenAtCrash).toBeLessThan(TOTAL); // the crash really was mid-stream
    // What the dead worker had committed: the sink group's offset and the source's byte position.
    const sinkCommitted = await committedGroupOffset(broker.bootstrap, 'connect-file-sink', 'crash-lines');
    const sourceCommitted = await committedSourceLine(files.offsets, files.input);

    const w2 = await startWorkerProcess(files.args);
    running.push(w2);
    await writer;
    writing = false;
    expect(written).toBe(TOTAL);
    await waitFor(async () => new Set(await readLines(files.output)).size >= TOTAL, 'every line in the sink', 60_000);
    // Commits after the restart must not re-deliver anything more: stop gracefully and check the file is final.
    w2.kill('SIGTERM');
    expect(await w2.exited).toBe(0);

    const output = await readLines(files.output);
    const expected = Array.from({ length: TOTAL }, (_, i) => inputLine(i));
    expect(new Set(output)).toEqual(new Set(expected));

    const seen = new Map<number, number>();
    for (const line of output) seen.set(lineIndex(line), (seen.get(lineIndex(line)) ?? 0) + 1);
    const duplicated = [...seen].filter(([, n]) => n > 1).map(([i]) => i);
    const windows = runs(duplicated);
    const duplicates = output.length - TOTAL;
    console.log(`kill -9 with ${writtenAtCrash} lines written, ${atCrash} in the sink file; committed: sink offset ${sinkCommitted}, ` +
      `source line ${sourceCommitted}. Uncommitted windows: sink ${atCrash - sinkCommitted} lines, source ≤ ${writtenAtCrash - sourceCommitted} lines. ` +
      `Measured: ${duplicates} duplicate line(s) in ${JSON.stringify(windows)} (offset.flush.interval.ms=${FLUSH_INTERVAL_MS}, ${TOTAL} lines)`);
    // Every duplicate comes from an uncommitted window: sink lines written after the committed group offset
    // (topic offset = line index in the first run), or lines read after the committed source position.
    for (const i of duplicated) {
      const sinkWindow = i >= sinkCommitted && i < atCrash;
      const sourceWindow = i >= sourceCommitted && i < writtenAtCrash;
      expect(sinkWindow || sourceWindow, `line ${i} duplicated outside the uncommitted windows`).toBe(true);
    }
    expect(windows.length).toBeLessThanOrEqual(2);
    // A line is re-delivered at most once per side: at most three copies where the two windows overlap.
    expect(Math.max(...seen.values())).toBeLessThanOrEqual(3);
    // Everything the first run wrote is still there, in order, as the file's prefix.
    expect(output.slice(0, atCrash)).toEqual(expected.slice(0, atCrash));
  });
});
}
