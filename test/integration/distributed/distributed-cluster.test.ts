/**
 * Three distributed workers in this process on the embedded broker (each with its own REST server, Worker,
 * stores and group membership): connectors created through any worker run, tasks spread, a worker leaving
 * hands its tasks to the others.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http } from './cluster-test-kit.js';

const log = pino({ level: 'silent' });

describe('distributed workers', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  const start = (extra: Record<string, string> = {}) =>
    startDistributedWorker({
      workerProps: {
        'bootstrap.servers': broker().bootstrap,
        'group.id': 'cluster-a',
        'config.storage.topic': 'a-configs', 'offset.storage.topic': 'a-offsets', 'status.storage.topic': 'a-status',
        'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
        'offset.storage.partitions': '3', 'status.storage.partitions': '2',
        'heartbeat.interval.ms': '200', 'session.timeout.ms': '3000', 'scheduled.rebalance.max.delay.ms': '0',
        'offset.flush.interval.ms': '200',
        ...extra,
      },
      restHost: '127.0.0.1', restPort: 0, log,
    });

  it('spreads tasks, serves the cluster view on every worker, forwards writes to the leader, fails over', async () => {
    for (let i = 0; i < 3; i++) workers.push(await start());
    await waitFor(() => workers.some((w) => w.herder.isLeader) && workers.every((w) => w.herder.leaderUrl !== ''), 'a leader known to all');
    const follower = workers.find((w) => !w.herder.isLeader)!;
    const created = await http(follower.restUrl, 'POST', '/connectors', {
      name: 'dg', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'pv', quickstart: 'pageviews', 'max.interval': '5', 'tasks.max': '6' },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('dg');

    const running = async (w: RunningDistributedWorker) => {
      const s = await http(w.restUrl, 'GET', '/connectors/dg/status');
      return s.status === 200 && s.body.connector.state === 'RUNNING' && s.body.tasks.length === 6 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
    };
    await waitFor(async () => (await Promise.all(workers.map(running))).every(Boolean), 'all 6 tasks RUNNING, seen from every worker', 30_000);
    await waitFor(() => workers.every((w) => w.herder.assignedHere().filter((n) => /-\d+$/.test(n)).length === 2), 'two tasks per worker', 20_000);
    const status = await http(workers[2]!.restUrl, 'GET', '/connectors/dg/status');
    expect(new Set(status.body.tasks.map((t: any) => t.worker_id))).toEqual(new Set(workers.map((w) => w.workerId)));

    // pause through any worker reaches every task
    expect((await http(workers[1]!.restUrl, 'PUT', '/connectors/dg/pause')).status).toBe(202);
    await waitFor(async () => {
      const s = await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status');
      return s.body.tasks.every((t: any) => t.state === 'PAUSED');
    }, 'all tasks PAUSED');
    await http(workers[2]!.restUrl, 'PUT', '/connectors/dg/resume');
    await waitFor(async () => (await running(workers[0]!)), 'running again');

    // a worker leaves: its tasks move to the other two
    const gone = workers.pop()!;
    await gone.stop();
    await waitFor(async () => {
      const s = await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status');
      return s.body.tasks.every((t: any) => t.state === 'RUNNING' && t.worker_id !== gone.workerId) && s.body.connector.worker_id !== gone.workerId && s.body.connector.state === 'RUNNING';
    }, 'every task RUNNING on the remaining workers', 30_000);
    expect(workers.map((w) => w.herder.assignedHere().filter((n) => /-\d+$/.test(n)).length)).toEqual([3, 3]);

    // delete through a follower
    const f2 = workers.find((w) => !w.herder.isLeader)!;
    expect((await http(f2.restUrl, 'DELETE', '/connectors/dg')).status).toBe(204);
    await waitFor(async () => (await http(workers[0]!.restUrl, 'GET', '/connectors')).body.length === 0 && workers.every((w) => w.herder.assignedHere().length === 0), 'connector gone everywhere');
  }, 120_000);
});
