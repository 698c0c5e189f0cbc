/**
 * The XML plugins in a real worker process (standalone) against the embedded broker:
 * - XmlSource → Kafka (JsonConverter with schemas, XSD-typed) → XmlSink: the written XML holds the input orders;
 * - raw XML messages (some malformed) → XmlSink through XmlConverter (IBM class name) with errors.tolerance=all:
 *   good documents are written, malformed ones land in the DLQ with the parser's line/column in the headers.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XmlCodec } from '../../../../converters/xml/xml-codec.js';
import { xmlFormatConfigDef } from '../../../../converters/xml/xml-config.js';
import { startTestBroker, waitFor, type TestBroker } from '../../../support/broker.js';
import { startWorkerProcess, writeProperties, type WorkerProcess } from '../../../e2e/support/worker-process.js';

let broker: TestBroker;
let dir: string;
let worker: WorkerProcess | undefined;

const XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="order"><xs:complexType><xs:sequence>
<xs:element name="sku" type="xs:string"/><xs:element name="qty" type="xs:int"/><xs:element name="tag" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence><xs:attribute name="id" type="xs:long" use="required"/></xs:complexType></xs:element></xs:schema>`;

const ORDERS = 50;
function ordersFile(from: number, to: number): string {
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n';
  for (let i = from; i < to; i++) s += `<order id="${9_007_199_254_740_000 + i}"><sku>S-${i} &amp; é</sku><qty>${i}</qty>${i % 2 ? '<tag>odd</tag>' : ''}</order>\n`;
  return s + '</orders>\n';
}

beforeAll(async () => {
  broker = await startTestBroker();
  dir = await mkdtemp(join(tmpdir(), 'xml-pipeline-'));
}, 60_000);
afterAll(async () => {
  if (worker !== undefined && worker.child.exitCode === null) worker.kill('SIGKILL');
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

const structural = new XmlCodec(xmlFormatConfigDef.parse({ 'schemas.enable': false, 'xml.infer.types': false, 'xml.attribute.prefix': '@' }));

async function xmlFiles(path: string): Promise<string[]> {
  const names = (await readdir(path).catch(() => [] as string[])).filter((n) => n.endsWith('.xml')).sort();
  return Promise.all(names.map((n) => readFile(join(path, n), 'utf8')));
}

describe('XML plugins in a standalone worker', () => {
  it('XML files → Kafka (JSON) → XML files, and malformed messages → DLQ while good ones flow', async () => {
    const input = join(dir, 'in');
    const ordersOut = join(dir, 'orders-out');
    const rawOut = join(dir, 'raw-out');
    await mkdir(input);
    await writeFile(join(dir, 'order.xsd'), XSD);
    await writeFile(join(input, 'a.xml'), ordersFile(0, 30));
    await writeFile(join(input, 'b.xml'), ordersFile(30, ORDERS));

    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'xml-raw', numPartitions: 1 }, { topic: 'orders-json', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const raw = Array.from({ length: 20 }, (_, i) => (i % 7 === 3 ? `<msg n="${i}"><body>broken</msg>` : `<msg n="${i}"><body>ok ${i}</body></msg>`));
    await producer.send({ topic: 'xml-raw', messages: raw.map((value) => ({ value })) });
    await producer.disconnect();

    const workerProps = await writeProperties(join(dir, 'worker.properties'), {
      'bootstrap.servers': broker.bootstrap,
      'offset.storage.file.filename': join(dir, 'offsets'),
      'offset.flush.interval.ms': '200',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'consumer.session.timeout.ms': '6000',
      'consumer.heartbeat.interval.ms': '500',
      listeners: 'http://127.0.0.1:0',
    });
    const source = await writeProperties(join(dir, 'source.properties'), {
      name: 'xml-source', 'connector.class': 'XmlSource', topic: 'orders-json', 'input.path': input,
      'xml.record.path': 'orders/order', 'xsd.schema.path': join(dir, 'order.xsd'),
    });
    const ordersSink = await writeProperties(join(dir, 'orders-sink.properties'), {
      name: 'orders-sink', 'connector.class': 'io.tributary.connect.xml.XmlSinkConnector', topics: 'orders-json',
      'output.path': ordersOut, 'flush.size': '10', 'rotate.interval.ms': '500', 'batch.root.element.name': 'orders',
    });
    const rawSink = await writeProperties(join(dir, 'raw-sink.properties'), {
      name: 'raw-sink', 'connector.class': 'XmlSink', topics: 'xml-raw', 'output.path': rawOut, 'file.mode': 'record',
      'value.converter': 'com.ibm.eventstreams.kafkaconnect.plugins.xml.XmlConverter', 'value.converter.root.element.name': 'msg',
      // The same prefix on both sides makes attributes round-trip (the sink writes with its own format keys).
      'value.converter.xml.attribute.prefix': '@', 'xml.attribute.prefix': '@', 'root.element.name': 'msg',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'xml-dlq', 'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    worker = await startWorkerProcess(['standalone', workerProps, source, ordersSink, rawSink], { timeoutMs: 60_000 });

    // Orders: every input order comes back as XML, typed values intact (ids beyond 2^53 exact).
    const readOrders = async () => (await xmlFiles(ordersOut)).flatMap((x) => [(structural.read(x).value as { order: unknown }).order].flat());
    await waitFor(async () => (await readOrders()).length >= ORDERS, 'all orders written as XML', 60_000);
    const expected = (structural.read(ordersFile(0, 30)).value as { order: unknown[] }).order
      .concat((structural.read(ordersFile(30, ORDERS)).value as { order: unknown[] }).order);
    expect(await readOrders()).toEqual(expected);

    // Raw XML: the 17 well-formed messages are written; the 3 malformed ones are in the DLQ with context.
    const good = raw.filter((_, i) => i % 7 !== 3);
    await waitFor(async () => (await xmlFiles(rawOut)).length >= good.length, 'good raw messages written', 60_000);
    expect((await xmlFiles(rawOut)).map((x) => structural.read(x).value)).toEqual(good.map((x) => structural.read(x).value));

    const dlq: { value: string; headers: Record<string, string> }[] = [];
    const consumer = kafka.consumer({ groupId: 'xml-dlq-check' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'xml-dlq', fromBeginning: true });
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        dlq.push({ value: message.value!.toString(), headers });
      },
    });
    await waitFor(() => dlq.length >= 3, 'three malformed messages in the DLQ', 60_000);
    await consumer.disconnect();
    expect(dlq.map((m) => m.value)).toEqual(raw.filter((_, i) => i % 7 === 3));
    for (const m of dlq) {
      expect(m.headers['__connect.errors.stage']).toBe('VALUE_CONVERTER');
      expect(m.headers['__connect.errors.exception.message']).toMatch(/malformed XML: .*line 1, column \d+/);
    }

    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 180_000);
});
