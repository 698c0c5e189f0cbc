/** A small harness implementing the task contexts (offsets in memory), for the XML connector tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  silentLogger, type ErrantRecordReporter, type Logger, type SinkTaskContext, type SourceRecord, type SourceTaskContext,
} from '../../../../src/api/index.js';
import { XmlSinkTask } from '../../../../connectors/xml/xml-sink-task.js';
import { XmlSourceTask } from '../../../../connectors/xml/xml-source-task.js';
import { MemoryOffsetStore } from '../../../../src/storage/memory-offset-store.js';
import { offsetKey } from '../../../../src/storage/offset-key.js';
import { StoreOffsetReader } from '../../../../src/storage/store-offset-reader.js';

export const CONNECTOR = 'xml-src';

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'xml-connector-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Records errors logged by a task, so tests can see what `skip` reported. */
export function recordingLogger(): Logger & { errors: object[] } {
  const errors: object[] = [];
  const log: Logger & { errors: object[] } = {
    ...silentLogger,
    errors,
    error: ((obj: object) => void errors.push(obj)) as Logger['error'],
    child: () => log,
  };
  return log;
}

export async function startSource(props: Record<string, string>, store = new MemoryOffsetStore(), log: Logger = silentLogger): Promise<XmlSourceTask> {
  const context: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: new StoreOffsetReader(store, CONNECTOR),
    transactionContext: () => null,
    log,
  };
  const task = new XmlSourceTask();
  task.initialize(context);
  await task.start({ 'poll.interval.ms': '20', ...props });
  return task;
}

/** Polls until `n` records arrived (or fails after 10 s). */
export async function pollUntil(task: XmlSourceTask, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + 10_000;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${out.length} of ${n} records`);
    out.push(...((await task.poll()) ?? []));
  }
  return out;
}

/** What the runtime does once Kafka acknowledged records: store each partition's last offset. */
export async function commit(store: MemoryOffsetStore, records: readonly SourceRecord[]): Promise<void> {
  const entries = new Map<string, string>();
  for (const r of records) entries.set(offsetKey(CONNECTOR, r.sourcePartition!), JSON.stringify(r.sourceOffset));
  await store.set(entries);
}

export async function startSink(props: Record<string, string>, reporter: ErrantRecordReporter | null = null): Promise<XmlSinkTask> {
  const context: SinkTaskContext = {
    configs: () => props,
    offset: () => {},
    timeout: () => {},
    assignment: () => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => reporter,
    log: silentLogger,
  };
  const task = new XmlSinkTask();
  task.initialize(context);
  await task.start(props);
  return task;
}
