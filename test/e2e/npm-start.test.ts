/**
 * `npm start` = `node bin/tributary.js distributed config/connect-distributed.properties`: one distributed
 * worker on the embedded broker (started by the CLI in the same process). A connector created over REST lives
 * in the config topic, so it is still there — and running again — after the process restarts. Ports and the
 * data folder are moved off 8083/9092/./data with flags or their environment twins.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor } from '../support/broker.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const START = ['distributed', 'config/connect-distributed.properties'];

let dir: string | undefined;
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const w = await startWorkerProcess(args, { cwd: ROOT, env: { TRIBUTARY_BOOTSTRAP_SERVERS: '', ...env }, timeoutMs: 60_000 });
  workers.push(w);
  return w;
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  return res.status === 200 ? res.json() : undefined;
}

async function stop(w: WorkerProcess): Promise<void> {
  w.kill('SIGTERM');
  expect(await w.exited).toBe(0);
  expect(w.stdout()).toContain('stopped');
}

describe('npm start', () => {
  it('is the distributed worker with the committed worker file', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe(`node bin/tributary.js ${START.join(' ')}`);
  });

  it('runs one distributed worker on the embedded broker; a connector made over REST survives restarts and resumes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'e2e-start-'));
    const dataDir = join(dir, 'data');
    const first = await start([...START, '--rest-port', '0', '--broker-port', '0', '--data-dir', dataDir]);
    const out = first.stdout();
    const bootstrap = /broker listening on (\S+)/.exec(out)?.[1];
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(out).toMatch(/worker 127\.0\.0\.1:\d+ joining the cluster/);
    expect(out).toContain(`${first.restUrl}/connectors`);

    const root = await getJson(first.restUrl + '/') as { version: string; kafka_cluster_id: string };
    expect(root.version).toMatch(/^\d+\.\d+\.\d+/);
    const admin = new Kafka({ brokers: [bootstrap!], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    expect((await admin.describeCluster()).clusterId).toBe(root.kafka_cluster_id);
    // The distributed worker's internal topics, named by the committed file.
    await waitFor(async () => {
      const topics = await admin.listTopics();
      return ['connect-configs', 'connect-offsets', 'connect-status'].every((t) => topics.includes(t));
    }, 'internal topics');

    // The printed curl's body, sent as is.
    const curl = /curl -s -X POST .* -d '(.*)'/.exec(out);
    expect(curl).not.toBeNull();
    const { name, config } = JSON.parse(curl![1]!) as { name: string; config: Record<string, string> };
    await waitFor(async () => {
      const created = await fetch(first.restUrl + '/connectors', { method: 'POST', headers: { 'content-type': 'application/json' }, body: curl![1]! });
      return created.status === 201; // 409 while the worker is still joining its group
    }, 'connector created');
    const running = async (w: WorkerProcess) => {
      const s = await getJson(`${w.restUrl}/connectors/${name}/status`) as { connector: { state: string }; tasks: { state: string }[] } | undefined;
      return s?.connector.state === 'RUNNING' && s.tasks[0]?.state === 'RUNNING';
    };
    await waitFor(() => running(first), 'datagen RUNNING', 30_000);
    const topic = config['kafka.topic']!;
    const written = async () => (await admin.fetchTopicOffsets(topic).catch(() => [])).reduce((n, o) => n + Number(o.high), 0);
    await waitFor(async () => (await written()) > 0, 'datagen records in the embedded broker', 30_000);
    await admin.disconnect();
    await stop(first);

    // Restart as bare `npm start` does (no arguments), moved by the environment instead of flags.
    const second = await start([], { TRIBUTARY_REST_PORT: '0', TRIBUTARY_BROKER_PORT: '0', TRIBUTARY_DATA_DIR: dataDir });
    const bootstrap2 = /broker listening on (\S+)/.exec(second.stdout())?.[1];
    expect(bootstrap2).toMatch(/^127\.0\.0\.1:\d+$/);
    const admin2 = new Kafka({ brokers: [bootstrap2!], logLevel: logLevel.NOTHING }).admin();
    await admin2.connect();
    try {
      const before = (await admin2.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
      expect(before).toBeGreaterThan(0); // the records written before the restart are still there
      await waitFor(async () => ((await getJson(second.restUrl + '/connectors')) as string[] | undefined)?.includes(name) === true, 'connector listed after restart');
      // (the config endpoint answers 409 until the worker has joined its group)
      await waitFor(async () => (await getJson(`${second.restUrl}/connectors/${name}/config`)) !== undefined, 'config readable after restart');
      expect(await getJson(`${second.restUrl}/connectors/${name}/config`)).toMatchObject(config);
      await waitFor(() => running(second), 'datagen RUNNING after restart', 30_000);
      await waitFor(async () => (await admin2.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0) > before, 'datagen writing again after restart', 30_000);
    } finally {
      await admin2.disconnect();
    }
    await stop(second);
  });

  it('with TRIBUTARY_BOOTSTRAP_SERVERS set, uses that cluster and starts no broker', async () => {
    const external = await startTestBroker();
    try {
      const w = await start([...START, '--rest-port', '0', '--broker-port', '0', '--data-dir', join(dir ?? tmpdir(), 'unused')], {
        TRIBUTARY_BOOTSTRAP_SERVERS: external.bootstrap,
      });
      expect(w.stdout()).not.toContain('broker listening');
      await waitFor(async () => (await getJson(w.restUrl + '/') as { kafka_cluster_id?: string } | undefined)?.kafka_cluster_id === external.clusterId, 'cluster id of the external broker');
      await stop(w);
    } finally {
      await external.close();
    }
  });

  it('tributary standalone still starts its own embedded broker and worker', async () => {
    const w = await start(['standalone', '--rest-port', '0', '--broker-port', '0', '--data-dir', join(dir ?? tmpdir(), 'standalone')]);
    expect(w.stdout()).toMatch(/broker listening on 127\.0\.0\.1:\d+/);
    expect(w.stdout()).toContain('Create a demo connector');
    expect(await getJson(w.restUrl + '/connectors')).toEqual([]);
    await stop(w);
  });
});
