/**
 * Two distributed workers: the topics a source connector wrote to (KIP-558) and the gauges its tasks set
 * through `context.metrics` reach the status topic, so every worker's REST shows the whole cluster's —
 * including tasks that run on the other worker; topics/reset and delete tombstone them cluster-wide.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http, startClusterWorker } from './cluster-test-kit.js';

const pluginDir = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('distributed topic tracking and task gauges', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  const start = () => startClusterWorker(broker().bootstrap, 'tg', { 'plugin.path': pluginDir, 'session.timeout.ms': '3000', 'offset.flush.interval.ms': '200' });

  it('every worker lists the topics and gauges of tasks running anywhere; reset and delete forget the topics', async () => {
    workers.push(await start(), await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl !== ''), 'a leader known to both');
    const created = await http(workers[0]!.restUrl, 'POST', '/connectors', {
      name: 'gs', config: { 'connector.class': 'test.GaugedSource', topic: 'gauged', count: '7', 'tasks.max': '2' },
    });
    expect(created.status).toBe(201);
    await waitFor(() => workers.every((w) => w.herder.assignedHere().some((n) => /^gs-\d$/.test(n))), 'one task on each worker', 30_000);

    // Gauges: both tasks' final values, seen from each worker (one of them remote to it).
    const gaugesOf = async (w: RunningDistributedWorker) => {
      const s = await http(w.restUrl, 'GET', '/connectors/gs/status');
      return (s.body.tasks ?? []).map((t: any) => (t.metrics ?? []).find((m: any) => m.name === 'rows_done')?.value);
    };
    for (const w of workers) await waitFor(async () => JSON.stringify(await gaugesOf(w)) === '[7,7]', `rows_done 7 for both tasks via ${w.workerId}`, 20_000);
    const status = await http(workers[1]!.restUrl, 'GET', '/connectors/gs/status');
    expect(status.body.tasks[0].metrics).toContainEqual({ name: 'rows_total', labels: { part: '0' }, value: 7 });

    // Topics, from both workers.
    for (const w of workers) {
      await waitFor(async () => JSON.stringify((await http(w.restUrl, 'GET', '/connectors/gs/topics')).body) === '{"gs":{"topics":["gauged"]}}', `topics via ${w.workerId}`);
    }
    const reset = await http(workers[1]!.restUrl, 'PUT', '/connectors/gs/topics/reset');
    expect(reset.status).toBe(202);
    for (const w of workers) {
      await waitFor(async () => JSON.stringify((await http(w.restUrl, 'GET', '/connectors/gs/topics')).body) === '{"gs":{"topics":[]}}', `reset seen via ${w.workerId}`);
    }

    // Produce again (restart the tasks: each writes its 7 records again) → the topic is recorded again.
    expect((await http(workers[0]!.restUrl, 'POST', '/connectors/gs/restart?includeTasks=true')).status).toBe(202);
    await waitFor(async () => JSON.stringify((await http(workers[0]!.restUrl, 'GET', '/connectors/gs/topics')).body) === '{"gs":{"topics":["gauged"]}}', 'topic recorded again');

    // Delete: the topic records are tombstoned, so a new connector of the same name starts with none.
    expect((await http(workers[0]!.restUrl, 'DELETE', '/connectors/gs')).status).toBe(204);
    await waitFor(() => workers.every((w) => w.worker.activeTopics('gs').length === 0), 'topics forgotten on delete');
  }, 90_000);
});
