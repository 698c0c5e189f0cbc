/**
 * examples/http-source, tested as its author would with tributary/testing: the task alone against a
 * local HTTP server (resume by cursor, retriable vs fatal errors), then the package loaded by a worker
 * from plugin.path end to end.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetriableError, type SourceConnector, type SourceTask, type TaskClass } from 'tributary';
import { MapOffsetStorageReader, SourceTaskHarness, startTestCluster } from 'tributary/testing';
import { examplePackageDir, importExample } from './example-package.js';

/** A JSON feed of items 1..total; `?since=n` answers the items after n, at most 2 per page. */
let total = 5;
let failWith: number | null = null;
const requests: string[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    if (failWith !== null) {
      res.writeHead(failWith).end();
      return;
    }
    const since = Number(new URL(req.url!, 'http://x').searchParams.get('since') ?? 0);
    const items = [];
    for (let id = since + 1; id <= Math.min(total, since + 2); id++) items.push({ id, name: `item-${id}` });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(items));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

async function taskClass(): Promise<TaskClass<SourceTask>> {
  const mod = await importExample('http-source');
  return (mod.descriptors![0]!.create() as SourceConnector).taskClass();
}

const props = () => ({ 'http.url': baseUrl, topic: 'items', 'poll.interval.ms': '10' });

describe('examples/http-source: the task alone', () => {
  it('pages through the feed and a restarted task resumes after the committed cursor', async () => {
    total = 3;
    requests.length = 0;
    const offsets = new MapOffsetStorageReader();
    const first = await SourceTaskHarness.start(await taskClass(), props(), { offsets });
    await first.pollUntil(3);
    await first.stop();
    expect(first.records.map((r) => r.value)).toEqual([1, 2, 3].map((id) => ({ id, name: `item-${id}` })));
    expect(offsets.entries()).toEqual([{ partition: { url: baseUrl }, offset: { cursor: 3 } }]);

    total = 4;
    requests.length = 0;
    const second = await SourceTaskHarness.start(await taskClass(), props(), { offsets });
    await second.pollUntil(1);
    await second.stop();
    expect(requests[0]).toBe('/items?since=3');
    expect(second.records.map((r) => r.key)).toEqual(['4']);
  });

  it('throws RetriableError for 503 (the runtime retries) and a plain error for 404 (the task fails)', async () => {
    const h = await SourceTaskHarness.start(await taskClass(), props());
    try {
      failWith = 503;
      await expect(h.poll()).rejects.toBeInstanceOf(RetriableError);
      failWith = 404;
      const err = await h.poll().catch((e: unknown) => e as Error);
      expect(err).not.toBeInstanceOf(RetriableError);
      expect((err as Error).message).toMatch(/404; check http.url/);
    } finally {
      failWith = null;
      await h.stop();
    }
  });
});

describe('examples/http-source: loaded by a worker from plugin.path', () => {
  it('runs end to end and its ConfigDef validates connector configs', async () => {
    total = 5;
    const cluster = await startTestCluster({ pluginPath: [examplePackageDir('http-source')] });
    try {
      expect(cluster.plugins.find('HttpSource', ['source'])?.className).toBe('com.example.tributary.HttpSourceConnector');
      await expect(cluster.createConnector('bad', { 'connector.class': 'HttpSource', 'http.url': 'ftp://nope', topic: 'x' }))
        .rejects.toThrow(/http.url/);
      await cluster.createConnector('feed', {
        'connector.class': 'HttpSource', ...props(), topic: 'feed',
        'key.converter': 'StringConverter',
        'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
      });
      await cluster.waitForTaskState('feed', 0, 'RUNNING');
      const got = await cluster.consume('feed', {
        count: 5, keyConverter: 'StringConverter', converter: { class: 'JsonConverter', config: { 'schemas.enable': 'false' } },
      });
      expect(got.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5']);
      expect(got[4]!.value).toEqual({ id: 5, name: 'item-5' });
    } finally {
      await cluster.close();
    }
  });
});

describe('examples/http-source: README', () => {
  it('documents every key of the ConfigDef', async () => {
    const { httpSourceConfig } = (await importExample('http-source')) as unknown as { httpSourceConfig: { toMarkdown(): string } };
    const readme = readFileSync(join(examplePackageDir('http-source'), 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- config:start -->\n${httpSourceConfig.toMarkdown()}<!-- config:end -->`);
  });
});
