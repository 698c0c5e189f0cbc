/**
 * postgres-cdc throughput: N row changes (inserts, then updates) committed in 1,000-row transactions are read
 * from two pgoutput slots: by `pg_recvlogical` writing the raw stream to /dev/null (baseline: the server's
 * decoding rate with no client work), and by PostgresCdcTask producing Debezium SourceRecords (poll + commit,
 * slot acknowledged), optionally also serialized with JsonConverter (schemas.enable=true). No Kafka here:
 * cdc-to-kafka.bench.ts measures the whole path through the worker runtime into a broker.
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-throughput.bench.ts [changes=200000]
 */
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { PostgresCdcTask } from '../../connectors/postgres-cdc/postgres-cdc-task.js';
import { JsonConverter } from '../../converters/json-converter.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { cdcProps, createBenchTable, recvlogical, workload } from './support/cdc-bench-kit.js';

const CHANGES = Number(process.argv[2] ?? 200_000);

async function connector(p: TestPostgres, slot: string, json: boolean): Promise<number> {
  const props = cdcProps(p, slot, 'bench');
  const offsets = new Map<string, Record<string, unknown>>();
  const ctx: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: {
      offset: async () => (offsets.get('p') as never) ?? null,
      offsets: async (ps) => new Map(ps.map((x) => [x, (offsets.get('p') as never) ?? null])),
    },
    transactionContext: () => null,
    log: silentLogger,
  };
  const task = new PostgresCdcTask();
  task.initialize(ctx);
  const conv = new JsonConverter();
  conv.configure({ 'schemas.enable': 'true' }, false);
  const started = performance.now();
  await task.start(props);
  let n = 0;
  let bytes = 0;
  let sinceCommit = 0;
  const dbg = process.env.BENCH_DEBUG ? setInterval(() => console.log(n, task.stats()), 1000) : undefined;
  try {
    while (n < CHANGES) {
      const batch = await task.poll();
      if (batch === null) continue;
      if (json) {
        for (let i = 0; i < batch.length; i++) {
          const r = batch[i]!;
          bytes += conv.fromConnectData(r.topic, null, r.valueSchema, r.value)?.length ?? 0;
        }
      }
      n += batch.length;
      sinceCommit += batch.length;
      if (sinceCommit >= 10_000) {
        offsets.set('p', batch[batch.length - 1]!.sourceOffset as Record<string, unknown>);
        await task.commit();
        sinceCommit = 0;
      }
    }
    const ms = performance.now() - started;
    if (json && bytes === 0) throw new Error('no JSON produced');
    return ms;
  } finally {
    clearInterval(dbg);
    await task.stop();
  }
}

const p = await startTestPostgres();
try {
  await createBenchTable(p);
  const ROUNDS = 3;
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of ['base', 'cdc', 'json']) await p.query(`SELECT pg_create_logical_replication_slot('${s}${i}', 'pgoutput')`);
  }
  const t0 = performance.now();
  const endLsn = await workload(p, CHANGES);
  console.log(`workload: ${CHANGES} changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (end LSN ${endLsn}); best of ${ROUNDS} rounds (the machine is shared)`);
  let base = Infinity;
  let ours = Infinity;
  let withJson = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so a noisy neighbour hurts every contender alike.
    base = Math.min(base, await recvlogical(p, `base${i}`, endLsn));
    ours = Math.min(ours, await connector(p, `cdc${i}`, false));
    withJson = Math.min(withJson, await connector(p, `json${i}`, true));
  }
  const rate = (ms: number) => Math.round(CHANGES / (ms / 1000));
  console.log(`pg_recvlogical (raw pgoutput to /dev/null): ${rate(base).toLocaleString('en')} changes/s (${(base / 1000).toFixed(2)} s)`);
  console.log(`postgres-cdc task (Debezium SourceRecords): ${rate(ours).toLocaleString('en')} changes/s (${(ours / 1000).toFixed(2)} s) = ${(base / ours).toFixed(2)}x baseline`);
  console.log(`postgres-cdc task + JsonConverter:          ${rate(withJson).toLocaleString('en')} changes/s (${(withJson / 1000).toFixed(2)} s) = ${(base / withJson).toFixed(2)}x baseline`);
} finally {
  await p.stop();
}
