/**
 * Tiny connectors written against src/api for the runtime's integration tests, plus helpers to build a
 * Worker against the embedded broker and read topics with plain kafkajs.
 */
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import {
  RetriableError,
  Schemas,
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceTask,
  defineConfig,
  newRecord,
  sourceRecord,
  silentLogger,
  type ConnectRecord,
  type ConnectorProps,
  type RawConfig,
  type SinkRecord,
  type SourceRecord,
  type TopicPartition,
  type TopicPartitionOffsets,
  type Transformation,
} from '../../../src/api/index.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import type { PluginRegistry } from '../../../src/plugins/plugin-registry.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import type { OffsetBackingStore } from '../../../src/storage/offset-backing-store.js';
import { MemoryOffsetStore } from '../../../src/storage/memory-offset-store.js';
import type { StatusChange } from '../../../src/runtime/status.js';
import { Worker } from '../../../src/runtime/worker.js';

const anyConfig = defineConfig({});

// ---- source: counts up from its committed offset --------------------------------------------------------

/** Per connector name: records acknowledged through commitRecord, and poll calls. */
export const sourceLog = new Map<string, { committed: Array<number | null>; polls: number; commits: number }>();

class CounterTask extends SourceTask {
  #name = '';
  #topic = '';
  #count = 0;
  #batch = 1;
  #next = 0;
  #stopped = false;
  #hang = false;
  version() {
    return '1';
  }
  async start(props: ConnectorProps) {
    this.#hang = props['hang.poll'] === 'true';
    if (props['task.fail.start'] === 'true') throw new Error('task refuses to start');
    this.#name = props['name']!;
    this.#topic = props['topic']!;
    this.#count = Number(props['count'] ?? '10');
    this.#batch = Number(props['batch'] ?? '1');
    const last = await this.context.offsetStorageReader.offset({ counter: this.#name });
    this.#next = typeof last?.['n'] === 'number' ? last['n'] + 1 : 0;
    if (!sourceLog.has(this.#name)) sourceLog.set(this.#name, { committed: [], polls: 0, commits: 0 });
  }
  async poll(): Promise<SourceRecord[] | null> {
    const log = sourceLog.get(this.#name)!;
    log.polls++;
    if (this.#hang) return new Promise<SourceRecord[] | null>(() => {}); // ignores stop(): only cancel() frees us
    if (this.#stopped || this.#next >= this.#count) {
      await new Promise((r) => setTimeout(r, 10)); // "wait a little for data"
      return null;
    }
    const out: SourceRecord[] = [];
    for (let i = 0; i < this.#batch && this.#next < this.#count; i++) {
      const n = this.#next++;
      out.push(
        sourceRecord({
          topic: this.#topic,
          key: `k${n % 5}`,
          keySchema: Schemas.STRING,
          value: { n, bad: n % 10 === 7 },
          sourcePartition: { counter: this.#name },
          sourceOffset: { n },
        }),
      );
    }
    return out;
  }
  override commitRecord(r: SourceRecord, meta: { offset: number } | null) {
    sourceLog.get(this.#name)!.committed.push(meta === null ? null : (r.sourceOffset!['n'] as number));
  }
  override commit() {
    sourceLog.get(this.#name)!.commits++;
  }
  stop() {
    this.#stopped = true;
  }
}

export class CounterSource extends SourceConnector {
  #props: ConnectorProps = {};
  version() {
    return '1';
  }
  config() {
    return anyConfig;
  }
  start(props: ConnectorProps) {
    if (props['connector.fail.start'] === 'true') throw new Error('connector refuses to start');
    this.#props = props;
    if (props['raise.error'] === 'true') setImmediate(() => this.context.raiseError(new Error('background monitor died')));
    if (props['request.reconfiguration'] === 'true') setImmediate(() => this.context.requestTaskReconfiguration());
  }
  taskClass() {
    return CounterTask;
  }
  taskConfigs(max: number) {
    const n = Number(this.#props['task.count'] ?? '1');
    return Array.from({ length: n }, (_, i) => ({ ...this.#props, 'task.index': String(i), max: String(max) }));
  }
  stop() {}
}

// ---- sink: collects records; flush marks them durable -----------------------------------------------------

export interface SinkLog {
  put: SinkRecord[];
  durable: SinkRecord[];
  flushed: TopicPartitionOffsets[];
  opened: TopicPartition[][];
  closed: TopicPartition[][];
  putCalls: number;
  retriableLeft: number;
  stopped: boolean;
}
export const sinkLogs = new Map<string, SinkLog>();

class CollectTask extends SinkTask {
  #log!: SinkLog;
  #buffer: SinkRecord[] = [];
  #props: ConnectorProps = {};
  version() {
    return '1';
  }
  start(props: ConnectorProps) {
    this.#props = props;
    const name = props['name']!;
    if (!sinkLogs.has(name)) {
      sinkLogs.set(name, { put: [], durable: [], flushed: [], opened: [], closed: [], putCalls: 0, retriableLeft: Number(props['retriable.failures'] ?? '0'), stopped: false });
    }
    this.#log = sinkLogs.get(name)!;
  }
  override open(p: readonly TopicPartition[]) {
    this.#log.opened.push([...p]);
    // a sink that stores its own offsets rewinds/skips on open (context.offset)
    const from = this.#props['start.offset'];
    if (from !== undefined) this.context.offset(p.map((tp) => ({ ...tp, offset: Number(from) })));
  }
  override close(p: readonly TopicPartition[]) {
    this.#log.closed.push([...p]);
  }
  async put(records: readonly SinkRecord[]) {
    if (records.length === 0) return;
    this.#log.putCalls++;
    if (this.#log.retriableLeft > 0) {
      this.#log.retriableLeft--;
      this.context.timeout(50);
      throw new RetriableError('downstream busy');
    }
    const reporter = this.context.errantRecordReporter();
    for (const r of records) {
      const v = r.value as { bad?: boolean } | null;
      if (v && v.bad === true && reporter) await reporter(r, new Error(`record ${r.kafkaOffset} is marked bad`));
      else this.#buffer.push(r);
    }
    this.#log.put.push(...records);
    if (this.#props['request.commit'] === 'true') this.context.requestCommit();
  }
  override flush(offsets: TopicPartitionOffsets) {
    this.#log.durable.push(...this.#buffer);
    this.#buffer = [];
    this.#log.flushed.push(offsets);
  }
  stop() {
    this.#log.stopped = true;
  }
}

export class CollectSink extends SinkConnector {
  #props: ConnectorProps = {};
  version() {
    return '1';
  }
  config() {
    return anyConfig;
  }
  start(props: ConnectorProps) {
    this.#props = props;
  }
  taskClass() {
    return CollectTask;
  }
  taskConfigs(max: number) {
    return Array.from({ length: max }, () => ({ ...this.#props }));
  }
  stop() {}
}

/** How many more times the `flaky` AddTag throws a RetriableError. */
export const flaky = { failuresLeft: 0 };

/** An SMT for the tests: adds `tag` to struct/map values. */
class AddTag implements Transformation {
  #tag = '';
  configure(c: RawConfig) {
    this.#tag = String(c['tag']);
  }
  apply(r: ConnectRecord) {
    const v = r.value as Record<string, unknown>;
    if (v && v['bad'] === true && this.#tag === 'explode-on-bad') throw new Error('AddTag cannot handle bad records');
    if (this.#tag === 'flaky' && flaky.failuresLeft > 0) {
      flaky.failuresLeft--;
      throw new RetriableError('tag service briefly unavailable');
    }
    return newRecord(r, { value: { ...v, tag: this.#tag } });
  }
  config() {
    return anyConfig;
  }
  close() {}
}

let registry: Promise<PluginRegistry> | undefined;

export function testPlugins(): Promise<PluginRegistry> {
  return (registry ??= loadPlugins().then((reg) => {
    reg.register({ kind: 'source', className: 'test.CounterSource', version: '1', create: () => new CounterSource() });
    reg.register({ kind: 'sink', className: 'test.CollectSink', version: '1', create: () => new CollectSink() });
    reg.register({ kind: 'transformation', className: 'test.AddTag', version: '1', create: () => new AddTag() });
    return reg;
  }));
}

export interface TestWorker {
  worker: Worker;
  statuses: StatusChange[];
}

export async function startWorker(
  bootstrap: string,
  extra: Record<string, string> = {},
  store: OffsetBackingStore = new MemoryOffsetStore(),
): Promise<TestWorker> {
  const statuses: StatusChange[] = [];
  const worker = new Worker({
    workerId: 'test:8083',
    workerConfig: {
      'bootstrap.servers': bootstrap,
      'value.converter.schemas.enable': 'false',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms': '100',
      'consumer.session.timeout.ms': '6000',
      'consumer.heartbeat.interval.ms': '500',
      ...extra,
    },
    plugins: await testPlugins(),
    offsetStore: store,
    log: silentLogger,
    onStatus: (c) => statuses.push(c),
  });
  await worker.start();
  return { worker, statuses };
}

/** Starts a connector and all its tasks, as a herder would. */
export async function runConnector(worker: Worker, name: string, config: Record<string, string>, tasks = 1): Promise<void> {
  await worker.startConnector(name, { name, ...config }, 'RUNNING');
  const configs = await worker.connectorTaskConfigs(name, tasks);
  for (let i = 0; i < configs.length; i++) await worker.startTask({ connector: name, task: i }, { name, ...config }, configs[i]!, 'RUNNING');
}

/** Reads `topic` from the beginning until `count` messages arrived (or times out). */
export function readTopic(bootstrap: string, topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  return readTopicUntil(bootstrap, topic, (m) => m.length >= count, timeoutMs);
}

/** Reads `topic` from the beginning until `done(messagesSoFar)` holds (or times out). */
export async function readTopicUntil(bootstrap: string, topic: string, done: (m: KafkaMessage[]) => boolean, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'test-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const out: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push(message);
      if (done(out)) finish();
    },
  });
  const timer = setTimeout(finish, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return out;
}

/** Produces raw values (Buffers or strings) to a topic with plain kafkajs. */
export async function produce(bootstrap: string, topic: string, values: Array<string | Buffer>, partitions = 1): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'test-producer', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  if (!(await admin.listTopics()).includes(topic)) await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((v, i) => ({ key: `k${i}`, value: v, partition: i % partitions, headers: { origin: 'test' } })) });
  await producer.disconnect();
}

/** The committed offsets of a consumer group, by partition. */
export async function groupOffsets(bootstrap: string, groupId: string, topic: string): Promise<Map<number, number>> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'test-admin', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return new Map(res[0]!.partitions.map((p) => [p.partition, Number(p.offset)]));
}

/** Every record of a (compacted internal) topic as [key, value] text, read by a plain log reader — what Kafka Connect would read. */
export async function topicRecords(bootstrap: string, topic: string): Promise<Array<[string, string | null]>> {
  const out: Array<[string, string | null]> = [];
  const log = new KafkaBasedLog({ topic, clientProps: { 'bootstrap.servers': bootstrap }, log: silentLogger, onRecord: (r) => out.push([r.key ?? '', r.value]) });
  await log.start();
  await log.stop();
  return out;
}
