/**
 * Cooperative rebalancing end to end (in-process workers): a joining worker gets a fair share while the
 * tasks that stay put keep running (same task instance, never stopped); a config update through any worker
 * reaches the tasks.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http } from './cluster-test-kit.js';

const log = pino({ level: 'silent' });

const tasksOf = (w: RunningDistributedWorker) => w.herder.assignedHere().filter((n) => /-\d+$/.test(n));

describe('cooperative rebalancing', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });
  const start = () =>
    startDistributedWorker({
      workerProps: {
        'bootstrap.servers': broker().bootstrap, 'group.id': 'cluster-b',
        'config.storage.topic': 'b-configs', 'offset.storage.topic': 'b-offsets', 'status.storage.topic': 'b-status',
        'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
        'offset.storage.partitions': '2', 'status.storage.partitions': '2',
        'heartbeat.interval.ms': '200', 'session.timeout.ms': '3000', 'scheduled.rebalance.max.delay.ms': '0',
      },
      restHost: '127.0.0.1', restPort: 0, log,
    });

  it('a joining worker takes a fair share without stopping the tasks that stay; config updates reach the tasks', async () => {
    workers.push(await start(), await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== ''), 'leader known');
    const cfg = { 'connector.class': 'DatagenConnector', 'kafka.topic': 'pv-b', quickstart: 'pageviews', 'max.interval': '20', 'tasks.max': '4' };
    expect((await http(workers[1]!.restUrl, 'PUT', '/connectors/dg/config', cfg)).status).toBe(201);
    await waitFor(() => workers.every((w) => tasksOf(w).length === 2), 'two tasks per worker', 30_000);
    await waitFor(async () => (await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status')).body.tasks.every((t: any) => t.state === 'RUNNING'), 'tasks RUNNING');

    const before = new Map<string, unknown>();
    for (const w of workers) for (const n of tasksOf(w)) before.set(`${w.workerId}/${n}`, w.worker.task({ connector: 'dg', task: Number(n.split('-').at(-1)) }));

    workers.push(await start());
    await waitFor(() => tasksOf(workers[2]!).length === 1 && workers.map((w) => tasksOf(w).length).sort().join() === '1,1,2', 'tasks spread 2/1/1', 30_000);
    let kept = 0;
    for (const w of workers.slice(0, 2)) {
      for (const n of tasksOf(w)) {
        const prev = before.get(`${w.workerId}/${n}`);
        expect(prev).toBeDefined(); // nothing new moved onto the old workers
        expect(w.worker.task({ connector: 'dg', task: Number(n.split('-').at(-1)) })).toBe(prev); // the same instance: never stopped
        kept++;
      }
    }
    expect(kept).toBe(3);

    // config update through the newest worker: every worker's view and the running tasks follow
    expect((await http(workers[2]!.restUrl, 'PUT', '/connectors/dg/config', { ...cfg, 'max.interval': '30' })).status).toBe(200);
    await waitFor(async () => {
      for (const w of workers) {
        const t = await http(w.restUrl, 'GET', '/connectors/dg/tasks');
        if (t.body.length !== 4 || !t.body.every((x: any) => x.config['max.interval'] === '30')) return false;
      }
      return true;
    }, 'new task configs everywhere', 30_000);
    // the tasks restart with the new configs (same worker, new instance), then report RUNNING again
    const restarted = () =>
      workers.slice(0, 2).every((w) => tasksOf(w).every((n) => {
        const t = w.worker.task({ connector: 'dg', task: Number(n.split('-').at(-1)) });
        return t !== undefined && t !== before.get(`${w.workerId}/${n}`);
      }));
    await waitFor(restarted, 'tasks on the old workers restarted', 30_000);
    await waitFor(async () => {
      const s = await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status');
      return s.body.tasks.length === 4 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
    }, 'tasks RUNNING after the update', 30_000);
  }, 120_000);
});
