/**
 * postgres-cdc throughput: N row changes (inserts, then updates) committed in 1,000-row transactions are read
 * from two pgoutput slots: by `pg_recvlogical` writing the raw stream to /dev/null (baseline: the server's
 * decoding rate with no client work), and by PostgresCdcTask producing Debezium SourceRecords (poll + commit,
 * slot acknowledged), optionally also serialized with JsonConverter (schemas.enable=true). No Kafka here:
 * cdc-to-kafka.bench.ts measures the whole path through the worker runtime into a broker.
 *
 * Prints changes/s (wall time, best of 3) and the process's CPU µs per change over the connector's run. That
 * CPU figure also counts socket reads, which get smaller (more per change) when the connector outruns the
 * server; so the raw frames of one slot are also captured once and replayed into the ChangeStream in
 * memory ("replay": frame → SourceRecord with no I/O, best of 5). `only` = cdc | json | replay runs just that
 * contender (for a CPU profile of one path).
 *
 *   node bin/run-ts.js bench/postgres-cdc/cdc-throughput.bench.ts [changes=200000] [only]
 */
import { silentLogger, type SourceTaskContext } from '../../src/api/index.js';
import { AckTracker } from '../../connectors/postgres-cdc/ack-tracker.js';
import { ChangeQueue } from '../../connectors/postgres-cdc/change-queue.js';
import { ChangeStream } from '../../connectors/postgres-cdc/change-stream.js';
import { EventRecords } from '../../connectors/postgres-cdc/event-records.js';
import { connectionOptions, SESSION_OPTIONS, sqlClient } from '../../connectors/postgres-cdc/pg-session.js';
import { parsePostgresCdcConfig } from '../../connectors/postgres-cdc/postgres-cdc-config.js';
import { PostgresCdcTask } from '../../connectors/postgres-cdc/postgres-cdc-task.js';
import { ReplicationConnection } from '../../connectors/postgres-cdc/replication-connection.js';
import { TableFilter } from '../../connectors/postgres-cdc/table-filter.js';
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

/** The raw CopyData frames of `slot` up to and including the `changes`-th row change. */
async function captureFrames(p: TestPostgres, slot: string, changes: number): Promise<Buffer[]> {
  const cfg = parsePostgresCdcConfig(cdcProps(p, slot, 'bench'));
  const repl = new ReplicationConnection({ ...connectionOptions(cfg), sessionOptions: SESSION_OPTIONS });
  await repl.connect();
  const frames: Buffer[] = [];
  let rows = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      repl.startReplication({
        slotName: slot, startLsn: 0n, publicationNames: ['bench_pub'], messages: false, onError: reject,
        onFrame: (buf: Buffer, start = 0, end = buf.length) => {
          if (rows >= changes) return;
          const frame = Buffer.from(buf.subarray(start, end));
          frames.push(frame);
          const tag = frame[0] === 0x77 && frame.length > 25 ? frame[25] : 0;
          if (tag === 0x49 || tag === 0x55 || tag === 0x44) rows++;
          if (rows >= changes) resolve();
        },
      });
    });
  } finally {
    await repl.close();
  }
  return frames;
}

/** CPU µs per change of ChangeStream turning captured frames into SourceRecords (no I/O but one catalog read). */
async function replay(p: TestPostgres, frames: readonly Buffer[]): Promise<number> {
  const cfg = parsePostgresCdcConfig(cdcProps(p, 'unused', 'bench'));
  const catalog = sqlClient(connectionOptions(cfg), false);
  await catalog.connect();
  try {
    const queue = new ChangeQueue(1 << 30);
    let failure: Error | null = null;
    const stream = new ChangeStream({
      records: new EventRecords('bench', cfg['database.dbname']), queue, tracker: new AckTracker(0n), catalog,
      schemaContext: {
        topicPrefix: 'bench', filter: new TableFilter(cfg), unavailablePlaceholder: cfg['unavailable.value.placeholder'],
        typeOptions: { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' },
      },
      tombstonesOnDelete: true, skipped: new Set(), resume: null, log: silentLogger,
      pause: () => {}, resumeReading: () => {}, onKeepalive: () => {}, onFailure: (err) => (failure = err),
    });
    const cpu0 = process.cpuUsage();
    let n = 0;
    for (const frame of frames) {
      stream.onFrame(frame);
      // The Relation message waits for its catalog lookup; the frames behind it queue up meanwhile.
      while (stream.backlog.frames > 0 || stream.backlog.draining) await new Promise((r) => setImmediate(r));
      if (queue.size >= 2048) n += (await queue.take(2048, 0)).length;
    }
    n += (await queue.take(1 << 30, 0)).length;
    const cpu = process.cpuUsage(cpu0);
    if (failure !== null) throw failure;
    if (n !== CHANGES) throw new Error(`replay produced ${n} records, expected ${CHANGES}`);
    return (cpu.user + cpu.system) / n;
  } finally {
    await catalog.end();
  }
}

const p = await startTestPostgres();
try {
  await createBenchTable(p);
  const ROUNDS = 3;
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of ['base', 'cdc', 'json']) await p.query(`SELECT pg_create_logical_replication_slot('${s}${i}', 'pgoutput')`);
  }
  await p.query(`SELECT pg_create_logical_replication_slot('replay', 'pgoutput')`);
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
    if (ONLY === 'all' || ONLY === 'cdc') ours = best(ours, await connector(p, `cdc${i}`, false));
    if (ONLY === 'all' || ONLY === 'json') withJson = best(withJson, await connector(p, `json${i}`, true));
  }
  const rate = (ms: number) => Math.round(CHANGES / (ms / 1000));
  // CPU per change is the steadier figure on a shared machine: wall time also counts waiting for the server.
  const cpu = (r: Run) => `${r.cpuPerEvent.toFixed(2)} µs CPU/change`;
  if (base < Infinity) console.log(`pg_recvlogical (raw pgoutput to /dev/null): ${rate(base).toLocaleString('en')} changes/s (${(base / 1000).toFixed(2)} s)`);
  if (ours.ms < Infinity) console.log(`postgres-cdc task (Debezium SourceRecords): ${rate(ours.ms).toLocaleString('en')} changes/s (${(ours.ms / 1000).toFixed(2)} s) = ${(base / ours.ms).toFixed(2)}x baseline; ${cpu(ours)}`);
  if (withJson.ms < Infinity) console.log(`postgres-cdc task + JsonConverter:          ${rate(withJson.ms).toLocaleString('en')} changes/s (${(withJson.ms / 1000).toFixed(2)} s) = ${(base / withJson.ms).toFixed(2)}x baseline; ${cpu(withJson)}`);
  if (ONLY === 'all' || ONLY === 'replay') {
    const frames = await captureFrames(p, 'replay', CHANGES);
    let best = Infinity;
    for (let i = 0; i < 5; i++) best = Math.min(best, await replay(p, frames));
    console.log(`ChangeStream replay (${frames.length.toLocaleString('en')} captured frames → SourceRecords, no I/O): ${best.toFixed(2)} µs CPU/change`);
  }
} finally {
  await p.stop();
}
