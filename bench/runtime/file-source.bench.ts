// FileStreamSource → StringConverter → Kafka through a standalone worker, beside `kcat -P -l <file>` (librdkafka,
// one message per line) writing the same file to another topic. Broker: `tributary broker` in its own process.
// Run: node bin/run-ts.js bench/runtime/file-source.bench.ts [lines]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTopic, highWatermark, kafkaClient, rate, startBenchWorker, startBrokerProcess, tempDir, until } from './support/bench-kit.js';

const N = Number(process.argv[2] ?? 500_000);
const tmp = tempDir('bench-file-source-');
const broker = await startBrokerProcess();
try {
  const input = join(tmp.dir, 'input.txt');
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`${i} the quick brown fox jumps over the lazy dog ${i % 997}`);
  writeFileSync(input, lines.join('\n') + '\n');
  console.log(`FileStreamSource → StringConverter → Kafka, ${N.toLocaleString('en-US')} lines of ~55 bytes`);
  const admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();

  for (let round = 1; round <= 2; round++) {
    const kcatTopic = `kcat-${round}`;
    const srcTopic = `file-${round}`;
    await createTopic(broker.bootstrap, kcatTopic);
    await createTopic(broker.bootstrap, srcTopic);

    let t0 = performance.now();
    const r = spawnSync('kcat', ['-P', '-b', broker.bootstrap, '-t', kcatTopic, '-l', input, '-X', 'acks=all'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`kcat failed (${r.status})`);
    const kcatMs = performance.now() - t0;
    if ((await highWatermark(admin, kcatTopic)) !== N) throw new Error('kcat did not write every line');

    // For scale: what kafkajs itself (the worker's client) does with the same lines, no worker involved.
    const rawTopic = `kafkajs-${round}`;
    await createTopic(broker.bootstrap, rawTopic);
    const producer = kafkaClient(broker.bootstrap).producer();
    await producer.connect();
    t0 = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < N; i += 2000) {
      const p = producer.send({ topic: rawTopic, acks: -1, messages: lines.slice(i, i + 2000).map((value) => ({ value })) });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= 5) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const rawMs = performance.now() - t0;
    await producer.disconnect();

    const worker = await startBenchWorker(broker.bootstrap, { 'value.converter': 'StringConverter', 'key.converter': 'StringConverter' });
    t0 = performance.now();
    await worker.herder.putConnectorConfig('src', {
      name: 'src', 'connector.class': 'FileStreamSource', file: input, topic: srcTopic, 'batch.size': '2000',
    }, { allowReplace: false });
    const srcMs = await until(async () => (await highWatermark(admin, srcTopic)) >= N, t0);
    await worker.stop();

    console.log(`round ${round}`);
    console.log(`  kcat -P -l file                 ${rate(N, kcatMs)}`);
    console.log(`  raw kafkajs producer (for scale) ${rate(N, rawMs)}`);
    console.log(`  FileStreamSource → Kafka        ${rate(N, srcMs)}`);
    console.log(`  ratio worker / baseline         ${(kcatMs / srcMs).toFixed(2)}`);
  }
  await admin.disconnect();
} finally {
  await broker.close();
  tmp.remove();
}
