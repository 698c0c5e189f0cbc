import { utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectError } from '../../../../src/api/index.js';
import { XmlSourceConnector } from '../../../../connectors/xml/index.js';
import { MemoryOffsetStore } from '../../../../src/storage/memory-offset-store.js';
import { commit, pollUntil, recordingLogger, startSource, tempDir } from './xml-connector-kit.js';

const FIXTURES = new URL('../../converters/xml/fixtures/', import.meta.url).pathname;

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const orders = (from: number, to: number) => {
  let s = '<?xml version="1.0"?>\n<orders batch="b1">\n';
  for (let i = from; i <= to; i++) s += `  <order id="${i}"><sku>S-${i}</sku><qty>${i % 7}</qty></order>\n`;
  return s + '</orders>\n';
};

describe('XmlSourceTask', () => {
  it('emits one record per element at xml.record.path, with {file} partitions and {record, done} offsets', async () => {
    const file = join(dir.path, 'a.xml');
    await writeFile(file, orders(1, 3));
    const task = await startSource({ topic: 'orders', 'input.path': dir.path, 'xml.record.path': 'orders/order' });
    const records = await pollUntil(task, 3);
    expect(records.map((r) => r.value)).toEqual([
      { id: 1, sku: 'S-1', qty: 1 }, { id: 2, sku: 'S-2', qty: 2 }, { id: 3, sku: 'S-3', qty: 3 },
    ]);
    expect(records.map((r) => [r.topic, r.sourcePartition, r.sourceOffset])).toEqual([
      ['orders', { file }, { record: 1, done: false }],
      ['orders', { file }, { record: 2, done: false }],
      ['orders', { file }, { record: 3, done: true }],
    ]);
    expect(await task.poll()).toBeNull();
    await task.stop();
  });

  it('reads files in name order, picks up new ones, and ignores names that do not match input.file.pattern', async () => {
    await writeFile(join(dir.path, 'b.xml'), orders(3, 3));
    await writeFile(join(dir.path, 'a.xml'), orders(1, 2));
    await writeFile(join(dir.path, 'notes.txt'), orders(9, 9));
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order', 'batch.size': '2' });
    const first = await pollUntil(task, 3);
    expect(first.map((r) => (r.value as { id: number }).id)).toEqual([1, 2, 3]);
    await writeFile(join(dir.path, 'c.xml'), orders(4, 4));
    expect((await pollUntil(task, 1)).map((r) => (r.value as { id: number }).id)).toEqual([4]);
    await task.stop();
  });

  it('input.file.min.age.ms: a file modified too recently waits for a later scan', async () => {
    const file = join(dir.path, 'a.xml');
    await writeFile(file, '<orders><order id="1"/>'); // still being written
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order', 'input.file.min.age.ms': '60000' });
    expect(await task.poll()).toBeNull();
    await writeFile(file, orders(1, 1));
    const old = new Date(Date.now() - 120_000);
    await utimes(file, old, old);
    expect((await pollUntil(task, 1)).map((r) => (r.value as { id: number }).id)).toEqual([1]);
    await task.stop();
  });

  it('resumes exactly after the last committed record, and never re-reads a finished file', async () => {
    await writeFile(join(dir.path, 'a.xml'), orders(1, 10));
    await writeFile(join(dir.path, 'b.xml'), orders(11, 12));
    const store = new MemoryOffsetStore();
    const props = { topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order', 'batch.size': '4' };
    const first = await startSource(props, store);
    const batch = (await first.poll())!;
    expect(batch.map((r) => (r.value as { id: number }).id)).toEqual([1, 2, 3, 4]);
    await commit(store, batch.slice(0, 3)); // Kafka acknowledged 3 of the 4
    await first.stop();

    const second = await startSource(props, store);
    const rest = await pollUntil(second, 9);
    expect(rest.map((r) => (r.value as { id: number }).id)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await commit(store, rest);
    await second.stop();

    const third = await startSource(props, store);
    expect(await third.poll()).toBeNull();
    await third.stop();
  });

  it('reads a file in the encoding its XML declaration names (ISO-8859-1)', async () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><orders><order><n>'), Buffer.from([0x5a, 0x6f, 0xeb]), Buffer.from('</n></order></orders>')]);
    await writeFile(join(dir.path, 'latin1.xml'), body);
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order' });
    expect((await pollUntil(task, 1)).map((r) => r.value)).toEqual([{ n: 'Zoë' }]);
    await task.stop();
  });

  it('types records with an XSD that declares the record element', async () => {
    await writeFile(join(dir.path, 'n.xml'), '<notes><note>a</note><note>b</note></notes>');
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'notes/note', 'xsd.schema.path': join(FIXTURES, 'order.xsd') });
    const records = await pollUntil(task, 2);
    expect(records.map((r) => [r.valueSchema?.name, r.valueSchema?.type, r.value])).toEqual([['note', 'string', 'a'], ['note', 'string', 'b']]);
    await task.stop();
  });

  it('on.malformed.xml=fail: a malformed document fails the task, naming the file, line and column', async () => {
    await writeFile(join(dir.path, 'bad.xml'), '<orders>\n<order id="1"/>\n<order id="2"></orders>');
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order' });
    const err = await task.poll().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as Error).message).toMatch(/bad\.xml is not well-formed XML: .*line 3, column \d+.*on\.malformed\.xml=skip/);
    await task.stop();
  });

  it('on.malformed.xml=skip: good records before the error and in other files keep flowing; the error is logged', async () => {
    await writeFile(join(dir.path, 'a.xml'), '<orders><order id="1"/><order id="2"/><order id="3"></orders>');
    await writeFile(join(dir.path, 'b.xml'), orders(10, 11));
    const log = recordingLogger();
    const task = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order', 'on.malformed.xml': 'skip' }, undefined, log);
    const records = await pollUntil(task, 4);
    expect(records.map((r) => (r.value as { id: number }).id)).toEqual([1, 2, 10, 11]);
    expect(records[1]!.sourceOffset).toEqual({ record: 2, done: true });
    expect(log.errors).toEqual([expect.objectContaining({ file: join(dir.path, 'a.xml'), line: 1 })]);
    await task.stop();
  });

  it('spreads files over tasks by name, each file read by exactly one task', async () => {
    for (let i = 0; i < 12; i++) await writeFile(join(dir.path, `f${i}.xml`), orders(i, i));
    const connector = new XmlSourceConnector();
    connector.start({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'orders/order' });
    const configs = connector.taskConfigs(3);
    const seen: number[] = [];
    for (const c of configs) {
      const task = await startSource(c);
      for (;;) {
        const batch = await task.poll();
        if (batch === null) break;
        seen.push(...batch.map((r) => (r.value as { id: number }).id));
      }
      await task.stop();
    }
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('XmlSourceTask over HTTP', () => {
  let server: Server;
  let body = orders(1, 2);
  let etag = '"v1"';
  let url = '';
  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', etag });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders.xml`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the body as one document, skips an unchanged ETag, and reads a changed one', async () => {
    const store = new MemoryOffsetStore();
    const props = { topic: 't', 'http.url': url, 'http.poll.interval.ms': '1', 'xml.record.path': 'orders/order' };
    const task = await startSource(props, store);
    const first = await pollUntil(task, 2);
    expect(first.map((r) => [r.sourcePartition, r.sourceOffset])).toEqual([
      [{ url }, { record: 1, done: false, version: '"v1"' }],
      [{ url }, { record: 2, done: true, version: '"v1"' }],
    ]);
    await commit(store, first);
    expect(await task.poll()).toBeNull(); // same ETag
    body = orders(3, 3);
    etag = '"v2"';
    expect((await pollUntil(task, 1)).map((r) => (r.value as { id: number }).id)).toEqual([3]);
    await task.stop();
    body = orders(1, 2);
    etag = '"v1"';
  });
});

describe('XmlSourceConnector', () => {
  it('needs input.path or http.url: validate reports it on input.path, start refuses', () => {
    const c = new XmlSourceConnector();
    const values = c.validate({ topic: 't', 'xml.record.path': 'a/b' }) as { name: string; errors: string[] }[];
    expect(values.find((v) => v.name === 'input.path')!.errors).toEqual([expect.stringMatching(/needs input\.path .* or http\.url/)]);
    expect(() => c.start({ topic: 't', 'xml.record.path': 'a/b' })).toThrow(ConnectError);
    expect((c.validate({ topic: 't', 'xml.record.path': 'a/b', 'input.path': '/x' }) as { errors: string[] }[]).flatMap((v) => v.errors)).toEqual([]);
  });

  it('reports exactly-once support for directories only', () => {
    const c = new XmlSourceConnector();
    expect(c.exactlyOnceSupport({ 'input.path': '/x' })).toBe('SUPPORTED');
    expect(c.exactlyOnceSupport({ 'http.url': 'http://h/x.xml' })).toBe('UNSUPPORTED');
  });
});
