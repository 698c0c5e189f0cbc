// A 3-worker distributed cluster (`tributary distributed` processes) on `tributary broker` (its own process):
// 1. time from POST /connectors (datagen, tasks.max=6) to all 6 tasks RUNNING, seen through another worker;
// 2. failover after kill -9 of a worker running tasks, with session.timeout.ms=10000 and
//    scheduled.rebalance.max.delay.ms=0: time until every task is RUNNING on the survivors. The baseline is
//    the session timeout itself (the coordinator cannot notice a dead member sooner).
// Run: node bin/run-ts.js bench/cluster/cluster.bench.ts [connectors=5]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrokerProcess } from '../runtime/support/bench-kit.js';

const ROUNDS = Number(process.argv[2] ?? 5);
const root = resolve(import.meta.dirname, '../..');
const SESSION_MS = 10_000;

interface Proc { child: ChildProcess; url: string; id: string }

function startWorker(propsFile: string): Promise<Proc> {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'src/cli.ts'), 'distributed', propsFile, '--rest-host', '127.0.0.1', '--rest-port', '0', '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /REST API listening on (\S+)/.exec(out)?.[1];
      const id = /worker (\S+) joining/.exec(out)?.[1];
      if (url && id) done({ child, url, id });
    });
    child.on('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

async function get(url: string): Promise<any> {
  const res = await fetch(url);
  return res.ok ? res.json() : undefined;
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const broker = await startBrokerProcess();
const dir = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
const procs: Proc[] = [];
try {
  const props = join(dir, 'worker.properties');
  writeFileSync(props, [
    `bootstrap.servers=${broker.bootstrap}`, 'group.id=bench-cluster',
    'config.storage.topic=bc-configs', 'offset.storage.topic=bc-offsets', 'status.storage.topic=bc-status',
    'config.storage.replication.factor=1', 'offset.storage.replication.factor=1', 'status.storage.replication.factor=1',
    `session.timeout.ms=${SESSION_MS}`, 'heartbeat.interval.ms=3000', 'scheduled.rebalance.max.delay.ms=0',
  ].join('\n'));
  for (let i = 0; i < 3; i++) procs.push(await startWorker(props));
  const [a, b] = procs;
  await until(async () => (await get(`${a!.url}/connectors`)) !== undefined, 'REST up');

  const allRunning = async (via: string, name: string, n: number, notOn?: string) => {
    const s = await get(`${via}/connectors/${name}/status`);
    return s?.connector?.state === 'RUNNING' && s.tasks.length === n && s.tasks.every((t: any) => t.state === 'RUNNING' && t.worker_id !== notOn) && s.connector.worker_id !== notOn;
  };
  const createMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const name = `dg${r}`;
    const t0 = performance.now();
    const res = await fetch(`${a!.url}/connectors`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, config: { 'connector.class': 'DatagenConnector', 'kafka.topic': `bench-${name}`, quickstart: 'pageviews', 'max.interval': '100', 'tasks.max': '6' } }),
    });
    if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
    await until(() => allRunning(b!.url, name, 6), `${name} running`);
    createMs.push(performance.now() - t0);
  }
  console.log(`POST /connectors → 6 tasks RUNNING (3 workers, seen via another worker), ${ROUNDS} connectors: ` +
    `median ${pct(createMs, 50).toFixed(0)} ms, max ${Math.max(...createMs).toFixed(0)} ms`);

  // kill -9 the worker running dg0's task 0 (not the one we ask)
  const s = await get(`${a!.url}/connectors/dg0/status`);
  const victimId = (s.tasks as any[]).map((t) => t.worker_id as string).find((id) => id !== a!.id)!;
  const victim = procs.find((p) => p.id === victimId)!;
  const t0 = performance.now();
  victim.child.kill('SIGKILL');
  await until(async () => (await Promise.all(Array.from({ length: ROUNDS }, (_, r) => allRunning(a!.url, `dg${r}`, 6, victimId)))).every(Boolean), 'failover', 120_000);
  const failover = performance.now() - t0;
  console.log(`failover after kill -9 (session.timeout.ms ${SESSION_MS}, scheduled.rebalance.max.delay.ms 0): every task RUNNING again after ` +
    `${failover.toFixed(0)} ms; baseline (the session timeout) ${SESSION_MS} ms → ${(failover / SESSION_MS).toFixed(2)}x`);
} finally {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
}
