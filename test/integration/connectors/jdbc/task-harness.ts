/**
 * Drives JDBC tasks the way the runtime does, without a worker: a SourceTaskContext whose offset reader is
 * a Map the harness commits to after each poll, and a SinkTaskContext that collects DLQ reports.
 */
import {
  silentLogger, sinkRecord, type ConnectorProps, type ErrantRecordReporter, type Schema, type SinkRecord,
  type SinkTaskContext, type SourceConnectorContext, type SourceOffset, type SourcePartition, type SourceRecord, type SourceTaskContext,
  type TopicPartition,
} from '../../../../src/api/index.js';
import { JdbcSourceTask } from '../../../../connectors/jdbc/source/jdbc-source-task.js';
import { JdbcSourceConnector } from '../../../../connectors/jdbc/source/jdbc-source-connector.js';
import { JdbcSinkTask } from '../../../../connectors/jdbc/sink/jdbc-sink-task.js';

function partitionKey(p: SourcePartition): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

/** Committed source offsets, as the offset store would hold them. */
export class OffsetMap {
  readonly #map = new Map<string, SourceOffset>();
  commit(records: readonly SourceRecord[]): void {
    for (const r of records) if (r.sourcePartition !== null && r.sourceOffset !== null) this.#map.set(partitionKey(r.sourcePartition), r.sourceOffset);
  }
  get(p: SourcePartition): SourceOffset | null {
    return this.#map.get(partitionKey(p)) ?? null;
  }
  set(p: SourcePartition, o: SourceOffset): void {
    this.#map.set(partitionKey(p), o);
  }
  reader() {
    return {
      offset: async (p: SourcePartition) => this.get(p),
      offsets: async (ps: readonly SourcePartition[]) => new Map(ps.map((p) => [p, this.get(p)] as const)),
    };
  }
}

/** Runs the connector to get the task configs (table assignment), as the worker would. */
export async function sourceTaskConfigs(props: ConnectorProps, maxTasks = 1, offsets = new OffsetMap()): Promise<ConnectorProps[]> {
  const connector = new JdbcSourceConnector();
  const context: SourceConnectorContext = {
    requestTaskReconfiguration: () => {},
    raiseError: (err) => { throw err; },
    log: silentLogger,
    offsetStorageReader: offsets.reader(),
  };
  connector.initialize(context);
  await connector.start(props);
  try {
    return await connector.taskConfigs(maxTasks);
  } finally {
    await connector.stop();
  }
}

/** Connector props → the (first) task config → a started task. */
export async function startSourceTask(props: ConnectorProps, offsets = new OffsetMap()): Promise<JdbcSourceTask> {
  const [taskProps] = await sourceTaskConfigs(props, 1, offsets);
  if (taskProps === undefined) throw new Error('the connector produced no task configs');
  return startSourceTaskWith(taskProps, offsets);
}

export async function startSourceTaskWith(props: ConnectorProps, offsets = new OffsetMap()): Promise<JdbcSourceTask> {
  const task = new JdbcSourceTask();
  const context: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: offsets.reader(),
    transactionContext: () => null,
    log: silentLogger,
  };
  task.initialize(context);
  await task.start(props);
  return task;
}

/** Polls until `n` records arrived (committing offsets as the runtime would), failing after 15 s. */
export async function pollRecords(task: JdbcSourceTask, n: number, offsets?: OffsetMap): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + 15_000;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${out.length} of ${n} records arrived`);
    const batch = (await task.poll()) ?? [];
    offsets?.commit(batch);
    out.push(...batch);
  }
  return out;
}

/** Polls until one full poll cycle comes back empty after the querier was due again (nothing more to read). */
export async function pollAll(task: JdbcSourceTask, offsets?: OffsetMap, quietPolls = 3): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let quiet = 0;
  const deadline = Date.now() + 15_000;
  while (quiet < quietPolls) {
    if (Date.now() > deadline) throw new Error('source kept producing records');
    const batch = (await task.poll()) ?? [];
    offsets?.commit(batch);
    out.push(...batch);
    quiet = batch.length === 0 ? quiet + 1 : 0;
  }
  return out;
}

export interface SinkHarness {
  readonly task: JdbcSinkTask;
  readonly reported: { record: SinkRecord; error: Error }[];
  /** Backoffs the task asked for through context.timeout(ms). */
  readonly timeouts: number[];
  put(records: readonly SinkRecord[]): Promise<void>;
}

export async function startSinkTask(props: ConnectorProps, options: { dlq?: boolean } = {}): Promise<SinkHarness> {
  const task = new JdbcSinkTask();
  const reported: { record: SinkRecord; error: Error }[] = [];
  const timeouts: number[] = [];
  const reporter: ErrantRecordReporter = async (record, error) => {
    reported.push({ record, error });
  };
  const context: SinkTaskContext = {
    configs: () => props,
    offset: () => {},
    timeout: (ms) => {
      timeouts.push(ms);
    },
    assignment: (): TopicPartition[] => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => (options.dlq === false ? null : reporter),
    log: silentLogger,
  };
  task.initialize(context);
  await task.start(props);
  return {
    task,
    reported,
    timeouts,
    async put(records) {
      await task.put(records);
      await task.flush([]);
    },
  };
}

let offsetCounter = 0;
/** A SinkRecord on partition 0 with increasing offsets. */
export function rec(topic: string, valueSchema: Schema | null, value: unknown, key: unknown = null, keySchema: Schema | null = null): SinkRecord {
  return sinkRecord({ topic, kafkaPartition: 0, kafkaOffset: offsetCounter++, keySchema, key, valueSchema, value });
}
