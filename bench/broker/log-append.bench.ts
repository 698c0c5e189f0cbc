// Append throughput of PartitionLog for both flush policies, beside plain fs.writeSync (+ fdatasync) of the
// same bytes to the same disk. Run: node --import tsx bench/broker/log-append.bench.ts [dataDir]
//   interval: appends only; the fsync runs in the background (flush.ms) plus once at the end.
//   always:   every append awaits flush() (fsync); N concurrent producers share fsyncs (group commit).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PartitionLog } from '../../src/broker/log/partition-log.js';
import { buildBatch } from '../../src/broker/protocol/record-batch.js';

const root = fs.mkdtempSync(path.join(process.argv[2] ?? os.tmpdir(), 'trib-log-bench-'));
const MB = 1024 * 1024;

interface Workload { name: string; recordBytes: number; recordsPerBatch: number }
const workloads: Workload[] = [
  { name: '1 KB records x 16/batch', recordBytes: 1024, recordsPerBatch: 16 },
  { name: '100 B records x 100/batch', recordBytes: 100, recordsPerBatch: 100 },
];

function template(w: Workload): Buffer {
  const value = Buffer.alloc(w.recordBytes, 'v');
  return buildBatch({ records: Array.from({ length: w.recordsPerBatch }, (_, i) => ({ key: Buffer.from(`k${i}`), value })) });
}

function report(label: string, bytes: number, records: number, ms: number): void {
  const s = ms / 1000;
  console.log(`  ${label.padEnd(44)} ${(bytes / MB / s).toFixed(1).padStart(8)} MB/s ${Math.round(records / s).toString().padStart(10)} rec/s`);
}

let runNo = 0;
const freshDir = () => path.join(root, `r${runNo++}`);

async function logInterval(batch: Buffer, totalBytes: number, recs: number): Promise<void> {
  const log = await PartitionLog.open({ dir: freshDir(), config: { flushPolicy: 'interval' } });
  const n = Math.ceil(totalBytes / batch.length);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) log.append(Buffer.from(batch));
  await log.flush();
  report('PartitionLog interval (+1 final fsync)', n * batch.length, n * recs, performance.now() - t0);
  await log.delete();
}

async function logAlways(batch: Buffer, seconds: number, recs: number, producers: number): Promise<void> {
  const log = await PartitionLog.open({ dir: freshDir(), config: { flushPolicy: 'always' } });
  let appends = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: producers }, async () => {
    while (performance.now() < deadline) {
      log.append(Buffer.from(batch));
      await log.flush();
      appends++;
    }
  }));
  report(`PartitionLog always, ${producers} producer(s)`, appends * batch.length, appends * recs, performance.now() - t0);
  await log.delete();
}

function baselineNoSync(batch: Buffer, totalBytes: number, recs: number): void {
  const file = path.join(root, `base${runNo++}`);
  const fd = fs.openSync(file, 'w');
  const n = Math.ceil(totalBytes / batch.length);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fs.writeSync(fd, batch);
  fs.fdatasyncSync(fd);
  report('baseline writeSync (+1 final fdatasync)', n * batch.length, n * recs, performance.now() - t0);
  fs.closeSync(fd);
  fs.rmSync(file);
}

function baselineSyncEach(batch: Buffer, seconds: number, recs: number): void {
  const file = path.join(root, `base${runNo++}`);
  const fd = fs.openSync(file, 'w');
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    fs.writeSync(fd, batch);
    fs.fdatasyncSync(fd);
    n++;
  }
  report('baseline writeSync + fdatasync each', n * batch.length, n * recs, performance.now() - t0);
  fs.closeSync(fd);
  fs.rmSync(file);
}

console.log(`PartitionLog append benchmark — data dir ${root}, node ${process.version}, ${os.cpus()[0]?.model ?? ''}`);
try {
  for (const w of workloads) {
    const batch = template(w);
    console.log(`\n${w.name} (${batch.length} B per batch)`);
    baselineNoSync(batch, 256 * MB, w.recordsPerBatch);
    await logInterval(batch, 256 * MB, w.recordsPerBatch);
    baselineSyncEach(batch, 2, w.recordsPerBatch);
    await logAlways(batch, 2, w.recordsPerBatch, 1);
    await logAlways(batch, 2, w.recordsPerBatch, 8);
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
