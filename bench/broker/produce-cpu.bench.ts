// The embedded broker's CPU per produced record and per byte: kcat (librdkafka, C, acks=-1, linger 5 ms)
// writes N records of S bytes into `tributary broker` (own process, flush policy interval, so fsync is not in
// the way); the broker's user+system CPU is read from /proc before and after. kcat is cheap enough that the
// broker is what is measured. Best of R rounds, each into a fresh topic. Baseline: the CPU `dd` spends writing
// the same bytes (the kcat input file) into a file on the same disk — the kernel's page-cache copy, which the
// broker pays too.
// Run: node bin/run-ts.js bench/broker/produce-cpu.bench.ts [--records 300000] [--size 2680] [--rounds 3]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '300000' }, size: { type: 'string', default: '2680' }, rounds: { type: 'string', default: '3' } },
});
const TOTAL = Number(values.records);
const SIZE = Number(values.size);
const root = mkdtempSync(join(tmpdir(), 'trib-produce-cpu-'));
const cli = resolve(import.meta.dirname, '../../bin/tributary.js');

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
}

const child = spawn(process.execPath, [cli, 'broker', '--port', '0', '--data-dir', join(root, 'data'), '--flush-policy', 'interval', '--log-level', 'warn'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const line = await new Promise<string>((ok, fail) => {
    child.once('exit', (c) => fail(new Error(`broker exited ${c}`)));
    createInterface({ input: child.stdout! }).once('line', ok);
  });
  const bootstrap = line.replace('broker listening on ', '').trim();
  const file = join(root, 'lines.txt');
  writeFileSync(file, (Buffer.alloc(SIZE - 1, 'y').toString() + '\n').repeat(TOTAL));
  let best = { ms: Infinity, cpu: Infinity };
  for (let i = 0; i < Number(values.rounds); i++) {
    const cpu0 = cpuMs(child.pid!);
    const t0 = performance.now();
    const r = spawnSync('kcat', ['-b', bootstrap, '-P', '-t', `t${i}`, '-l', file, '-X', 'topic.request.required.acks=-1', '-X', 'linger.ms=5'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('kcat -P failed');
    const ms = performance.now() - t0;
    const cpu = cpuMs(child.pid!) - cpu0;
    console.log(`  round ${i + 1}: ${(ms / 1000).toFixed(2)} s, ${Math.round(TOTAL / (ms / 1000)).toLocaleString('en')} rec/s; broker CPU ` +
      `${((cpu * 1000) / TOTAL).toFixed(2)} µs/record, ${((cpu * 1e6) / (TOTAL * SIZE)).toFixed(2)} ns/byte; load ${loadavg()[0]!.toFixed(1)}`);
    if (cpu < best.cpu) best = { ms, cpu };
  }
  const dd = spawnSync('/usr/bin/time', ['-f', '%U %S', 'dd', `if=${file}`, `of=${join(root, 'dd.out')}`, 'bs=1M', 'status=none'], { encoding: 'utf8' });
  const [user, sys] = dd.stderr.trim().split(/\s+/).slice(-2).map(Number) as [number, number];
  console.log(`baseline dd, same bytes into a file: ${(((user + sys) * 1e6) / TOTAL).toFixed(2)} µs/record of CPU (user ${user} s, sys ${sys} s)`);
  console.log(`best: broker CPU ${((best.cpu * 1000) / TOTAL).toFixed(2)} µs per ${SIZE}-byte record (${TOTAL.toLocaleString('en')} records)`);
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  rmSync(root, { recursive: true, force: true });
}
