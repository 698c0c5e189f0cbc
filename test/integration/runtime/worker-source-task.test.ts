import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileOffsetStore } from '../../../src/storage/file-offset-store.js';
import type { WorkerSourceTask } from '../../../src/runtime/source/worker-source-task.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { readTopic, readTopicUntil, runConnector, sourceLog, startWorker } from './runtime-fixtures.js';

describe('WorkerSourceTask', () => {
  const broker = withBroker();
  const bootstrap = () => `127.0.0.1:${broker().port}`;

  it('polls → transforms → JsonConverter → Kafka, commits acked offsets, resumes after restart without duplicates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-src-'));
    const offsetsFile = join(dir, 'connect.offsets');
    const config = {
      'connector.class': 'test.CounterSource',
      topic: 'src-json',
      count: '40',
      batch: '7',
      transforms: 'tag',
      'transforms.tag.type': 'test.AddTag',
      'transforms.tag.tag': 'hello',
      // long interval: only the graceful stop commits
      'offset.flush.interval.ms': '600000',
    };
    const w1 = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '600000' }, new FileOffsetStore(offsetsFile));
    await runConnector(w1.worker, 'counter', config);
    expect(w1.worker.taskState({ connector: 'counter', task: 0 })?.state).toBe('RUNNING');
    const first = await readTopic(bootstrap(), 'src-json', 40);
    expect(first).toHaveLength(40);
    expect(JSON.parse(first[0]!.value!.toString())).toEqual({ n: 0, bad: false, tag: 'hello' });
    expect(first[3]!.key!.toString()).toBe('k3');
    await waitFor(() => sourceLog.get('counter')!.committed.length === 40, 'commitRecord for every record');
    expect(sourceLog.get('counter')!.committed.every((n) => n !== null)).toBe(true);

    await w1.worker.stop(); // graceful: final offset commit
    const stored = JSON.parse(await readFile(offsetsFile, 'utf8'));
    expect(stored.offsets).toEqual({ '["counter",{"counter":"counter"}]': '{"n":39}' });
    expect(w1.statuses.filter((s) => s.task === 0).map((s) => s.state)).toEqual(['RUNNING', 'UNASSIGNED']);

    const w2 = await startWorker(bootstrap(), {}, new FileOffsetStore(offsetsFile));
    await runConnector(w2.worker, 'counter', { ...config, count: '55' });
    const all = await readTopic(bootstrap(), 'src-json', 55);
    const ns = all.map((m) => JSON.parse(m.value!.toString()).n as number).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 55 }, (_, i) => i)); // every record once
    await w2.worker.stop();
  });

  it('commits offsets periodically (offset.flush.interval.ms) while running', async () => {
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '50' });
    await runConnector(w.worker, 'periodic', { 'connector.class': 'test.CounterSource', topic: 'src-periodic', count: '20', batch: '5' });
    await waitFor(async () => (await w.worker.sourceOffsets('periodic'))[0]?.offset?.['n'] === 19, 'periodic commit of offset 19');
    expect(sourceLog.get('periodic')!.commits).toBeGreaterThan(0);
    await w.worker.stop();
  });

  it('with several produce requests in flight (producer.override.max.in.flight…=3) offsets still end at the last record', async () => {
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '50' });
    await runConnector(w.worker, 'parallel', {
      'connector.class': 'test.CounterSource',
      topic: 'src-parallel',
      count: '3000',
      batch: '50',
      'producer.override.max.in.flight.requests.per.connection': '3',
    });
    const got = await readTopic(bootstrap(), 'src-parallel', 3000);
    expect(new Set(got.map((m) => JSON.parse(m.value!.toString()).n)).size).toBe(3000);
    await waitFor(async () => (await w.worker.sourceOffsets('parallel'))[0]?.offset?.['n'] === 2999, 'offset 2999');
    await w.worker.stop();
  });

  it('splits pending records over several produce requests when they pass the request size cap, losing none', async () => {
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '50' });
    // 2,000 records of ~8 KB polled 200 at a time: 1.6 MB per poll against the 512 KiB request cap
    await runConnector(w.worker, 'big', {
      'connector.class': 'test.CounterSource', topic: 'src-big', count: '2000', batch: '200',
      transforms: 'pad', 'transforms.pad.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.pad.static.field': 'pad', 'transforms.pad.static.value': 'x'.repeat(8000),
    });
    const got = await readTopic(bootstrap(), 'src-big', 2000);
    expect(new Set(got.map((m) => JSON.parse(m.value!.toString()).n)).size).toBe(2000);
    expect(got.every((m) => m.value!.length > 8000)).toBe(true);
    await waitFor(async () => (await w.worker.sourceOffsets('big'))[0]?.offset?.['n'] === 1999, 'offset 1999');
    await w.worker.stop();
  });

  it('sends a poll of 12,000 records as requests of 1,000 in order, none lost or repeated (the pending queue advances by index)', async () => {
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '50', 'source.max.in.flight.records': '20000' });
    await runConnector(w.worker, 'many', { 'connector.class': 'test.CounterSource', topic: 'src-many', count: '12000', batch: '12000' });
    const got = await readTopic(bootstrap(), 'src-many', 12000);
    // one partition: Kafka's order is the poll's order
    expect(got.map((m) => JSON.parse(m.value!.toString()).n)).toEqual(Array.from({ length: 12000 }, (_, i) => i));
    await waitFor(async () => (await w.worker.sourceOffsets('many'))[0]?.offset?.['n'] === 11999, 'offset 11999');
    await w.worker.stop();
  });

  it('sizes requests by compressed bytes: 8 KB records that lz4 shrinks go 1,000 to a request, not 120', async () => {
    const run = async (name: string, extra: Record<string, string>) => {
      const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '50', ...extra });
      await runConnector(w.worker, name, {
        'connector.class': 'test.CounterSource', topic: `src-${name}`, count: '3000', batch: '3000',
        transforms: 'pad', 'transforms.pad.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
        'transforms.pad.static.field': 'pad', 'transforms.pad.static.value': 'x'.repeat(8000),
      });
      const task = w.worker.task({ connector: name, task: 0 }) as WorkerSourceTask;
      await waitFor(() => task.stats.written === 3000, 'all 3000 written', 30_000);
      const requests = task.stats.requests;
      const got = await readTopic(bootstrap(), `src-${name}`, 3000);
      expect(got.map((m) => JSON.parse(m.value!.toString()).n)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      await w.worker.stop();
      return requests;
    };
    // uncompressed, the 1 MB cap holds about 120 of them; with lz4 (≈ 100× smaller) the 1,000-record cap
    // rules after the first request, whose size is still guessed without a ratio
    expect(await run('plain', {})).toBeGreaterThanOrEqual(3000 / 125);
    expect(await run('lz4', { 'producer.compression.type': 'lz4' })).toBeLessThanOrEqual(6);
  });

  it('stops polling while PAUSED (commits go on) and resumes on RUNNING', async () => {
    const w = await startWorker(bootstrap(), { 'offset.flush.interval.ms': '30' });
    await runConnector(w.worker, 'pausable', { 'connector.class': 'test.CounterSource', topic: 'src-pause', count: '5' });
    const log = () => sourceLog.get('pausable')!;
    await waitFor(() => sourceLog.has('pausable') && log().polls > 3, 'polling');
    await w.worker.pauseConnector('pausable');
    expect(w.worker.taskState({ connector: 'pausable', task: 0 })?.state).toBe('PAUSED');
    const polls = log().polls;
    const commits = log().commits;
    await waitFor(() => log().commits >= commits + 3, 'commit cycles while paused');
    expect(log().polls - polls).toBeLessThanOrEqual(1); // at most the poll that was already running
    await w.worker.resumeConnector('pausable');
    await waitFor(() => log().polls > polls + 3, 'polling again');
    expect(w.worker.taskState({ connector: 'pausable', task: 0 })?.state).toBe('RUNNING');
    await w.worker.stop();
  });

  it('creates the target topic per topic.creation.* (KIP-158)', async () => {
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'creator', {
      'connector.class': 'test.CounterSource',
      topic: 'src-created',
      count: '3',
      'topic.creation.default.replication.factor': '1',
      'topic.creation.default.partitions': '4',
    });
    const task = w.worker.task({ connector: 'creator', task: 0 }) as WorkerSourceTask;
    await waitFor(() => task.stats.written === 3, 'records written'); // before any reader could auto-create it
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers: [bootstrap()], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const md = await admin.fetchTopicMetadata({ topics: ['src-created'] });
    await admin.disconnect();
    expect(md.topics[0]!.partitions).toHaveLength(4);
    await w.worker.stop();
  });

  it('source-side DLQ (Tributary extension): a record failing in an SMT goes to the DLQ, the rest to the topic', async () => {
    const w = await startWorker(bootstrap());
    await runConnector(w.worker, 'src-dlq', {
      'connector.class': 'test.CounterSource',
      topic: 'src-dlq-out',
      count: '20',
      transforms: 'tag',
      'transforms.tag.type': 'test.AddTag',
      'transforms.tag.tag': 'explode-on-bad',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'src-dlq-dead',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const good = await readTopic(bootstrap(), 'src-dlq-out', 18);
    expect(good).toHaveLength(18);
    const dead = await readTopic(bootstrap(), 'src-dlq-dead', 2);
    expect(dead.map((m) => JSON.parse(m.value!.toString()).value.n).sort()).toEqual([17, 7]);
    expect(dead[0]!.headers!['__connect.errors.stage']!.toString()).toBe('TRANSFORMATION');
    expect(dead[0]!.headers!['__connect.errors.class.name']!.toString()).toBe('test.AddTag');
    // offsets of the skipped records are committed too (dropped = done)
    await waitFor(async () => (await w.worker.sourceOffsets('src-dlq'))[0]?.offset?.['n'] === 19, 'offset 19 committed');
    await w.worker.stop();
  });

  it('bounds in-flight records when Kafka does not acknowledge (backpressure) and catches up after', async () => {
    const { startTestBroker } = await import('../../support/broker.js');
    const { createSlowProxy } = await import('./slow-proxy.js');
    const proxy = await createSlowProxy();
    const slow = await startTestBroker({ advertisedHost: '127.0.0.1', advertisedPort: proxy.port });
    proxy.target(slow.port);
    try {
      const bs = `127.0.0.1:${proxy.port}`;
      const w = await startWorker(bs, { 'source.max.in.flight.records': '100' });
      await runConnector(w.worker, 'fast', { 'connector.class': 'test.CounterSource', topic: 'src-bp', count: '3000', batch: '30' });
      const task = w.worker.task({ connector: 'fast', task: 0 }) as WorkerSourceTask;
      await waitFor(() => task.stats.written > 0, 'first acks');
      proxy.hold(); // the broker's responses stop reaching the worker
      await waitFor(() => task.inFlight >= 100, 'in-flight reaching the cap');
      const polled = task.stats.polled;
      const polls = sourceLog.get('fast')!.polls;
      // the loop is now parked on acks: it must not poll more however long Kafka stays silent
      await waitFor(() => proxy.heldBytes > 0, 'held responses');
      expect(task.stats.polled).toBe(polled);
      expect(sourceLog.get('fast')!.polls).toBe(polls);
      expect(task.inFlight).toBeLessThan(100 + 30);
      // periodic commits go on, but never past the last record Kafka acknowledged
      const cycles = sourceLog.get('fast')!.commits;
      await waitFor(() => sourceLog.get('fast')!.commits >= cycles + 2, 'two more commit cycles');
      const committed = (await w.worker.sourceOffsets('fast'))[0]?.offset?.['n'];
      expect(committed).toBe(task.stats.written - 1);
      proxy.release();
      await waitFor(() => task.stats.written === 3000, 'all 3000 written', 30_000);
      expect(task.stats.maxInFlightSeen).toBeLessThan(100 + 30);
      await w.worker.stop();
    } finally {
      await slow.close();
      await proxy.close();
    }
  });

  it('rides out a broker restart: sends are retried (delivery.timeout.ms forever), nothing is lost, the task stays RUNNING', async () => {
    const { startTestBroker } = await import('../../support/broker.js');
    let b = await startTestBroker({ persistent: true });
    const port = b.port;
    const dataDir = b.dataDir!;
    const bs = `127.0.0.1:${port}`;
    const w = await startWorker(bs, { 'producer.retries': '1', 'producer.retry.backoff.ms': '50', 'producer.request.timeout.ms': '2000', 'source.max.in.flight.records': '200' });
    try {
      // an endless source, so sends are under way when the broker goes away
      await runConnector(w.worker, 'survivor', { 'connector.class': 'test.CounterSource', topic: 'src-survive', count: '100000000', batch: '5' });
      const task = w.worker.task({ connector: 'survivor', task: 0 }) as WorkerSourceTask;
      await waitFor(() => task.stats.written > 100, 'some records written');
      await b.close();
      await waitFor(() => task.stats.sendRetries > 0, 'a failed send being retried', 40_000);
      b = await startTestBroker({ port, dataDir });
      const before = task.stats.written;
      await waitFor(() => task.stats.written > before + 500, 'writing again after the restart', 60_000);
      expect(w.worker.taskState({ connector: 'survivor', task: 0 })?.state).toBe('RUNNING');
      await w.worker.stop();
      const last = (await w.worker.sourceOffsets('survivor'))[0]!.offset!['n'] as number;
      expect(last).toBeGreaterThan(before);
      // duplicates are allowed (a send retried after the broker wrote it), gaps are not
      const seen = new Set<number>();
      await readTopicUntil(bs, 'src-survive', (msgs) => {
        const n = JSON.parse(msgs[msgs.length - 1]!.value!.toString()).n as number;
        if (n <= last) seen.add(n);
        return seen.size === last + 1;
      });
      for (let n = 0; n <= last; n++) if (!seen.has(n)) throw new Error(`record ${n} (≤ committed offset ${last}) is missing`);
    } finally {
      await b.close();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
