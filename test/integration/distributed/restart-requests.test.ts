/**
 * KIP-745 restarts across workers: `POST /connectors/{c}/restart?includeTasks=true` sent to a follower is
 * done by the leader, which answers 202 with the plan (every instance RESTARTING) and writes a
 * `restart-connector-<c>` record; each worker restarts the instances it runs (new task instances on all three
 * workers). A plain restart (204) restarts only the connector instance, on the worker that runs it; a task
 * restart sent to a follower that does not run the task goes follower → leader → owner.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import type { RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http, startClusterWorker } from './cluster-test-kit.js';

const log = pino({ level: 'silent' });

describe('restart requests across workers (KIP-745)', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  const start = () => startClusterWorker(broker().bootstrap, 'rs');

  const taskIds = [0, 1, 2, 3, 4, 5];
  const instances = () => new Map(workers.flatMap((w) => taskIds.map((task) => [`${w.workerId}/${task}`, w.worker.task({ connector: 'dg', task })] as const).filter(([, t]) => t !== undefined)));
  const allRunning = async () => {
    const s = await http(workers[0]!.restUrl, 'GET', '/connectors/dg/status');
    return s.status === 200 && s.body.connector.state === 'RUNNING' && s.body.tasks.length === 6 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
  };

  it('restarts every planned instance on the worker that runs it', async () => {
    for (let i = 0; i < 3; i++) workers.push(await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== '' && !w.herder.rebalancePending), 'cluster formed');
    const created = await http(workers[0]!.restUrl, 'POST', '/connectors', {
      name: 'dg', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'rs-pv', quickstart: 'pageviews', 'max.interval': '50', 'tasks.max': '6' },
    });
    expect(created.status).toBe(201);
    await waitFor(allRunning, 'all 6 tasks RUNNING', 30_000);
    await waitFor(() => workers.every((w) => w.herder.assignedHere().filter((n) => /-\d+$/.test(n)).length === 2 && !w.herder.rebalancePending), 'two tasks per worker', 30_000);
    const before = instances();
    expect(before.size).toBe(6);

    const follower = workers.find((w) => !w.herder.isLeader)!;
    const res = await http(follower.restUrl, 'POST', '/connectors/dg/restart?includeTasks=true&onlyFailed=false');
    expect(res.status).toBe(202);
    expect(res.body.name).toBe('dg');
    expect(res.body.connector.state).toBe('RESTARTING');
    expect(res.body.tasks.map((t: any) => t.state)).toEqual(Array(6).fill('RESTARTING'));
    expect(new Set(res.body.tasks.map((t: any) => t.worker_id))).toEqual(new Set(workers.map((w) => w.workerId)));

    // every worker replaces the instances it runs (same worker: no rebalance is involved)
    await waitFor(() => {
      const now = instances();
      return now.size === 6 && [...before].every(([k, prev]) => now.get(k) !== undefined && now.get(k) !== prev);
    }, 'every task instance replaced, on the same worker', 30_000);
    await waitFor(allRunning, 'all RUNNING again', 30_000);

    // the record, in Kafka Connect's format
    const records: Array<{ key: string | null; value: string | null }> = [];
    const reader = new KafkaBasedLog({ topic: 'rs-configs', clientProps: { 'bootstrap.servers': broker().bootstrap }, log: silentLogger, onRecord: (r) => records.push(r) });
    await reader.start();
    await reader.stop();
    expect(records.filter((r) => r.key === 'restart-connector-dg').map((r) => r.value)).toEqual(['{"include-tasks":true,"only-failed":false}']);

    // onlyFailed with nothing failed: a plan restarting nothing
    const none = await http(workers[2]!.restUrl, 'POST', '/connectors/dg/restart?includeTasks=true&onlyFailed=true');
    expect(none.status).toBe(202);
    expect([none.body.connector.state, ...none.body.tasks.map((t: any) => t.state)].includes('RESTARTING')).toBe(false);

    // plain restart through a worker that does not run the connector: 204, only the connector restarts
    const owner = workers.find((w) => w.herder.assignedHere().includes('dg'))!;
    const other = workers.find((w) => w !== owner)!;
    const tasksBefore = instances();
    const connectorStarts = () => owner.worker.connectorState('dg');
    const stateBefore = connectorStarts();
    expect((await http(other.restUrl, 'POST', '/connectors/dg/restart')).status).toBe(204);
    await waitFor(() => connectorStarts() !== stateBefore && connectorStarts()?.state === 'RUNNING', 'connector restarted on its owner');
    const tasksAfter = instances();
    expect([...tasksBefore].every(([k, t]) => tasksAfter.get(k) === t)).toBe(true);
    expect((await http(other.restUrl, 'POST', '/connectors/nope/restart?includeTasks=true')).status).toBe(404);

    // a task restart sent to a follower that does not run it: follower → leader → the follower that does
    const [f1, f2] = workers.filter((w) => !w.herder.isLeader) as [RunningDistributedWorker, RunningDistributedWorker];
    const task = Number(f1.herder.assignedHere().find((n) => /^dg-\d+$/.test(n))!.split('-').at(-1));
    const beforeTask = instances();
    expect((await http(f2.restUrl, 'POST', `/connectors/dg/tasks/${task}/restart`)).status).toBe(204);
    const afterTask = instances();
    expect(afterTask.get(`${f1.workerId}/${task}`)).not.toBe(beforeTask.get(`${f1.workerId}/${task}`));
    expect([...beforeTask].filter(([k, t]) => k !== `${f1.workerId}/${task}` && afterTask.get(k) !== t)).toEqual([]);
  }, 120_000);
});
