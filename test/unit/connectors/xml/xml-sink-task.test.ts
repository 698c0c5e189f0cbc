import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError, SchemaBuilder, Schemas, sinkRecord, type SinkRecord } from '../../../../src/api/index.js';
import { XmlCodec } from '../../../../converters/xml/xml-codec.js';
import { xmlFormatConfigDef } from '../../../../converters/xml/xml-config.js';
import { pollUntil, startSink, startSource, tempDir } from './xml-connector-kit.js';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const order = SchemaBuilder.struct().name('order').field('id', Schemas.INT32).field('sku', Schemas.STRING).build();
const rec = (offset: number, value: unknown, partition = 0, valueSchema: typeof order | null = order): SinkRecord =>
  sinkRecord({ topic: 'orders', kafkaPartition: partition, kafkaOffset: offset, valueSchema, value });
const files = async () => (await readdir(dir.path)).sort();
const structure = (xml: string) =>
  new XmlCodec(xmlFormatConfigDef.parse({ 'schemas.enable': false, 'xml.infer.types': false })).read(xml).value;

describe('XmlSinkTask', () => {
  it('file.mode=record writes one document per record, named <topic>+<partition>+<offset>.xml', async () => {
    const task = await startSink({ 'output.path': dir.path, 'file.mode': 'record' });
    await task.put([rec(5, { id: 1, sku: 'a' }), rec(6, '<note>raw XML is written as is</note>', 0, null)]);
    expect(await files()).toEqual(['orders+0+0000000005.xml', 'orders+0+0000000006.xml']);
    expect(await readFile(join(dir.path, 'orders+0+0000000005.xml'), 'utf8')).toBe('<?xml version="1.0" encoding="UTF-8"?><order><id>1</id><sku>a</sku></order>');
    expect(await readFile(join(dir.path, 'orders+0+0000000006.xml'), 'utf8')).toBe('<?xml version="1.0" encoding="UTF-8"?><note>raw XML is written as is</note>');
    const offsets = [{ topic: 'orders', partition: 0, offset: 7 }];
    expect(await task.preCommit(offsets)).toEqual(offsets);
    await task.stop();
  });

  it('writes XML bytes in another declared encoding as UTF-8 with a UTF-8 declaration', async () => {
    const task = await startSink({ 'output.path': dir.path, 'file.mode': 'record' });
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><n>'), Buffer.from([0x5a, 0x6f, 0xeb]), Buffer.from('</n>')]);
    await task.put([rec(1, latin1, 0, null)]);
    expect(await readFile(join(dir.path, 'orders+0+0000000001.xml'), 'utf8')).toBe('<?xml version="1.0" encoding="UTF-8"?><n>Zoë</n>');
    await task.stop();
  });

  it('file.mode=batch writes flush.size records per file and commits only up to the open batch', async () => {
    const task = await startSink({ 'output.path': dir.path, 'flush.size': '2', 'rotate.interval.ms': '3600000' });
    await task.put([rec(10, { id: 1, sku: 'a' }), rec(11, { id: 2, sku: 'b' }), rec(12, { id: 3, sku: 'c' }), rec(0, { id: 9, sku: 'z' }, 1)]);
    expect(await files()).toEqual(['orders+0+0000000010.xml']);
    expect(structure(await readFile(join(dir.path, 'orders+0+0000000010.xml'), 'utf8'))).toEqual({ order: [{ id: '1', sku: 'a' }, { id: '2', sku: 'b' }] });
    const committed = await task.preCommit([{ topic: 'orders', partition: 0, offset: 13 }, { topic: 'orders', partition: 1, offset: 1 }]);
    expect(committed).toEqual([{ topic: 'orders', partition: 0, offset: 12 }, { topic: 'orders', partition: 1, offset: 0 }]);
    await task.stop();
  });

  it('rotates a batch after rotate.interval.ms at the next commit, so idle partitions are written too', async () => {
    const task = await startSink({ 'output.path': dir.path, 'flush.size': '100', 'rotate.interval.ms': '30' });
    await task.put([rec(3, { id: 1, sku: 'a' })]);
    const deadline = Date.now() + 5000;
    let committed = await task.preCommit([{ topic: 'orders', partition: 0, offset: 4 }]);
    while (committed[0]!.offset !== 4 && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      committed = await task.preCommit([{ topic: 'orders', partition: 0, offset: 4 }]);
    }
    expect(committed).toEqual([{ topic: 'orders', partition: 0, offset: 4 }]);
    expect(await files()).toEqual(['orders+0+0000000003.xml']);
    await task.stop();
  });

  it('a redelivered batch replaces its file (same name), and closed partitions drop their open batch', async () => {
    const task = await startSink({ 'output.path': dir.path, 'flush.size': '2' });
    await task.put([rec(0, { id: 1, sku: 'a' })]);
    task.close([{ topic: 'orders', partition: 0 }]);
    expect(await task.preCommit([{ topic: 'orders', partition: 0, offset: 1 }])).toEqual([{ topic: 'orders', partition: 0, offset: 1 }]);
    await writeFile(join(dir.path, 'orders+0+0000000000.xml'), 'stale');
    await task.put([rec(0, { id: 1, sku: 'a' }), rec(1, { id: 2, sku: 'b' })]);
    expect(structure(await readFile(join(dir.path, 'orders+0+0000000000.xml'), 'utf8'))).toEqual({ order: [{ id: '1', sku: 'a' }, { id: '2', sku: 'b' }] });
    expect((await files()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await task.stop();
  });

  it('ignores tombstones by default, fails on them when asked, and reports unwritable values to the DLQ', async () => {
    const reported: [number, string][] = [];
    const task = await startSink({ 'output.path': dir.path, 'file.mode': 'record' }, async (r, e) => void reported.push([r.kafkaOffset, e.message]));
    await task.put([rec(1, null), rec(2, { bad: 'bell\u0007' }, 0, null), rec(3, { id: 3, sku: 'ok' })]);
    expect(await files()).toEqual(['orders+0+0000000003.xml']);
    expect(reported).toEqual([[2, expect.stringMatching(/orders-0@2 cannot be written as XML: character U\+0007/)]]);
    const strict = await startSink({ 'output.path': dir.path, 'behavior.on.null.values': 'fail' });
    await expect(strict.put([rec(1, null)])).rejects.toThrow(DataError);
  });

  it('batch files read back through XmlSource with xml.record.path=records/*', async () => {
    const sink = await startSink({ 'output.path': dir.path, 'flush.size': '3' });
    await sink.put([rec(0, { id: 1, sku: 'é&<' }), rec(1, { id: 2, sku: '東京' }), rec(2, { id: 3, sku: 'c' })]);
    const source = await startSource({ topic: 't', 'input.path': dir.path, 'xml.record.path': 'records/*' });
    const back = await pollUntil(source, 3);
    expect(back.map((r) => r.value)).toEqual([{ id: 1, sku: 'é&<' }, { id: 2, sku: '東京' }, { id: 3, sku: 'c' }]);
    await source.stop();
  });
});
