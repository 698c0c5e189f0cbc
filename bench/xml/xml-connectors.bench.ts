// XmlSource and XmlSink task throughput beside plain-tool baselines on the same data:
//   source: XmlSourceTask.poll() over one big file (split into records, schemaless values) vs
//           readFile + fast-xml-parser's XMLParser.parse of the whole file (holds it all in memory);
//   sink:   XmlSinkTask.put() + preCommit in batch mode (1000 records per file) vs
//           fast-xml-parser's XMLBuilder.build of the same values + writeFile, 1000 per file.
// Run: node bin/run-ts.js bench/xml/xml-connectors.bench.ts [records]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile as writeFileAsync } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { silentLogger, sinkRecord, type SinkRecord } from '../../src/api/index.js';
import { XmlSinkTask } from '../../connectors/xml/xml-sink-task.js';
import { XmlSourceTask } from '../../connectors/xml/xml-source-task.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'xml-conn-bench-'));
const inDir = join(dir, 'in');
const outDir = join(dir, 'out');
const baseOut = join(dir, 'base');
for (const d of [inDir, outDir, baseOut]) (await import('node:fs')).mkdirSync(d);

let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n';
for (let i = 0; i < RECORDS; i++) xml += `<order id="${i}"><customer>Customer ${i}</customer><qty>${i % 9}</qty><sku>SKU-${i % 1000}</sku></order>\n`;
xml += '</orders>\n';
writeFileSync(join(inDir, 'orders.xml'), xml);
const fileBytes = Buffer.byteLength(xml);

async function timed(fn: () => Promise<number>): Promise<{ n: number; s: number }> {
  const t0 = process.hrtime.bigint();
  const n = await fn();
  return { n, s: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const store = new Map<string, string>();
const source = await timed(async () => {
  const props = { topic: 't', 'input.path': inDir, 'xml.record.path': 'orders/order', 'batch.size': '2000', 'poll.interval.ms': '1' };
  const task = new XmlSourceTask();
  task.initialize({
    configs: () => props,
    offsetStorageReader: { offset: async (p) => (store.has(JSON.stringify(p)) ? JSON.parse(store.get(JSON.stringify(p))!) : null), offsets: async () => new Map() },
    transactionContext: () => null,
    log: silentLogger,
  });
  task.start(props);
  let n = 0;
  for (;;) {
    const batch = await task.poll();
    if (batch === null) break;
    n += batch.length;
  }
  await task.stop();
  return n;
});
const sourceBase = await timed(async () => {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(inDir, 'orders.xml'), 'utf8')) as { orders: { order: unknown[] } };
  return parsed.orders.order.length;
});

const values = Array.from({ length: RECORDS }, (_, i) => ({ id: i, customer: `Customer ${i}`, qty: i % 9, sku: `SKU-${i % 1000}` }));
const records: SinkRecord[] = values.map((value, i) => sinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: i, value }));
const sink = await timed(async () => {
  const task = new XmlSinkTask();
  const props = { 'output.path': outDir, 'flush.size': '1000', 'batch.root.element.name': 'orders', 'root.element.name': 'order' };
  task.initialize({
    configs: () => props, offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
    requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
  });
  await task.start(props);
  for (let at = 0; at < records.length; at += 2000) await task.put(records.slice(at, at + 2000));
  await task.preCommit([{ topic: 'orders', partition: 0, offset: RECORDS }]);
  await task.stop();
  return RECORDS;
});
const sinkBase = await timed(async () => {
  const builder = new XMLBuilder({});
  for (let at = 0; at < values.length; at += 1000) {
    await writeFileAsync(join(baseOut, `b${at}.xml`), '<?xml version="1.0" encoding="UTF-8"?>' + builder.build({ orders: { order: values.slice(at, at + 1000) } }));
  }
  return RECORDS;
});

rmSync(dir, { recursive: true, force: true });
if (source.n !== RECORDS || sourceBase.n !== RECORDS) throw new Error(`record counts differ: source ${source.n}, baseline ${sourceBase.n}, expected ${RECORDS}`);
const row = (name: string, r: { n: number; s: number }, bytes: number) =>
  console.log(`| ${name} | ${Math.round(r.n / r.s).toLocaleString('en-US')} | ${(bytes / 1048576 / r.s).toFixed(1)} |`);
console.log(`${RECORDS} order records, one ${(fileBytes / 1048576).toFixed(1)} MB document in\n`);
console.log('| case | records/s | MB/s (of the input document) |');
console.log('|---|---:|---:|');
row('XmlSourceTask.poll (saxes splitter, constant memory)', source, fileBytes);
row('baseline: readFile + XMLParser.parse (whole document in memory)', sourceBase, fileBytes);
row('XmlSinkTask.put, batch files of 1000 (fsync each)', sink, fileBytes);
row('baseline: XMLBuilder.build + writeFile, 1000 per file (no fsync)', sinkBase, fileBytes);
