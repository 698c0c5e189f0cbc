/**
 * Rolling restart: three in-process workers run three datagen connectors (one task each, a fixed number of
 * records); each worker in turn is stopped gracefully and replaced by a new one. Every record reaches its
 * topic (at least once) and every task ends RUNNING.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { everyPageviewArrived, http } from './cluster-test-kit.js';

const log = pino({ level: 'silent' });
const ITERATIONS = 2000;

describe('rolling restart', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });
  const start = () =>
    startDistributedWorker({
      workerProps: {
        'bootstrap.servers': broker().bootstrap, 'group.id': 'cluster-r',
        'config.storage.topic': 'r-configs', 'offset.storage.topic': 'r-offsets', 'status.storage.topic': 'r-status',
        'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
        'heartbeat.interval.ms': '200', 'session.timeout.ms': '3000', 'scheduled.rebalance.max.delay.ms': '0', 'offset.flush.interval.ms': '200',
      },
      restHost: '127.0.0.1', restPort: 0, log,
    });

  it('restarting every worker in turn loses nothing', async () => {
    for (let i = 0; i < 3; i++) workers.push(await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== ''), 'leader known');
    const names = ['r0', 'r1', 'r2'];
    for (const name of names) {
      const res = await http(workers[0]!.restUrl, 'POST', '/connectors', {
        name, config: { 'connector.class': 'DatagenConnector', 'kafka.topic': `pv-${name}`, quickstart: 'pageviews', 'max.interval': '8', iterations: String(ITERATIONS), 'random.seed': '1', 'tasks.max': '1' },
      });
      expect(res.status).toBe(201);
    }
    const allRunning = async () => {
      const via = workers.at(-1)!.restUrl;
      for (const name of names) {
        const s = await http(via, 'GET', `/connectors/${name}/status`);
        const live = new Set(workers.map((w) => w.workerId));
        if (s.body?.tasks?.[0]?.state !== 'RUNNING' || !live.has(s.body.tasks[0].worker_id) || !live.has(s.body.connector.worker_id)) return false;
      }
      return true;
    };
    await waitFor(allRunning, 'all tasks RUNNING', 30_000);
    for (let i = 0; i < 3; i++) {
      const old = workers.shift()!;
      await old.stop();
      workers.push(await start());
      await waitFor(allRunning, `all tasks RUNNING after restarting worker ${i}`, 30_000);
    }
    const dups = await everyPageviewArrived(broker().bootstrap, names, ITERATIONS);
    console.log(`rolling restart of 3 workers: nothing lost, ${dups} duplicates`);
  }, 180_000);
});
