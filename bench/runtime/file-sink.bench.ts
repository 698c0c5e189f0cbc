// Kafka → StringConverter → FileStreamSink through a standalone worker, beside `kcat -C -e > file` reading the
// same topic. Broker: `tributary broker` in its own process.
// Run: node bin/run-ts.js bench/runtime/file-sink.bench.ts [records]
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createTopic, kafkaClient, lineCounter, rate, startBenchWorker, startBrokerProcess, tempDir, until } from './support/bench-kit.js';

const N = Number(process.argv[2] ?? 500_000);
const tmp = tempDir('bench-file-sink-');
const broker = await startBrokerProcess();
try {
  const topic = 'sink-input';
  await createTopic(broker.bootstrap, topic);
  const producer = kafkaClient(broker.bootstrap).producer();
  await producer.connect();
  for (let i = 0; i < N; i += 5000) {
    const messages = [];
    for (let j = i; j < Math.min(N, i + 5000); j++) messages.push({ value: `${j} the quick brown fox jumps over the lazy dog ${j % 997}` });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  console.log(`Kafka → StringConverter → FileStreamSink, ${N.toLocaleString('en-US')} records of ~55 bytes`);

  for (let round = 1; round <= 2; round++) {
    const kcatOut = join(tmp.dir, `kcat-${round}.txt`);
    let t0 = performance.now();
    const out = createWriteStream(kcatOut);
    const written = once(out, 'finish');
    const child = spawn('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.pipe(out);
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`kcat exited ${code}`);
    await written;
    const kcatMs = performance.now() - t0;
    if (lineCounter(kcatOut)() !== N) throw new Error('kcat did not write every record');

    // For scale: a raw kafkajs consumer (the worker's client) writing the values to a file, same group join.
    const rawOut = createWriteStream(join(tmp.dir, `kafkajs-${round}.txt`));
    const consumer = kafkaClient(broker.bootstrap).consumer({ groupId: `raw-${round}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    t0 = performance.now();
    let consumed = 0;
    let firstRaw = 0;
    await new Promise<void>((done) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          if (consumed === 0) firstRaw = performance.now();
          let text = '';
          for (const m of batch.messages) text += m.value!.toString() + '\n';
          rawOut.write(text);
          consumed += batch.messages.length;
          if (consumed >= N) done();
        },
      });
    });
    const rawMs = performance.now() - t0;
    const rawSteadyMs = performance.now() - firstRaw;
    await consumer.disconnect();
    rawOut.end();

    const sinkOut = join(tmp.dir, `sink-${round}.txt`);
    const counted = lineCounter(sinkOut);
    const worker = await startBenchWorker(broker.bootstrap, { 'value.converter': 'StringConverter', 'key.converter': 'StringConverter', 'offset.flush.interval.ms': '500' });
    t0 = performance.now();
    await worker.herder.putConnectorConfig(`sink-${round}`, {
      name: `sink-${round}`, 'connector.class': 'FileStreamSink', file: sinkOut, topics: topic,
    }, { allowReplace: false });
    let firstSink = 0;
    const sinkMs = await until(() => {
      const n = counted();
      if (n > 0 && firstSink === 0) firstSink = performance.now();
      return n >= N;
    }, t0);
    const sinkSteadyMs = performance.now() - firstSink;
    await worker.stop();

    console.log(`round ${round}`);
    console.log(`  kcat -C -e > file               ${rate(N, kcatMs)}`);
    console.log(`  raw kafkajs consumer (for scale) ${rate(N, rawMs)}  (first batch → last: ${rate(N, rawSteadyMs)})`);
    console.log(`  Kafka → FileStreamSink          ${rate(N, sinkMs)}  (first line → last: ${rate(N, sinkSteadyMs)})`);
    console.log(`  ratio worker / baseline         ${(kcatMs / sinkMs).toFixed(2)}  (both include the consumer group join; kcat -C uses no group)`);
  }
} finally {
  await broker.close();
  tmp.remove();
}
