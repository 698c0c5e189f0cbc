/**
 * StandaloneHerder over a real Worker and the embedded broker: initial target states, failed tasks and
 * restart plans, task reconfiguration requested by a connector, offsets through the file store.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SourceConnector, SourceTask, defineConfig, type ConnectorProps, type SourceRecord,
} from '../../../src/api/index.js';
import { BadRequestError, NotFoundError, AlreadyExistsError } from '../../../src/cluster/herder-errors.js';
import { StandaloneHerder } from '../../../src/cluster/standalone/standalone-herder.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import type { PluginRegistry } from '../../../src/plugins/plugin-registry.js';
import { Worker } from '../../../src/runtime/worker.js';
import { FileOffsetStore } from '../../../src/storage/file-offset-store.js';
import { waitFor, withBroker } from '../../support/broker.js';

const broker = withBroker();
let dir: string;
let plugins: PluginRegistry;

/** A test plugin whose task count follows `wanted`; the test asks it to reconfigure. */
let wanted = 1;
let lastReconfigurable: ReconfigurableConnector | undefined;
class IdleTask extends SourceTask {
  version() { return '1'; }
  start() {}
  async poll(): Promise<SourceRecord[] | null> {
    await new Promise((r) => setTimeout(r, 20));
    return null;
  }
  stop() {}
}
class ReconfigurableConnector extends SourceConnector {
  version() { return '1'; }
  config() { return defineConfig({}); }
  start() { lastReconfigurable = this; }
  taskClass() { return IdleTask; }
  taskConfigs(): ConnectorProps[] { return Array.from({ length: wanted }, (_, i) => ({ slot: String(i) })); }
  stop() {}
  changeInputs() { this.context.requestTaskReconfiguration(); }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herder-'));
  plugins = await loadPlugins();
  plugins.register({ kind: 'source', className: 'test.ReconfigurableConnector', version: '1', create: () => new ReconfigurableConnector() });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.reverse()) await s();
  stops = [];
});

async function startHerder(offsetsFile = join(dir, 'offsets.json')) {
  const log = pino({ level: 'silent' });
  let herder: StandaloneHerder | undefined;
  const worker = new Worker({
    workerId: 'test:1', workerConfig: { 'bootstrap.servers': broker().bootstrap, 'offset.flush.interval.ms': '100' },
    plugins, offsetStore: new FileOffsetStore(offsetsFile), log,
    onTaskReconfiguration: (c) => void herder?.requestTaskReconfiguration(c),
  });
  await worker.start();
  herder = new StandaloneHerder({
    worker, plugins, workerId: 'test:1', log, overridePolicy: 'None',
    kafkaClusterId: async () => broker().clusterId, version: '0', commit: 'x',
  });
  const h = herder;
  stops.push(async () => { await h.stop(); await worker.stop(); });
  return h;
}

const datagen = (topic: string) => ({ name: 'dg', 'connector.class': 'DatagenConnector', 'kafka.topic': topic, quickstart: 'pageviews', 'max.interval': '5', 'random.seed': '3' });

describe('StandaloneHerder', () => {
  it('honours initial states PAUSED and STOPPED; resume starts the tasks', async () => {
    const herder = await startHerder();
    await herder.putConnectorConfig('dg', datagen('paused'), { allowReplace: false, initialState: 'PAUSED' });
    // As Kafka: a connector created paused is never started, so it has no task configs until resumed.
    expect((await herder.connectorStatus('dg')).connector.state).toBe('PAUSED');
    expect(await herder.taskConfigs('dg')).toEqual([]);
    await herder.resumeConnector('dg');
    await waitFor(async () => (await herder.connectorStatus('dg')).tasks[0]?.state === 'RUNNING', 'task RUNNING after resume');
    await herder.pauseConnector('dg');
    await waitFor(async () => {
      const s = await herder.connectorStatus('dg');
      return s.connector.state === 'PAUSED' && s.tasks.length === 1 && s.tasks[0]!.state === 'PAUSED';
    }, 'PAUSED with its task');
    await herder.putConnectorConfig('stopped', { ...datagen('stopped'), name: 'stopped' }, { allowReplace: false, initialState: 'STOPPED' });
    expect((await herder.connectorStatus('stopped')).connector.state).toBe('STOPPED');
    expect(await herder.taskConfigs('stopped')).toEqual([]);
    await expect(herder.putConnectorConfig('dg', datagen('x'), { allowReplace: false })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('rejects configs with per-key errors, including a client override the policy forbids', async () => {
    const herder = await startHerder();
    const err = await herder.putConnectorConfig('bad', { ...datagen('t'), name: 'bad', 'tasks.max': 'many', 'producer.override.acks': '1' }, { allowReplace: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    const errors = (err as BadRequestError).errors;
    expect(Object.keys(errors).sort()).toEqual(['producer.override.acks', 'tasks.max']);
    await expect(herder.connectorInfo('bad')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports a task that fails to start as FAILED with a trace; onlyFailed restarts plan just that task', async () => {
    const herder = await startHerder();
    const cfg = { name: 'sink', 'connector.class': 'FileStreamSink', topics: 'nothing', file: join(dir, 'no', 'such', 'dir', 'out.txt') };
    await herder.putConnectorConfig('sink', cfg, { allowReplace: false });
    await waitFor(async () => (await herder.connectorStatus('sink')).tasks[0]?.state === 'FAILED', 'task FAILED');
    const status = await herder.connectorStatus('sink');
    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks[0]!.trace).toMatch(/cannot open/);
    const plan = await herder.restartConnector('sink', { includeTasks: true, onlyFailed: true });
    expect(plan!.connector.state).toBe('RUNNING');
    expect(plan!.tasks).toEqual([{ id: 0, state: 'RESTARTING', worker_id: 'test:1' }]);
    await waitFor(async () => (await herder.connectorStatus('sink')).tasks[0]?.state === 'FAILED', 'FAILED again (the directory still does not exist)');
  });

  it('a connector\'s requestTaskReconfiguration replaces its tasks when the configs changed', async () => {
    const herder = await startHerder();
    wanted = 1;
    await herder.putConnectorConfig('re', { name: 're', 'connector.class': 'test.ReconfigurableConnector', 'tasks.max': '4' }, { allowReplace: false });
    expect((await herder.taskConfigs('re')).map((t) => t.config['slot'])).toEqual(['0']);
    wanted = 3;
    lastReconfigurable!.changeInputs();
    await waitFor(async () => (await herder.taskConfigs('re')).length === 3, 'three task configs');
    await waitFor(async () => (await herder.connectorStatus('re')).tasks.every((t) => t.state === 'RUNNING'), 'three tasks RUNNING');
    expect((await herder.connectorStatus('re')).tasks.map((t) => t.id)).toEqual([0, 1, 2]);
  });

  it('commits source offsets to offset.storage.file.filename and a new worker resumes from them', async () => {
    const file = join(dir, 'resume.offsets');
    const herder = await startHerder(file);
    await herder.putConnectorConfig('dg', datagen('resume'), { allowReplace: false });
    await waitFor(async () => (await herder.connectorOffsets('dg')).offsets.length > 0, 'an offset commit');
    await stops.pop()!();
    const stored = JSON.parse(await readFile(file, 'utf8')) as { offsets: Record<string, string> };
    const key = JSON.stringify(['dg', { 'task.id': 0 }]);
    const committed = (JSON.parse(stored.offsets[key]!) as { 'current.iteration': number })['current.iteration'];
    expect(committed).toBeGreaterThan(0);

    const again = await startHerder(file);
    await again.putConnectorConfig('dg', datagen('resume'), { allowReplace: false, initialState: 'STOPPED' });
    expect((await again.connectorOffsets('dg')).offsets).toEqual([{ partition: { 'task.id': 0 }, offset: expect.objectContaining({ 'current.iteration': committed }) }]);
    await again.resumeConnector('dg');
    await waitFor(async () => {
      const o = (await again.connectorOffsets('dg')).offsets[0]?.offset as { 'current.iteration': number } | undefined;
      return (o?.['current.iteration'] ?? 0) > committed;
    }, 'offsets moving on from the committed iteration');
  });
});
