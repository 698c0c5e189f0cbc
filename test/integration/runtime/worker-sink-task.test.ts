import { describe, expect, it } from 'vitest';
import type { WorkerSinkTask } from '../../../src/runtime/sink/worker-sink-task.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { flaky, groupOffsets, produce, readTopic, runConnector, sinkLogs, startWorker } from './runtime-fixtures.js';

const json = (v: unknown) => JSON.stringify(v);

describe('WorkerSinkTask', () => {
  const broker = withBroker();
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('puts converted + transformed records and commits offsets only after flush', async () => {
    await produce(bootstrap(), 'sink-basic', Array.from({ length: 30 }, (_, i) => json({ n: i })), 3);
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '100' });
    await runConnector(w.worker, 'collect', {
      'connector.class': 'test.CollectSink',
      topics: 'sink-basic',
      transforms: 'tag',
      'transforms.tag.type': 'test.AddTag',
      'transforms.tag.tag': 't1',
    });
    const log = () => sinkLogs.get('collect')!;
    await waitFor(() => sinkLogs.has('collect') && log().durable.length === 30, '30 durable records');
    expect(log().opened.flat().map((tp) => tp.partition).sort()).toEqual([0, 1, 2]);
    const r = log().durable.find((x) => (x.value as { n: number }).n === 4)!;
    expect(r.value).toEqual({ n: 4, tag: 't1' });
    expect(r.key).toBe('k4');
    expect(r.headers.lastWithName('origin')?.value).toBe('test');
    // committed offsets never run ahead of what flush saw
    await waitFor(async () => [...(await groupOffsets(bootstrap(), 'connect-collect', 'sink-basic')).values()].reduce((a, b) => a + b, 0) === 30, 'group offsets = 30');
    const flushedMax = new Map<number, number>();
    for (const f of log().flushed) for (const o of f) flushedMax.set(o.partition, Math.max(flushedMax.get(o.partition) ?? 0, o.offset));
    expect(flushedMax).toEqual(await groupOffsets(bootstrap(), 'connect-collect', 'sink-basic'));
    await w.worker.stop();
    expect(log().stopped).toBe(true);
    expect(log().closed.flat().length).toBe(3);
  });

  it('graceful stop commits, and a restart does not redeliver what was committed', async () => {
    await produce(bootstrap(), 'sink-stop', Array.from({ length: 20 }, (_, i) => json({ n: i })));
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '600000' });
    await runConnector(w.worker, 'stopper', { 'connector.class': 'test.CollectSink', topics: 'sink-stop' });
    await waitFor(() => sinkLogs.get('stopper')?.put.length === 20, '20 put');
    expect((await groupOffsets(bootstrap(), 'connect-stopper', 'sink-stop')).get(0)).toBe(-1); // nothing committed yet
    await w.worker.stop();
    expect((await groupOffsets(bootstrap(), 'connect-stopper', 'sink-stop')).get(0)).toBe(20);
    expect(sinkLogs.get('stopper')!.durable).toHaveLength(20);

    await produce(bootstrap(), 'sink-stop', [json({ n: 20 }), json({ n: 21 })]);
    const w2 = await startWorker(bootstrap());
    await runConnector(w2.worker, 'stopper', { 'connector.class': 'test.CollectSink', topics: 'sink-stop' });
    await waitFor(() => sinkLogs.get('stopper')!.put.length === 22, '22 put');
    const ns = sinkLogs.get('stopper')!.put.map((r) => (r.value as { n: number }).n);
    expect(ns).toEqual(Array.from({ length: 22 }, (_, i) => i)); // no duplicates
    await w2.worker.stop();
  });

  it('poison records with errors.tolerance=all go to the DLQ with context headers and original bytes', async () => {
    const values: Array<string | Buffer> = [];
    for (let i = 0; i < 20; i++) values.push(i % 5 === 2 ? Buffer.from([0xde, 0xad, 0xbe, 0xef, i]) : json({ n: i }));
    await produce(bootstrap(), 'sink-poison', values);
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'poison', {
      'connector.class': 'test.CollectSink',
      topics: 'sink-poison',
      'errors.tolerance': 'all',
      'errors.log.enable': 'true',
      'errors.deadletterqueue.topic.name': 'sink-poison-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor(() => sinkLogs.get('poison')?.durable.length === 16, '16 good records');
    const dead = await readTopic(bootstrap(), 'sink-poison-dlq', 4);
    expect(dead).toHaveLength(4);
    const offsets = [2, 7, 12, 17];
    for (let i = 0; i < 4; i++) {
      const m = dead[i]!;
      const h = (k: string) => m.headers![`__connect.errors.${k}`]?.toString();
      expect(m.value).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef, offsets[i]!]));
      expect(m.key!.toString()).toBe(`k${offsets[i]}`);
      expect(m.headers!['origin']!.toString()).toBe('test'); // original headers kept
      expect(h('topic')).toBe('sink-poison');
      expect(h('partition')).toBe('0');
      expect(h('offset')).toBe(String(offsets[i]));
      expect(h('connector.name')).toBe('poison');
      expect(h('task.id')).toBe('0');
      expect(h('stage')).toBe('VALUE_CONVERTER');
      expect(h('class.name')).toBe('org.apache.kafka.connect.json.JsonConverter');
      expect(h('exception.class.name')).toMatch(/Error$/);
      expect(h('exception.message')).toBeTruthy();
      expect(h('exception.stacktrace')).toContain('at ');
    }
    await waitFor(async () => (await groupOffsets(bootstrap(), 'connect-poison', 'sink-poison')).get(0) === 20, 'all 20 committed');
    expect(w.worker.taskState({ connector: 'poison', task: 0 })?.state).toBe('RUNNING');
    await w.worker.stop();
  });

  it('errors.tolerance=none fails the task with a trace naming topic, partition and offset', async () => {
    await produce(bootstrap(), 'sink-fatal', [json({ n: 0 }), json({ n: 1 }), 'not json at all', json({ n: 3 })]);
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'fatal', { 'connector.class': 'test.CollectSink', topics: 'sink-fatal' });
    await waitFor(() => w.worker.taskState({ connector: 'fatal', task: 0 })?.state === 'FAILED', 'task FAILED');
    const trace = w.worker.taskState({ connector: 'fatal', task: 0 })!.trace!;
    expect(trace).toMatch(/Tolerance exceeded in error handler/);
    expect(trace).toContain("topic 'sink-fatal' partition 0 offset 2");
    expect(trace).toContain('VALUE_CONVERTER');
    expect(sinkLogs.get('fatal')?.durable.length ?? 0).toBe(0);
    // nothing past the failure was committed
    expect((await groupOffsets(bootstrap(), 'connect-fatal', 'sink-fatal')).get(0)).toBe(-1);
    expect(w.statuses.some((s) => s.task === 0 && s.state === 'FAILED' && s.trace)).toBe(true);
    await w.worker.stop();
  });

  it('redelivers the same batch after a RetriableError from put (context.timeout), then succeeds', async () => {
    await produce(bootstrap(), 'sink-retry', Array.from({ length: 5 }, (_, i) => json({ n: i })));
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'retry', { 'connector.class': 'test.CollectSink', topics: 'sink-retry', 'retriable.failures': '2' });
    await waitFor(() => sinkLogs.get('retry')?.durable.length === 5, '5 durable');
    const log = sinkLogs.get('retry')!;
    expect(log.putCalls).toBeGreaterThanOrEqual(3);
    expect(log.put.map((r) => (r.value as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
    expect(w.worker.taskState({ connector: 'retry', task: 0 })?.state).toBe('RUNNING');
    await w.worker.stop();
  });

  it('retries a RetriableError from an SMT per errors.retry.timeout, then delivers the record', async () => {
    await produce(bootstrap(), 'sink-flaky', Array.from({ length: 3 }, (_, i) => json({ n: i })));
    flaky.failuresLeft = 3;
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'flaky', {
      'connector.class': 'test.CollectSink',
      topics: 'sink-flaky',
      transforms: 't',
      'transforms.t.type': 'test.AddTag',
      'transforms.t.tag': 'flaky',
      'errors.retry.timeout': '30000',
      'errors.retry.delay.max.ms': '400',
    });
    await waitFor(() => sinkLogs.get('flaky')?.durable.length === 3, '3 durable');
    expect(flaky.failuresLeft).toBe(0);
    expect(sinkLogs.get('flaky')!.put.map((r) => r.value)).toEqual([0, 1, 2].map((n) => ({ n, tag: 'flaky' })));
    await w.worker.stop();
  });

  it('the errant record reporter sends records the task rejects to the DLQ', async () => {
    await produce(bootstrap(), 'sink-errant', Array.from({ length: 10 }, (_, i) => json({ n: i, bad: i === 3 })));
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'errant', {
      'connector.class': 'test.CollectSink',
      topics: 'sink-errant',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'sink-errant-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor(() => sinkLogs.get('errant')?.durable.length === 9, '9 durable');
    const dead = await readTopic(bootstrap(), 'sink-errant-dlq', 1);
    expect(dead[0]!.value!.toString()).toBe(json({ n: 3, bad: true })); // the consumed bytes
    expect(dead[0]!.headers!['__connect.errors.stage']!.toString()).toBe('TASK_PUT');
    expect(dead[0]!.headers!['__connect.errors.exception.message']!.toString()).toBe('record 3 is marked bad');
    await w.worker.stop();
  });

  it('with errors.tolerance=none an errant record report fails the task (after the DLQ has it)', async () => {
    await produce(bootstrap(), 'sink-errant-none', Array.from({ length: 5 }, (_, i) => json({ n: i, bad: i === 2 })));
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'errant-none', {
      'connector.class': 'test.CollectSink',
      topics: 'sink-errant-none',
      'errors.deadletterqueue.topic.name': 'sink-errant-none-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
    });
    await waitFor(() => w.worker.taskState({ connector: 'errant-none', task: 0 })?.state === 'FAILED', 'task FAILED');
    expect(w.worker.taskState({ connector: 'errant-none', task: 0 })!.trace).toMatch(/Tolerance exceeded.*record 2 is marked bad/s);
    expect((await readTopic(bootstrap(), 'sink-errant-none-dlq', 1))[0]!.value!.toString()).toBe(json({ n: 2, bad: true }));
    expect((await groupOffsets(bootstrap(), 'connect-errant-none', 'sink-errant-none')).get(0)).toBe(-1);
    await w.worker.stop();
  });

  it('pauses and resumes with the connector target state', async () => {
    await produce(bootstrap(), 'sink-pause', [json({ n: 0 })]);
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'pauser', { 'connector.class': 'test.CollectSink', topics: 'sink-pause' });
    await waitFor(() => sinkLogs.get('pauser')?.put.length === 1, 'first record');
    await w.worker.pauseConnector('pauser');
    expect(w.worker.taskState({ connector: 'pauser', task: 0 })?.state).toBe('PAUSED');
    expect(w.worker.connectorState('pauser')?.state).toBe('PAUSED');
    await produce(bootstrap(), 'sink-pause', [json({ n: 1 })]);
    const task = w.worker.task({ connector: 'pauser', task: 0 }) as WorkerSinkTask;
    expect(task.stats.consumed).toBe(1);
    await w.worker.resumeConnector('pauser');
    await waitFor(() => sinkLogs.get('pauser')?.put.length === 2, 'second record after resume');
    expect(w.worker.taskState({ connector: 'pauser', task: 0 })?.state).toBe('RUNNING');
    await w.worker.stop();
  });
});

describe('WorkerSinkTask subscriptions and task requests', () => {
  const broker = withBroker();
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('topics.regex subscribes to every matching topic (full match, as Java)', async () => {
    await produce(bootstrap(), 'rx-a', [json({ n: 1 })]);
    await produce(bootstrap(), 'rx-b', [json({ n: 2 })]);
    await produce(bootstrap(), 'xrx-c', [json({ n: 3 })]);
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'regex', { 'connector.class': 'test.CollectSink', 'topics.regex': 'rx-.*' });
    await waitFor(() => sinkLogs.get('regex')?.put.length === 2, 'two records');
    expect(sinkLogs.get('regex')!.put.map((r) => r.topic).sort()).toEqual(['rx-a', 'rx-b']);
    await w.worker.stop();
  });

  it('honours context.offset() from open() and requestCommit() from put()', async () => {
    await produce(bootstrap(), 'sink-seek', Array.from({ length: 10 }, (_, i) => json({ n: i })));
    // a long interval: only requestCommit() can make the commit happen while running
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '600000' });
    await runConnector(w.worker, 'seeker', { 'connector.class': 'test.CollectSink', topics: 'sink-seek', 'start.offset': '6', 'request.commit': 'true' });
    await waitFor(() => sinkLogs.get('seeker')?.durable.length === 4, '4 records from offset 6');
    expect(sinkLogs.get('seeker')!.put.map((r) => r.kafkaOffset)).toEqual([6, 7, 8, 9]);
    await waitFor(async () => (await groupOffsets(bootstrap(), 'connect-seeker', 'sink-seek')).get(0) === 10, 'requested commit');
    await w.worker.stop();
  });
});

describe('WorkerSinkTask without broker-side topic auto-creation', () => {
  const broker = withBroker({ autoCreateTopics: false });
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('is RUNNING and waits for a topic that does not exist yet, then consumes it', async () => {
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'early', { 'connector.class': 'test.CollectSink', topics: 'later-topic' });
    expect(w.worker.taskState({ connector: 'early', task: 0 })?.state).toBe('RUNNING');
    await produce(bootstrap(), 'later-topic', [json({ n: 1 })]);
    await waitFor(() => sinkLogs.get('early')?.put.length === 1, 'the record', 30_000);
    expect(w.worker.taskState({ connector: 'early', task: 0 })?.state).toBe('RUNNING');
    await w.worker.stop();
  });

  it('stops cleanly while still waiting for its topic', async () => {
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'never', { 'connector.class': 'test.CollectSink', topics: 'never-topic' });
    await w.worker.stop();
    expect(w.statuses.filter((s) => s.connector === 'never' && s.task === 0).map((s) => s.state)).toEqual(['RUNNING', 'UNASSIGNED']);
  });
});

describe('WorkerSinkTask across a broker restart', () => {
  it('keeps RUNNING and delivers what is produced after the broker comes back', async () => {
    const { startTestBroker } = await import('../../support/broker.js');
    let b = await startTestBroker({ persistent: true });
    const port = b.port;
    const dataDir = b.dataDir!;
    const bs = `127.0.0.1:${port}`;
    const w = await startWorker(bs, { 'consumer.request.timeout.ms': '3000' });
    try {
      await produce(bs, 'sink-survive', Array.from({ length: 10 }, (_, i) => json({ n: i })));
      await runConnector(w.worker, 'sink-survivor', { 'connector.class': 'test.CollectSink', topics: 'sink-survive' });
      await waitFor(() => sinkLogs.get('sink-survivor')?.durable.length === 10, 'first 10');
      await b.close();
      b = await startTestBroker({ port, dataDir });
      await produce(bs, 'sink-survive', Array.from({ length: 10 }, (_, i) => json({ n: 10 + i })));
      await waitFor(() => new Set(sinkLogs.get('sink-survivor')!.durable.map((r) => (r.value as { n: number }).n)).size === 20, 'all 20', 60_000);
      expect(w.worker.taskState({ connector: 'sink-survivor', task: 0 })?.state).toBe('RUNNING');
      await w.worker.stop();
      expect((await groupOffsets(bs, 'connect-sink-survivor', 'sink-survive')).get(0)).toBe(20);
    } finally {
      await b.close();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
