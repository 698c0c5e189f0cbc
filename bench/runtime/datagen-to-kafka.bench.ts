// datagen → JsonConverter → Kafka through a standalone worker, beside a raw kafkajs producer sending the same
// records pre-serialized (the converter's bytes, computed before the clock starts), batches of 1000 with up to
// 5 requests in flight. Broker: `tributary broker` in its own process.
// Run: node bin/run-ts.js bench/runtime/datagen-to-kafka.bench.ts [records]
import { DatagenTask } from '../../connectors/datagen/datagen-task.js';
import { silentLogger, type SourceRecord } from '../../src/api/index.js';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import { MemoryOffsetStore } from '../../src/storage/memory-offset-store.js';
import { StoreOffsetReader } from '../../src/storage/store-offset-reader.js';
import type { Converter } from '../../src/api/converter.js';
import { createTopic, highWatermark, kafkaClient, rate, startBenchWorker, startBrokerProcess, until } from './support/bench-kit.js';

const N = Number(process.argv[2] ?? 200_000);
const datagen = { 'kafka.topic': '', quickstart: 'orders', 'max.interval': '0', iterations: String(N), 'random.seed': '7', 'batch.size': '1000' };
const broker = await startBrokerProcess();
try {
  console.log(`datagen (orders) → JsonConverter (schemas.enable=true) → Kafka, ${N.toLocaleString('en-US')} records`);
  const admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();

  // Baseline input: the very records datagen makes, serialized by the same converter, before timing.
  const task = new DatagenTask();
  task.initialize({ configs: () => datagen, offsetStorageReader: new StoreOffsetReader(new MemoryOffsetStore(), 'x'), transactionContext: () => null, log: silentLogger });
  await task.start({ ...datagen, 'kafka.topic': 'baseline' });
  const plugins = await loadPlugins();
  const conv = plugins.resolve('JsonConverter', ['converter']).create() as Converter;
  conv.configure({ 'schemas.enable': 'true' }, false);
  const keyConv = plugins.resolve('JsonConverter', ['converter']).create() as Converter;
  keyConv.configure({ 'schemas.enable': 'true' }, true);
  const messages: { key: Buffer; value: Buffer }[] = [];
  while (messages.length < N) {
    for (const r of ((await task.poll()) ?? []) as SourceRecord[]) {
      messages.push({ key: Buffer.from(keyConv.fromConnectData('baseline', undefined, r.keySchema, r.key)!), value: Buffer.from(conv.fromConnectData('baseline', undefined, r.valueSchema, r.value)!) });
    }
  }
  task.stop();

  for (let round = 1; round <= 2; round++) {
    const rawTopic = `raw-${round}`;
    const dgTopic = `datagen-${round}`;
    await createTopic(broker.bootstrap, rawTopic);
    await createTopic(broker.bootstrap, dgTopic);

    const producer = kafkaClient(broker.bootstrap).producer();
    await producer.connect();
    let t0 = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < N; i += 1000) {
      const p = producer.send({ topic: rawTopic, acks: -1, messages: messages.slice(i, i + 1000) });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= 5) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const rawMs = performance.now() - t0;
    await producer.disconnect();

    const worker = await startBenchWorker(broker.bootstrap, {
      'key.converter': 'JsonConverter', 'value.converter': 'JsonConverter',
      'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true',
    });
    t0 = performance.now();
    await worker.herder.putConnectorConfig('dg', { name: 'dg', 'connector.class': 'DatagenConnector', ...datagen, 'kafka.topic': dgTopic }, { allowReplace: false });
    const dgMs = await until(async () => (await highWatermark(admin, dgTopic)) >= N, t0);
    await worker.stop();

    console.log(`round ${round}`);
    console.log(`  raw kafkajs producer (pre-serialized)  ${rate(N, rawMs)}`);
    console.log(`  datagen → worker → Kafka               ${rate(N, dgMs)}`);
    console.log(`  ratio worker / baseline                ${(rawMs / dgMs).toFixed(2)}`);
  }
  await admin.disconnect();
} finally {
  await broker.close();
}
