/**
 * KIP-875 offsets endpoints across a 2-worker cluster: source offsets written by whichever worker ran the
 * task are visible through every worker; stop / alter / reset sent to a follower are done by the leader.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http } from './cluster-test-kit.js';

describe('offsets in a distributed cluster', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it('reads, alters and resets source offsets through any worker', async () => {
    const start = () =>
      startDistributedWorker({
        workerProps: {
          'bootstrap.servers': broker().bootstrap, 'group.id': 'cluster-o',
          'config.storage.topic': 'o-configs', 'offset.storage.topic': 'o-offsets', 'status.storage.topic': 'o-status',
          'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
          'heartbeat.interval.ms': '200', 'session.timeout.ms': '3000', 'scheduled.rebalance.max.delay.ms': '0', 'offset.flush.interval.ms': '100',
        },
        restHost: '127.0.0.1', restPort: 0, log: pino({ level: 'silent' }),
      });
    workers.push(await start(), await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== ''), 'leader known');
    const follower = workers.find((w) => !w.herder.isLeader)!;
    const leader = workers.find((w) => w.herder.isLeader)!;
    const created = await http(follower.restUrl, 'POST', '/connectors', {
      name: 'dg', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'o-pv', quickstart: 'pageviews', 'max.interval': '1', iterations: '50', 'tasks.max': '1' },
    });
    expect(created.status).toBe(201);
    const offsetsVia = async (w: RunningDistributedWorker) => (await http(w.restUrl, 'GET', '/connectors/dg/offsets')).body?.offsets as any[] | undefined;
    await waitFor(async () => (await Promise.all(workers.map(offsetsVia))).every((o) => o?.length === 1 && o[0].offset['current.iteration'] === 50), 'offset 50 seen through both workers', 30_000);

    // altering needs STOPPED
    const early = await http(follower.restUrl, 'PATCH', '/connectors/dg/offsets', { offsets: [] });
    expect(early.status).toBe(400);
    expect((await http(follower.restUrl, 'PUT', '/connectors/dg/stop')).status).toBe(204);
    await waitFor(async () => (await http(leader.restUrl, 'GET', '/connectors/dg/tasks')).body.length === 0, 'no task configs while stopped');
    // the empty task set starts a rebalance; offsets requests answer 409 until it is over (as Kafka's)
    await waitFor(() => workers.every((w) => !w.herder.rebalancePending), 'rebalance after stop over');
    const partition = (await offsetsVia(leader))![0].partition;
    const altered = await http(follower.restUrl, 'PATCH', '/connectors/dg/offsets', { offsets: [{ partition, offset: { 'current.iteration': 7 } }] });
    expect(altered.status).toBe(200);
    expect(altered.body.message).toMatch(/altered successfully/);
    await waitFor(async () => (await offsetsVia(leader))?.[0]?.offset['current.iteration'] === 7, 'altered offset visible on the leader');
    const reset = await http(follower.restUrl, 'DELETE', '/connectors/dg/offsets');
    expect(reset.status).toBe(200);
    await waitFor(async () => (await Promise.all(workers.map(offsetsVia))).every((o) => o?.length === 0), 'no offsets after reset');

    // resume from STOPPED: task configs come back and the task starts over from the reset offsets
    expect((await http(follower.restUrl, 'PUT', '/connectors/dg/resume')).status).toBe(202);
    await waitFor(async () => {
      const s = await http(follower.restUrl, 'GET', '/connectors/dg/status');
      return s.body.connector.state === 'RUNNING' && s.body.tasks.length === 1;
    }, 'task back after resume', 30_000);
    await waitFor(async () => (await offsetsVia(follower))?.[0]?.offset['current.iteration'] === 50, 'the task ran all 50 iterations again', 30_000);
  }, 90_000);
});
