// Embedded broker throughput, end to end over TCP, for both flush policies and two record sizes:
//   - kafkajs producer (acks=-1, 1000 records per send, 4 sends in flight) and kafkajs consumer (fetch from 0)
//   - kcat -P -l <file> (librdkafka, acks=-1) and kcat -C -e > /dev/null
//   - baseline: the same number of bytes written sequentially with dd to the same disk (conv=fdatasync)
// The broker runs as its own process (`tributary broker`), as a user would run it.
// Run: node bin/run-ts.js bench/broker/throughput.bench.ts [--records 200000] [--data-root /tmp]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '200000' }, 'data-root': { type: 'string', default: tmpdir() } },
});
const TOTAL = Number(values.records);
const root = mkdtempSync(join(values['data-root']!, 'trib-broker-bench-'));
const cli = resolve(import.meta.dirname, '../../bin/tributary.js');
const MB = 1024 * 1024;

interface Row { what: string; records: number; bytes: number; ms: number }
const rows: Row[] = [];
function record(what: string, records: number, bytes: number, ms: number): void {
  rows.push({ what, records, bytes, ms });
  const s = ms / 1000;
  console.log(`${what.padEnd(58)} ${Math.round(records / s).toString().padStart(9)} rec/s ${(bytes / MB / s).toFixed(1).padStart(8)} MB/s`);
}

async function startBroker(flushPolicy: string, dataDir: string): Promise<{ bootstrap: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'broker', '--port', '0', '--data-dir', dataDir, '--flush-policy', flushPolicy, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((ok, fail) => {
    child.once('exit', (c) => fail(new Error(`broker exited ${c}`)));
    createInterface({ input: child.stdout! }).once('line', ok);
  });
  return { bootstrap: line.replace('broker listening on ', '').trim(), child };
}

async function stopBroker(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function kafkajsProduce(bootstrap: string, topic: string, size: number): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const value = Buffer.alloc(size, 'x');
  const batch = Array.from({ length: 1000 }, () => ({ value }));
  const t0 = performance.now();
  const inFlight: Array<Promise<unknown>> = [];
  for (let sent = 0; sent < TOTAL; sent += 1000) {
    inFlight.push(producer.send({ topic, acks: -1, messages: batch }));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  record(`kafkajs produce ${size} B`, TOTAL, TOTAL * size, performance.now() - t0);
  await producer.disconnect();
}

async function kafkajsConsume(bootstrap: string, topic: string, size: number): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxBytes: 16 * MB, maxBytesPerPartition: 8 * MB });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  const t0 = performance.now();
  await new Promise<void>((done) => {
    void consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        n += batch.messages.length;
        if (n >= TOTAL) done();
      },
    });
  });
  record(`kafkajs consume ${size} B`, n, n * size, performance.now() - t0);
  await consumer.disconnect();
}

function kcatProduce(bootstrap: string, topic: string, size: number, file: string): void {
  const t0 = performance.now();
  const r = spawnSync('kcat', ['-b', bootstrap, '-P', '-t', topic, '-l', file, '-X', 'topic.request.required.acks=-1', '-X', 'linger.ms=5'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('kcat -P failed');
  record(`kcat -P ${size} B`, TOTAL, TOTAL * size, performance.now() - t0);
}

function kcatConsume(bootstrap: string, topic: string, size: number): void {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `kcat -b ${bootstrap} -C -t ${topic} -o beginning -e -q | wc -l`], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  record(`kcat -C ${size} B`, n, n * size, performance.now() - t0);
}

function ddBaseline(size: number, dir: string): void {
  const bytes = TOTAL * size;
  const out = join(dir, 'dd.out');
  const t0 = performance.now();
  spawnSync('dd', ['if=/dev/zero', `of=${out}`, 'bs=1M', `count=${Math.ceil(bytes / MB)}`, 'conv=fdatasync'], { stdio: 'ignore' });
  record(`baseline dd (same bytes, conv=fdatasync) ${size} B`, TOTAL, bytes, performance.now() - t0);
  rmSync(out, { force: true });
}

const hasKcat = spawnSync('kcat', ['-V']).status === 0;
console.log(`records per run: ${TOTAL}${hasKcat ? '' : ' (kcat not installed: kcat rows skipped)'}`);
try {
  for (const flushPolicy of ['always', 'interval']) {
    for (const size of [1024, 100]) {
      console.log(`\n== flush policy ${flushPolicy}, ${size} B records ==`);
      const dir = join(root, `${flushPolicy}-${size}`);
      const { bootstrap, child } = await startBroker(flushPolicy, dir);
      await kafkajsProduce(bootstrap, 'kjs', size);
      await kafkajsConsume(bootstrap, 'kjs', size);
      if (hasKcat) {
        const file = join(root, `lines-${size}.txt`);
        writeFileSync(file, (Buffer.alloc(size - 1, 'y').toString() + '\n').repeat(TOTAL));
        kcatProduce(bootstrap, 'kc', size, file);
        kcatConsume(bootstrap, 'kc', size);
      }
      await stopBroker(child);
      ddBaseline(size, root);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
