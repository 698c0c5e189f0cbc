// S3 sink throughput against s3rver (its own process), beside a baseline that PUTs objects of the same
// sizes with the same AWS SDK client directly (one PutObject at a time, bodies prepared beforehand).
// Measured: S3SinkTask.put of prepared SinkRecords until every file is committed (uploaded).
// Each case runs --repeat times (sink then baseline, alternating); the best of each is printed, since a shared
// machine only ever makes a run slower.
// Run: node bin/run-ts.js bench/s3/sink.bench.ts [--records 100000] [--size 1024] [--repeat 3]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { silentLogger, sinkRecord, type SinkRecord } from '../../src/api/index.js';
import { S3SinkTask } from '../../connectors/s3/sink/s3-sink-task.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, size: { type: 'string', default: '1024' }, repeat: { type: 'string', default: '3' } },
});
const REPEAT = Number(values.repeat);
const TOTAL = Number(values.records);
const SIZE = Number(values.size);
const PARTITIONS = 4;
const FLUSH = 5000;
const MB = 1024 * 1024;

const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bin/run-ts.js'), resolve(import.meta.dirname, 's3rver-child.ts')], {
  stdio: ['pipe', 'pipe', 'ignore'],
});
const props = JSON.parse(await new Promise<string>((ok) => createInterface({ input: child.stdout! }).once('line', ok))) as Record<string, string>;
const client = new S3Client({
  endpoint: props['store.url'], region: props['s3.region'], forcePathStyle: true,
  credentials: { accessKeyId: props['aws.access.key.id']!, secretAccessKey: props['aws.secret.access.key']! },
});

function makeRecords(kind: 'json' | 'bytes'): SinkRecord[] {
  const pad = 'x'.repeat(Math.max(0, SIZE - 60));
  const out: SinkRecord[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const p = i % PARTITIONS;
    const value = kind === 'json' ? { id: i, name: `user-${i}`, at: 1_700_000_000_000 + i, pad } : Buffer.from(`${i},${pad}`);
    out.push(sinkRecord({ topic: 'bench', kafkaPartition: p, kafkaOffset: Math.floor(i / PARTITIONS), value, timestamp: 1_700_000_000_000 + i }));
  }
  return out;
}

async function objectSizes(prefix: string): Promise<number[]> {
  const sizes: number[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) sizes.push(o.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return sizes;
}

async function clear(prefix: string): Promise<void> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: prefix }));
  const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
  if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: 'bench', Delete: { Objects: keys } }));
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

function line(what: string, records: number, bytes: number, ms: number): void {
  const s = ms / 1000;
  console.log(`${what.padEnd(44)} ${Math.round(records / s).toString().padStart(9)} rec/s ${(bytes / MB / s).toFixed(1).padStart(7)} MB/s  (${(bytes / MB).toFixed(1)} MB in ${ms.toFixed(0)} ms)`);
}

async function sinkCase(name: string, extra: Record<string, string>, kind: 'json' | 'bytes'): Promise<void> {
  const recs = makeRecords(kind);
  let best = { ms: Infinity, baseMs: Infinity, bytes: 0, objects: 0, cpu: Infinity, baseCpu: Infinity };
  for (let i = 0; i < REPEAT; i++) {
    const r = await sinkRun(name, extra, recs);
    best = {
      ms: Math.min(best.ms, r.ms), baseMs: Math.min(best.baseMs, r.baseMs), bytes: r.bytes, objects: r.objects,
      cpu: Math.min(best.cpu, r.cpu), baseCpu: Math.min(best.baseCpu, r.baseCpu),
    };
  }
  line(`sink ${name}`, TOTAL, best.bytes, best.ms);
  line(`  baseline PutObject x${best.objects}`, TOTAL, best.bytes, best.baseMs);
  // CPU time of this process (s3rver runs elsewhere): steadier than wall time on a shared machine.
  console.log(`  CPU in this process: sink ${best.cpu.toFixed(0)} ms (${(best.cpu * 1000 / TOTAL).toFixed(1)} µs/record), baseline ${best.baseCpu.toFixed(0)} ms`);
  console.log(`  sink/baseline: ${(best.baseMs / best.ms * 100).toFixed(0)} % of the baseline's MB/s`);
}

async function sinkRun(name: string, extra: Record<string, string>, recs: readonly SinkRecord[]): Promise<{ ms: number; baseMs: number; bytes: number; objects: number; cpu: number; baseCpu: number }> {
  const dir = `run-${name.replace(/\W+/g, '-')}`;
  const task = new S3SinkTask();
  const p = { ...props, 'topics.dir': dir, 'flush.size': String(FLUSH), 's3.part.size': String(5 * MB), ...extra };
  task.initialize({
    configs: () => p, offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
    requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
  });
  await task.start(p);
  await task.open(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'bench', partition })));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < recs.length; i += 2000) await task.put(recs.slice(i, i + 2000));
  for (const w of task.writers()) await w.commit();
  const ms = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  await task.stop();
  const sizes = await objectSizes(`${dir}/`);
  const bytes = sizes.reduce((a, b) => a + b, 0);

  // Baseline: the same number of objects of the same sizes, PutObject one after another.
  const bodies = sizes.map((s) => Buffer.alloc(s, 120));
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  for (let i = 0; i < bodies.length; i++) {
    await client.send(new PutObjectCommand({ Bucket: 'bench', Key: `baseline/${dir}/${i}`, Body: bodies[i] }));
  }
  const baseMs = performance.now() - t1;
  const baseCpu = cpuMs(process.cpuUsage(c1));
  await clear(`baseline/${dir}/`);
  await clear(`${dir}/`);
  return { ms, baseMs, bytes, objects: bodies.length, cpu, baseCpu };
}

console.log(`S3 sink → s3rver: ${TOTAL} records of ~${SIZE} B, ${PARTITIONS} partitions, flush.size ${FLUSH}, part size 5 MiB`);
await sinkCase('JsonFormat', { 'format.class': 'JsonFormat' }, 'json');
await sinkCase('JsonFormat + gzip', { 'format.class': 'JsonFormat', 's3.compression.type': 'gzip' }, 'json');
await sinkCase('ByteArrayFormat', { 'format.class': 'ByteArrayFormat' }, 'bytes');

client.destroy();
child.stdin!.end();
