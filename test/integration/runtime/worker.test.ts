import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';
import { Worker } from '../../../src/runtime/worker.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { produce, readTopic, runConnector, sinkLogs, sourceLog, startWorker, testPlugins } from './runtime-fixtures.js';

describe('Worker lifecycle', () => {
  const broker = withBroker();
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('reports connector states through target-state changes, and FAILED with a trace', async () => {
    const w = await startWorker(bootstrap());
    const seen: string[] = [];
    expect(await w.worker.startConnector('c1', { name: 'c1', 'connector.class': 'test.CounterSource', topic: 'x' }, 'PAUSED', (c) => seen.push(c.state))).toBe('PAUSED');
    await expect(w.worker.connectorTaskConfigs('c1', 1)).rejects.toThrow(/not running/); // as Kafka: no update while paused
    expect(w.worker.isConnectorRunning('c1')).toBe(false);
    await w.worker.setTargetState('c1', 'RUNNING');
    await w.worker.setTargetState('c1', 'STOPPED');
    await w.worker.setTargetState('c1', 'RUNNING');
    expect(seen).toEqual(['PAUSED', 'RUNNING', 'STOPPED', 'RUNNING']);
    expect(w.worker.connectorState('c1')).toEqual({ connector: 'c1', state: 'RUNNING', workerId: 'test:8083' });

    expect(await w.worker.startConnector('c2', { name: 'c2', 'connector.class': 'test.CounterSource', 'connector.fail.start': 'true' }, 'RUNNING')).toBe('FAILED');
    expect(w.worker.connectorState('c2')?.trace).toMatch(/connector refuses to start/);

    expect(await w.worker.startConnector('c3', { name: 'c3', 'connector.class': 'NoSuchConnector' }, 'RUNNING')).toBe('FAILED');
    expect(w.worker.connectorState('c3')?.trace).toMatch(/Unknown/);

    expect(await w.worker.startConnector('c4', { name: 'c4', 'connector.class': 'test.CounterSource', 'raise.error': 'true' }, 'RUNNING')).toBe('RUNNING');
    await waitFor(() => w.worker.connectorState('c4')?.state === 'FAILED', 'raiseError → FAILED');
    expect(w.worker.connectorState('c4')?.trace).toMatch(/background monitor died/);
    await w.worker.stop();
  });

  it('surfaces requestTaskReconfiguration and enforces tasks.max', async () => {
    const requests: string[] = [];
    const worker = new Worker({
      workerId: 'w',
      workerConfig: { 'bootstrap.servers': bootstrap() },
      plugins: await testPlugins(),
      offsetStore: new MemoryOffsetStore(),
      log: silentLogger,
      onTaskReconfiguration: (c) => requests.push(c),
    });
    await worker.start();
    await worker.startConnector('r', { name: 'r', 'connector.class': 'test.CounterSource', topic: 't', 'request.reconfiguration': 'true', 'task.count': '3' }, 'RUNNING');
    await waitFor(() => requests.length === 1, 'reconfiguration request');
    expect(requests).toEqual(['r']);
    await expect(worker.connectorTaskConfigs('r', 2)).rejects.toThrow(/returned 3 task configs but tasks.max is 2/);
    const configs = await worker.connectorTaskConfigs('r', 3);
    expect(configs.map((c) => c['task.index'])).toEqual(['0', '1', '2']);
    expect(configs[0]!['task.class']).toBe('CounterTask');
    await worker.stop();
    await expect(worker.start()).rejects.toThrow(/stopped/);
  });

  it('resolves ${provider:…} references when a task starts and keeps them out of task configs', async () => {
    process.env['TRIB_TEST_TOPIC'] = 'resolved-topic';
    const w = await startWorker(bootstrap(), { 'config.providers': 'env' });
    const config = { name: 'envsrc', 'connector.class': 'test.CounterSource', topic: '${env:TRIB_TEST_TOPIC}', count: '2' };
    await w.worker.startConnector('envsrc', config, 'RUNNING');
    const [tc] = await w.worker.connectorTaskConfigs('envsrc', 1);
    expect(tc!['topic']).toBe('${env:TRIB_TEST_TOPIC}');
    expect(await w.worker.startTask({ connector: 'envsrc', task: 0 }, config, tc!, 'RUNNING')).toBe(true);
    expect(await readTopic(bootstrap(), 'resolved-topic', 2)).toHaveLength(2);
    await w.worker.stop();
  });

  it('a task that fails to start reports FAILED; a task ignoring stop() is abandoned after the graceful timeout', async () => {
    const w = await startWorker(bootstrap(), { 'task.shutdown.graceful.timeout.ms': '300' });
    const bad = { name: 'bad', 'connector.class': 'test.CounterSource', topic: 'b', 'task.fail.start': 'true' };
    await w.worker.startConnector('bad', bad, 'RUNNING');
    expect(await w.worker.startTask({ connector: 'bad', task: 0 }, bad, bad, 'RUNNING')).toBe(false);
    expect(w.worker.taskState({ connector: 'bad', task: 0 })?.trace).toMatch(/task refuses to start/);

    await runConnector(w.worker, 'hang', { 'connector.class': 'test.CounterSource', topic: 'h', 'hang.poll': 'true' });
    await waitFor(() => (sourceLog.get('hang')?.polls ?? 0) > 0, 'first poll');
    const t0 = Date.now();
    await w.worker.stopTasks([{ connector: 'hang', task: 0 }]);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(w.worker.taskIds('hang')).toEqual([]);
    await w.worker.stop();
  });

  it('spreads partitions over two sink tasks in one group; open/close follow the assignment and nothing is lost', async () => {
    await produce(bootstrap(), 'two-tasks', Array.from({ length: 40 }, (_, i) => JSON.stringify({ n: i })), 4);
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'pair', { 'connector.class': 'test.CollectSink', topics: 'two-tasks' }, 2);
    await waitFor(() => new Set(sinkLogs.get('pair')?.durable.map((r) => (r.value as { n: number }).n)).size === 40, 'all 40 delivered');
    const log = sinkLogs.get('pair')!;
    expect(log.opened.length).toBeGreaterThanOrEqual(2);
    await w.worker.stop();
    // every partition that was opened was eventually closed
    const opened = log.opened.flat().length;
    expect(log.closed.flat().length).toBe(opened);
  });
});

describe('connector offsets (REST /offsets support)', () => {
  const broker = withBroker();
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('reads, alters and resets source offsets in the offset store', async () => {
    const w = await startWorker(bootstrap());
    const cfg = { name: 'os', 'connector.class': 'test.CounterSource', topic: 'os-topic' };
    await w.worker.offsets.alterSourceOffsets('os', cfg, [{ partition: { counter: 'os' }, offset: { n: 41 } }]);
    expect(await w.worker.offsets.sourceOffsets('os')).toEqual([{ partition: { counter: 'os' }, offset: { n: 41 } }]);
    await expect(w.worker.offsets.alterSourceOffsets('os', cfg, [{ partition: { a: { nested: 1 } } as never, offset: { n: 1 } }])).rejects.toThrow(/only strings/);
    // the task resumes from the altered offset
    await runConnector(w.worker, 'os', { ...cfg, count: '45' });
    const got = await readTopic(bootstrap(), 'os-topic', 3);
    expect(got.map((m) => JSON.parse(m.value!.toString()).n)).toEqual([42, 43, 44]);
    await w.worker.stopTasks(w.worker.taskIds('os'));
    await w.worker.offsets.resetSourceOffsets('os', cfg);
    expect(await w.worker.offsets.sourceOffsets('os')).toEqual([]);
    await w.worker.stop();
  });

  it('reads, alters and resets a stopped sink connector’s consumer-group offsets', async () => {
    await produce(bootstrap(), 'os-sink', Array.from({ length: 6 }, (_, i) => JSON.stringify({ n: i })));
    const w = await startWorker(bootstrap());
    const cfg = { name: 'osk', 'connector.class': 'test.CollectSink', topics: 'os-sink' };
    await runConnector(w.worker, 'osk', cfg);
    await waitFor(() => sinkLogs.get('osk')?.durable.length === 6, '6 records');
    await w.worker.stopTasks(w.worker.taskIds('osk'));
    expect(await w.worker.offsets.sinkOffsets('osk', cfg)).toEqual([{ topic: 'os-sink', partition: 0, offset: 6 }]);
    await w.worker.offsets.alterSinkOffsets('osk', cfg, [{ topic: 'os-sink', partition: 0, offset: 2 }]);
    expect(await w.worker.offsets.sinkOffsets('osk', cfg)).toEqual([{ topic: 'os-sink', partition: 0, offset: 2 }]);
    await w.worker.offsets.resetSinkOffsets('osk', cfg);
    expect(await w.worker.offsets.sinkOffsets('osk', cfg)).toEqual([]);
    await w.worker.stop();
  });
});

describe('structured logs', () => {
  const broker = withBroker();

  it('every task log line carries connector and task (pino child loggers, kafkajs lines included)', async () => {
    const pino = (await import('pino')).default;
    const lines: Array<Record<string, unknown>> = [];
    const stream = { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) };
    const worker = new Worker({
      workerId: 'w',
      workerConfig: { 'bootstrap.servers': `127.0.0.1:${broker().port}`, 'value.converter.schemas.enable': 'false' },
      plugins: await testPlugins(),
      offsetStore: new MemoryOffsetStore(),
      log: pino({ level: 'debug' }, stream),
    });
    await worker.start();
    await runConnector(worker, 'logged', { 'connector.class': 'test.CounterSource', topic: 'logged', count: '3', 'errors.log.enable': 'true' });
    await waitFor(() => lines.some((l) => l['msg'] === 'Source task started'), 'task start line');
    await worker.stop();
    const taskLines = lines.filter((l) => l['task'] !== undefined || l['msg'] === 'Source task started' || l['client'] === 'kafkajs');
    expect(taskLines.length).toBeGreaterThan(1);
    for (const l of taskLines) expect(l).toMatchObject({ connector: 'logged', task: 0 });
    expect(lines.find((l) => l['msg'] === 'Connector started')).toMatchObject({ connector: 'logged' });
  });
});
