/**
 * Kafka Connect's 409 while a rebalance is in progress. One worker is held before its JoinGroup (the
 * herder's test seam), so after a third worker joins the coordinator keeps the rebalance open: the reads and
 * restarts Kafka Connect checks answer 409 "stale configuration" on every member (the joining one too), and
 * a create (POST, or PUT through the joining worker) sent meanwhile waits for the rebalance instead of failing. Released, the same requests succeed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http, startClusterWorker } from './cluster-test-kit.js';

const STALE = 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

describe('requests during a rebalance', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  let release: (() => void) | undefined;
  afterAll(async () => {
    release?.();
    for (const w of workers) await w.stop();
  });

  const start = () => startClusterWorker(broker().bootstrap, 'r', { 'heartbeat.interval.ms': '100', 'session.timeout.ms': '10000' });

  const dg = (name: string) => ({ name, config: { 'connector.class': 'DatagenConnector', 'kafka.topic': `${name}-t`, quickstart: 'pageviews', 'max.interval': '50', 'tasks.max': '2' } });
  const settled = () => workers.every((w) => !w.herder.rebalancePending && w.herder.leaderUrl !== '');

  it('answers 409 while the group rebalances and serves the same requests after it', async () => {
    workers.push(await start(), await start());
    const [a, b] = workers as [RunningDistributedWorker, RunningDistributedWorker];
    expect((await http(a.restUrl, 'POST', '/connectors', dg('dg'))).status).toBe(201);
    await waitFor(async () => {
      const s = await http(a.restUrl, 'GET', '/connectors/dg/status');
      return s.body?.tasks?.length === 2 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
    }, 'dg running', 30_000);
    await waitFor(settled, 'no rebalance pending');
    expect((await http(a.restUrl, 'GET', '/connectors/dg')).status).toBe(200);

    // b will not rejoin until released; a third worker's JoinGroup starts the rebalance
    release = b.herder.holdJoinsForTests();
    const c = await start();
    workers.push(c);
    await waitFor(() => a.herder.rebalancePending && b.herder.rebalancePending, 'a and b see the rebalance');

    let released = false;
    const create = http(a.restUrl, 'POST', '/connectors', dg('dg2')).then((r) => ({ ...r, afterRelease: released }));
    const put = http(c.restUrl, 'PUT', '/connectors/dg3/config', dg('dg3').config).then((r) => ({ ...r, afterRelease: released }));

    for (const w of [a, b, c]) {
      for (const [method, path] of [['GET', '/connectors/dg'], ['GET', '/connectors/dg/config'], ['GET', '/connectors/dg/tasks'], ['POST', '/connectors/dg/restart'], ['POST', '/connectors/dg/restart?includeTasks=true'], ['POST', '/connectors/dg/tasks/0/restart']] as const) {
        const r = await http(w.restUrl, method, path);
        expect({ worker: w.workerId, path, status: r.status, body: r.body }).toEqual({ worker: w.workerId, path, status: 409, body: { error_code: 409, message: STALE } });
      }
      // what Kafka answers without checking: the status view and the connector list, expanded too
      expect((await http(w.restUrl, 'GET', '/connectors/dg/status')).status).toBe(200);
      expect((await http(w.restUrl, 'GET', '/connectors')).status).toBe(200);
      const expanded = await http(w.restUrl, 'GET', '/connectors?expand=info&expand=status');
      expect(expanded.status).toBe(200);
      expect(expanded.body.dg.info.name).toBe('dg');
    }
    expect(a.herder.rebalancePending && b.herder.rebalancePending).toBe(true);

    released = true;
    release();
    release = undefined;
    const created = await create;
    expect(created.status).toBe(201);
    expect(created.afterRelease).toBe(true); // it waited for the rebalance instead of failing
    const putDone = await put;
    expect({ status: putDone.status, afterRelease: putDone.afterRelease }).toEqual({ status: 201, afterRelease: true });

    await waitFor(async () => {
      const s = await Promise.all(['dg2', 'dg3'].map((n) => http(c.restUrl, 'GET', `/connectors/${n}/status`)));
      return s.every((r) => r.body?.tasks?.length === 2 && r.body.tasks.every((t: any) => t.state === 'RUNNING'));
    }, 'dg2 and dg3 running', 30_000);
    await waitFor(settled, 'rebalance over', 30_000);
    for (const w of workers) {
      expect((await http(w.restUrl, 'GET', '/connectors/dg')).status).toBe(200);
      expect((await http(w.restUrl, 'GET', '/connectors/dg/tasks')).status).toBe(200);
    }
    expect((await http(c.restUrl, 'POST', '/connectors/dg/restart')).status).toBe(204);
    expect((await http(b.restUrl, 'POST', '/connectors/dg/restart?includeTasks=true')).status).toBe(202);
  }, 120_000);
});
