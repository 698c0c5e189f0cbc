/**
 * Shared scaffolding for the runtime benchmarks: the embedded broker in its own process (so it does not
 * share a CPU with the code under test), a standalone worker + herder in this process, and helpers to wait
 * for a topic's high watermark or a file's line count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, openSync, readSync, readFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { buildInfo } from '../../../src/cluster/build-info.js';
import { StandaloneHerder } from '../../../src/cluster/standalone/standalone-herder.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import { Worker } from '../../../src/runtime/worker.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';

const { Kafka, logLevel } = kafkajs;
const BIN = resolve(import.meta.dirname, '../../../bin/tributary.js');

export interface BrokerProcess {
  readonly bootstrap: string;
  readonly dataDir: string;
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * `tributary broker` on a free port, data in a temp dir; by default fsync in the background (we measure the
 * pipeline, not the disk), `always` = the broker's own default (fsync before an acks=all produce is answered).
 */
export async function startBrokerProcess(flushPolicy: 'interval' | 'always' = 'interval'): Promise<BrokerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-broker-'));
  // BENCH_BROKER_NODE_ARGS: node flags for the broker process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/broker-prof"
  const nodeArgs = (process.env['BENCH_BROKER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, BIN, 'broker', '--port', '0', '--data-dir', dataDir, '--flush-policy', flushPolicy, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bootstrap = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /broker listening on (\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`broker exited with ${code}`)));
  });
  return {
    bootstrap,
    dataDir,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU time (user + system, ms) a process used so far, from /proc (Linux); NaN elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

export function kafkaClient(bootstrap: string) {
  return new Kafka({ brokers: [bootstrap], clientId: 'bench', logLevel: logLevel.NOTHING });
}

export async function createTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = kafkaClient(bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
}

export async function highWatermark(admin: ReturnType<ReturnType<typeof kafkaClient>['admin']>, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

/** Polls until `done()` holds; resolves with the elapsed ms since `t0`. */
export async function until(done: () => boolean | Promise<boolean>, t0: number, timeoutMs = 300_000): Promise<number> {
  for (;;) {
    if (await done()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Counts '\n' in a file, reading only what was appended since the last call. */
export function lineCounter(path: string): () => number {
  let pos = 0;
  let lines = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  return () => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return lines;
    }
    if (size <= pos) return lines;
    const fd = openSync(path, 'r');
    try {
      for (let n; pos < size && (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
        for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
      }
    } finally {
      closeSync(fd);
    }
    return lines;
  };
}

export interface BenchWorker {
  readonly herder: StandaloneHerder;
  stop(): Promise<void>;
}

/** A standalone worker + herder in this process, offsets in memory. */
export async function startBenchWorker(bootstrap: string, props: Record<string, string> = {}): Promise<BenchWorker> {
  const log = pino({ level: process.env['BENCH_LOG'] ?? 'warn' }, pino.destination(2));
  const workerProps = { 'bootstrap.servers': bootstrap, 'offset.flush.interval.ms': '1000', ...props };
  const plugins = await loadPlugins();
  let herder: StandaloneHerder | undefined;
  const worker = new Worker({
    workerId: 'bench:0', workerConfig: workerProps, plugins, offsetStore: new MemoryOffsetStore(), log,
    onTaskReconfiguration: (c) => void herder?.requestTaskReconfiguration(c),
  });
  await worker.start();
  const info = buildInfo();
  herder = new StandaloneHerder({
    worker, plugins, workerId: 'bench:0', log, overridePolicy: 'All',
    kafkaClusterId: async () => 'bench', version: info.version, commit: info.commit,
  });
  const h = herder;
  return { herder: h, stop: async () => { await h.stop(); await worker.stop(); } };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function rate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en-US').padStart(10)} rec/s`;
}
