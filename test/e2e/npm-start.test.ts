/**
 * `tributary` with no subcommand (what `npm start` runs): the embedded broker and a worker come up, both
 * answer, the printed curl creates a datagen connector that writes to the broker, and SIGTERM stops it all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor } from '../support/broker.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

let dir: string | undefined;
let worker: WorkerProcess | undefined;
afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('node bin/tributary.js (no subcommand)', () => {
  it('starts broker + worker, prints a working curl, stops on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'e2e-start-'));
    worker = await startWorkerProcess(['--rest-port', '0', '--broker-port', '0', '--data-dir', join(dir, 'data')], {
      env: { TRIBUTARY_BOOTSTRAP_SERVERS: '' },
    });
    const out = worker.stdout();
    const bootstrap = /broker listening on (\S+)/.exec(out)?.[1];
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(out).toContain(`${worker.restUrl}/connectors`);

    const root = await (await fetch(worker.restUrl + '/')).json() as { version: string; kafka_cluster_id: string };
    expect(root.version).toMatch(/^\d+\.\d+\.\d+/);
    const admin = new Kafka({ brokers: [bootstrap!], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    expect((await admin.describeCluster()).clusterId).toBe(root.kafka_cluster_id);

    // The printed curl's body, sent as is.
    const curl = /curl -s -X POST .* -d '(.*)'/.exec(out);
    expect(curl).not.toBeNull();
    const created = await fetch(worker.restUrl + '/connectors', { method: 'POST', headers: { 'content-type': 'application/json' }, body: curl![1]! });
    expect(created.status).toBe(201);
    const { name, config } = JSON.parse(curl![1]!) as { name: string; config: Record<string, string> };
    await waitFor(async () => {
      const s = await (await fetch(`${worker!.restUrl}/connectors/${name}/status`)).json() as { tasks: { state: string }[] };
      return s.tasks[0]?.state === 'RUNNING';
    }, 'datagen RUNNING');
    await waitFor(async () => {
      const offsets = await admin.fetchTopicOffsets(config['kafka.topic']!).catch(() => []);
      return offsets.some((o) => Number(o.high) > 0);
    }, 'datagen records in the embedded broker', 20_000);
    await admin.disconnect();

    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.stdout()).toContain('stopped');
  });

  it('with TRIBUTARY_BOOTSTRAP_SERVERS set, uses that cluster and starts no broker', async () => {
    const external = await startTestBroker();
    try {
      const w = await startWorkerProcess(['--rest-port', '0', '--broker-port', '0', '--data-dir', join(dir!, 'data2')], {
        env: { TRIBUTARY_BOOTSTRAP_SERVERS: external.bootstrap },
      });
      try {
        expect(w.stdout()).not.toContain('broker listening');
        expect(w.stdout()).toContain(`Kafka bootstrap servers: ${external.bootstrap}`);
        const root = await (await fetch(w.restUrl + '/')).json() as { kafka_cluster_id: string };
        expect(root.kafka_cluster_id).toBe(external.clusterId);
      } finally {
        w.kill('SIGTERM');
        expect(await w.exited).toBe(0);
      }
    } finally {
      await external.close();
    }
  });
});
