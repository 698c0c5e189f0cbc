// S3 source read throughput against s3rver (its own process): the sink first writes the objects, then
// S3SourceTask.poll() reads them back until every record came out. Baseline: GetObject of the same objects
// with the same AWS SDK client plus a plain split + JSON.parse of their lines.
// Run: node bin/run-ts.js bench/s3/source.bench.ts [--records 100000] [--size 1024] [--repeat 3]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { silentLogger, sinkRecord } from '../../src/api/index.js';
import { S3SinkTask } from '../../connectors/s3/sink/s3-sink-task.js';
import { S3SourceTask } from '../../connectors/s3/source/s3-source-task.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, size: { type: 'string', default: '1024' }, repeat: { type: 'string', default: '3' } },
});
const TOTAL = Number(values.records);
const SIZE = Number(values.size);
const REPEAT = Number(values.repeat);
const PARTITIONS = 4;
const MB = 1024 * 1024;

const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bin/run-ts.js'), resolve(import.meta.dirname, 's3rver-child.ts')], {
  stdio: ['pipe', 'pipe', 'ignore'],
});
const props = JSON.parse(await new Promise<string>((ok) => createInterface({ input: child.stdout! }).once('line', ok))) as Record<string, string>;
const client = new S3Client({
  endpoint: props['store.url'], region: props['s3.region'], forcePathStyle: true,
  credentials: { accessKeyId: props['aws.access.key.id']!, secretAccessKey: props['aws.secret.access.key']! },
});
const p = { ...props, 'topics.dir': 'src-bench', 'format.class': 'JsonFormat', 'flush.size': '5000', 'batch.max.records': '2000' };

// Write the objects once with the sink.
const pad = 'x'.repeat(Math.max(0, SIZE - 60));
const sink = new S3SinkTask();
sink.initialize({
  configs: () => p, offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
  requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
});
await sink.start(p);
for (let i = 0; i < TOTAL; i += 2000) {
  const batch = [];
  for (let j = i; j < Math.min(i + 2000, TOTAL); j++) {
    batch.push(sinkRecord({ topic: 'bench', kafkaPartition: j % PARTITIONS, kafkaOffset: Math.floor(j / PARTITIONS), value: { id: j, name: `user-${j}`, pad } }));
  }
  await sink.put(batch);
}
for (const w of sink.writers()) await w.commit();
await sink.stop();

const keys: { key: string; size: number }[] = [];
const listing = await client.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: 'src-bench/' }));
for (const o of listing.Contents ?? []) keys.push({ key: o.Key!, size: o.Size ?? 0 });
const bytes = keys.reduce((a, k) => a + k.size, 0);

async function sourceRun(): Promise<number> {
  const task = new S3SourceTask();
  task.initialize({
    configs: () => p, transactionContext: () => null, log: silentLogger,
    offsetStorageReader: { offset: async () => null, offsets: async (ps) => new Map(ps.map((x) => [x, null])) },
  });
  task.start(p);
  const t0 = performance.now();
  let n = 0;
  while (n < TOTAL) n += (await task.poll())?.length ?? 0;
  const ms = performance.now() - t0;
  task.stop();
  return ms;
}

async function baselineRun(): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for (const { key } of keys) {
    const res = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
    const text = Buffer.from(await res.Body!.transformToByteArray()).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') { JSON.parse(line); n++; }
  }
  if (n !== TOTAL) throw new Error(`baseline read ${n} records`);
  return performance.now() - t0;
}

let best = Infinity;
let baseBest = Infinity;
for (let i = 0; i < REPEAT; i++) {
  best = Math.min(best, await sourceRun());
  baseBest = Math.min(baseBest, await baselineRun());
}
const line = (what: string, ms: number) =>
  console.log(`${what.padEnd(36)} ${Math.round(TOTAL / (ms / 1000)).toString().padStart(9)} rec/s ${(bytes / MB / (ms / 1000)).toFixed(1).padStart(7)} MB/s  (${(bytes / MB).toFixed(1)} MB in ${ms.toFixed(0)} ms)`);
console.log(`S3 source ← s3rver: ${TOTAL} JSON records of ~${SIZE} B in ${keys.length} objects`);
line('source poll()', best);
line('  baseline GetObject + JSON.parse', baseBest);
console.log(`  source/baseline: ${(baseBest / best * 100).toFixed(0)} %`);
client.destroy();
child.stdin!.end();
