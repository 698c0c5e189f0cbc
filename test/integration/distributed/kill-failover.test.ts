/**
 * Three `tributary distributed` processes on the embedded broker run three datagen connectors (one task
 * each, a fixed number of records). The worker running one of the tasks is killed with SIGKILL mid-stream:
 * the task resumes on another worker after the session timeout, from the offsets in the offset topic, and
 * every record reaches its topic at least once. Prints the failover time and the duplicate count.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor, withBroker } from '../../support/broker.js';
import { kill9, startWorkerProcess, stopGracefully, writeProps, type WorkerProcess } from './worker-processes.js';
import { everyPageviewArrived, http } from './cluster-test-kit.js';

const ITERATIONS = 1500;

describe('distributed workers as processes', () => {
  const broker = withBroker();
  const procs: WorkerProcess[] = [];
  let dir = '';
  afterAll(async () => {
    const ok = await Promise.all(procs.map((p) => stopGracefully(p.child)));
    for (let i = 0; i < procs.length; i++) if (!ok[i]) console.log(`worker ${procs[i]!.workerId} did not stop within 20 s; its log ends:\n${procs[i]!.log().slice(-3000)}`);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('kill -9 of a worker: its task resumes elsewhere from committed offsets, nothing lost', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-dist-'));
    const props = await writeProps(dir, {
      'bootstrap.servers': broker().bootstrap, 'group.id': 'kill-test',
      'config.storage.topic': 'k-configs', 'offset.storage.topic': 'k-offsets', 'status.storage.topic': 'k-status',
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'session.timeout.ms': '3000', 'heartbeat.interval.ms': '300', 'scheduled.rebalance.max.delay.ms': '0', 'offset.flush.interval.ms': '200',
    });
    for (let i = 0; i < 3; i++) procs.push(await startWorkerProcess(props));
    const names = ['dg0', 'dg1', 'dg2'];
    for (const name of names) {
      const res = await http(procs[0]!.restUrl, 'POST', '/connectors', {
        name, config: { 'connector.class': 'DatagenConnector', 'kafka.topic': `pv-${name}`, quickstart: 'pageviews', 'max.interval': '8', iterations: String(ITERATIONS), 'random.seed': '5', 'tasks.max': '1' },
      });
      expect(res.status).toBe(201);
    }
    const taskOwner = async (name: string) => {
      const s = await http(procs[0]!.restUrl, 'GET', `/connectors/${name}/status`);
      const t = s.body?.tasks?.[0];
      return t?.state === 'RUNNING' ? (t.worker_id as string) : undefined;
    };
    await waitFor(async () => (await Promise.all(names.map(taskOwner))).every((o) => o !== undefined), 'all tasks RUNNING', 60_000);

    // kill the worker that runs dg1's task (not the one we talk to, if possible)
    const owner = (await taskOwner('dg1'))!;
    const victim = procs.find((p) => p.workerId === owner)!;
    const others = procs.filter((p) => p !== victim);
    await kill9(victim.child);
    const t0 = Date.now();
    const restOf = others[0]!.restUrl;
    await waitFor(async () => {
      const s = await http(restOf, 'GET', '/connectors/dg1/status');
      return s.body?.tasks?.[0]?.state === 'RUNNING' && s.body.tasks[0].worker_id !== owner;
    }, 'dg1 task RUNNING on a surviving worker', 60_000);
    const failoverMs = Date.now() - t0;

    // every record of every connector arrives (at least once)
    const dups = await everyPageviewArrived(broker().bootstrap, names, ITERATIONS);
    console.log(`failover after kill -9: ${failoverMs} ms (session.timeout.ms 3000); duplicates: ${dups}`);
    expect(failoverMs).toBeLessThan(30_000);
  }, 180_000);
});
