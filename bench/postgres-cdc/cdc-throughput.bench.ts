/**
 * postgres-cdc throughput: N row changes (inserts, then updates) committed in 1,000-row transactions are read
 * from two pgoutput slots: by `pg_recvlogical` writing the raw stream to /dev/null (baseline: the server's
 * decoding rate with no client work), and by PostgresCdcTask producing Debezium SourceRecords (poll + commit,
 * slot acknowledged), optionally also serialized with JsonConverter (schemas.enable=true). No Kafka here:
 * cdc-to-kafka.bench.ts measures the whole path through the worker runtime into a broker.
 *
 * Prints changes/s (wall time, best of 3) and the process's CPU µs per change over the connector's run.
 * `only` = cdc | json runs just that contender (for a CPU profile of one path).
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-throughput.bench.ts [changes=200000] [only]
 */
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { PostgresCdcTask } from '../../connectors/postgres-cdc/postgres-cdc-task.js';
import { JsonConverter } from '../../converters/json-converter.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { cdcProps, createBenchTable, recvlogical, workload } from './support/cdc-bench-kit.js';

const CHANGES = Number(process.argv[2] ?? 200_000);
const ONLY = process.argv[3] ?? 'all';

interface Run {
  readonly ms: number;
  /** CPU (user + system) of this process from start() to the last record, µs per change. */
  readonly cpuPerEvent: number;
}

async function connector(p: TestPostgres, slot: string, json: boolean): Promise<Run> {
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
  const cpu0 = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpu0);
    if (json && bytes === 0) throw new Error('no JSON produced');
    return { ms, cpuPerEvent: (cpu.user + cpu.system) / n };
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
  const best = (a: Run, b: Run): Run => ({ ms: Math.min(a.ms, b.ms), cpuPerEvent: Math.min(a.cpuPerEvent, b.cpuPerEvent) });
  let ours: Run = { ms: Infinity, cpuPerEvent: Infinity };
  let withJson: Run = { ms: Infinity, cpuPerEvent: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so a noisy neighbour hurts every contender alike.
    if (ONLY === 'all') base = Math.min(base, await recvlogical(p, `base${i}`, endLsn));
    if (ONLY !== 'json') ours = best(ours, await connector(p, `cdc${i}`, false));
    if (ONLY !== 'cdc') withJson = best(withJson, await connector(p, `json${i}`, true));
  }
  const rate = (ms: number) => Math.round(CHANGES / (ms / 1000));
  // CPU per change is the steadier figure on a shared machine: wall time also counts waiting for the server.
  const cpu = (r: Run) => `${r.cpuPerEvent.toFixed(2)} µs CPU/change`;
  console.log(`pg_recvlogical (raw pgoutput to /dev/null): ${rate(base).toLocaleString('en')} changes/s (${(base / 1000).toFixed(2)} s)`);
  console.log(`postgres-cdc task (Debezium SourceRecords): ${rate(ours.ms).toLocaleString('en')} changes/s (${(ours.ms / 1000).toFixed(2)} s) = ${(base / ours.ms).toFixed(2)}x baseline; ${cpu(ours)}`);
  console.log(`postgres-cdc task + JsonConverter:          ${rate(withJson.ms).toLocaleString('en')} changes/s (${(withJson.ms / 1000).toFixed(2)} s) = ${(base / withJson.ms).toFixed(2)}x baseline; ${cpu(withJson)}`);
} finally {
  await p.stop();
}
