import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  atLeast,
  ConnectError,
  defineConfig,
  Headers,
  newRecord,
  RetriableError,
  Schemas,
  SinkConnector,
  SinkTask,
  silentLogger,
  sinkRecord,
  SourceConnector,
  SourceTask,
  sourceRecord,
  type ConnectorContext,
  type ConnectorProps,
  type ConnectRecord,
  type Logger,
  type OffsetStorageReader,
  type Predicate,
  type RecordMetadata,
  type SinkRecord,
  type SourceConnectorContext,
  type SourcePartition,
  type SourceRecord,
  type SourceOffset,
  type SourceTaskContext,
  type TopicPartitionOffsets,
  type Transformation,
} from '../../../src/api/index.js';

// A tiny plugin written the way a connector author would, against the public surface only.
const counterConfig = defineConfig({
  topic: { type: 'string', importance: 'high', doc: 'Topic to write to.' },
  'batch.size': { type: 'int', default: 2, validator: atLeast(1), importance: 'medium', doc: 'Records per poll.' },
});

class CounterTask extends SourceTask {
  #topic = '';
  #batch = 0;
  #next = 0;
  committed: Array<number | null> = [];
  version() {
    return '1.0.0';
  }
  async start(props: ConnectorProps) {
    const cfg = counterConfig.parse(props);
    this.#topic = cfg.topic;
    this.#batch = cfg['batch.size'];
    const offset = await this.context.offsetStorageReader.offset({ counter: 'c' });
    this.#next = typeof offset?.n === 'number' ? offset.n + 1 : 0;
    this.context.log.info({ next: this.#next }, 'counter task started');
  }
  async poll(): Promise<SourceRecord[] | null> {
    const out: SourceRecord[] = [];
    for (let i = 0; i < this.#batch; i++, this.#next++) {
      out.push(sourceRecord({ topic: this.#topic, value: this.#next, valueSchema: Schemas.INT64, sourcePartition: { counter: 'c' }, sourceOffset: { n: this.#next } }));
    }
    return out;
  }
  override commitRecord(record: SourceRecord, metadata: RecordMetadata | null) {
    this.committed.push(metadata === null ? null : (record.value as number));
  }
  stop() {}
}

class CounterConnector extends SourceConnector {
  #props: ConnectorProps = {};
  version() {
    return '1.0.0';
  }
  config() {
    return counterConfig;
  }
  start(props: ConnectorProps) {
    this.#props = props;
    this.context.log.info('started');
  }
  taskClass() {
    return CounterTask;
  }
  taskConfigs(maxTasks: number) {
    return Array.from({ length: Math.min(maxTasks, 1) }, () => ({ ...this.#props }));
  }
  stop() {}
}

class MemorySinkTask extends SinkTask {
  buffered: SinkRecord[] = [];
  durable: SinkRecord[] = [];
  version() {
    return '1.0.0';
  }
  start() {}
  put(records: readonly SinkRecord[]) {
    this.buffered.push(...records);
  }
  override flush(_offsets: TopicPartitionOffsets) {
    this.durable.push(...this.buffered.splice(0));
  }
  stop() {}
}

class MemorySink extends SinkConnector {
  version() {
    return '1.0.0';
  }
  config() {
    return defineConfig({});
  }
  start() {}
  taskClass() {
    return MemorySinkTask;
  }
  taskConfigs() {
    return [{}];
  }
  stop() {}
}

class UpperCase<R extends ConnectRecord> implements Transformation<R> {
  configure() {}
  apply(r: R): R | null {
    return typeof r.value === 'string' ? newRecord(r, { value: r.value.toUpperCase() }) : r;
  }
  config() {
    return defineConfig({});
  }
  close() {}
}

class HasHeader<R extends ConnectRecord> implements Predicate<R> {
  #name = '';
  configure(c: Record<string, unknown>) {
    this.#name = String(c.name);
  }
  test(r: R) {
    return r.headers.has(this.#name);
  }
  config() {
    return defineConfig({ name: { type: 'string', importance: 'high', doc: 'Header name.' } });
  }
  close() {}
}

/** An in-memory offset reader, as the runtime's offset store would provide. */
function offsetReader(stored: Map<string, SourceOffset>): OffsetStorageReader {
  return {
    offset: async (p) => stored.get(JSON.stringify(p)) ?? null,
    offsets: async (ps: readonly SourcePartition[]) => new Map(ps.map((p) => [p, stored.get(JSON.stringify(p)) ?? null])),
  };
}

function taskContext(props: ConnectorProps, stored = new Map<string, SourceOffset>()): SourceTaskContext {
  return { configs: () => props, offsetStorageReader: offsetReader(stored), transactionContext: () => null, log: silentLogger };
}

describe('connector API, used as a plugin author would', () => {
  it('validates, starts, and splits into task configs; tasks resume from stored offsets', async () => {
    const connector = new CounterConnector();
    expect(connector.kind).toBe('source');
    const errors = (await connector.validate({ topic: 't', 'batch.size': '0' })).filter((v) => v.errors.length > 0);
    expect(errors.map((v) => v.name)).toEqual(['batch.size']);

    const requests: string[] = [];
    const ctx: SourceConnectorContext = {
      requestTaskReconfiguration: () => requests.push('reconfigure'),
      raiseError: (e) => requests.push(e.message),
      log: silentLogger,
      offsetStorageReader: offsetReader(new Map()),
    };
    connector.initialize(ctx);
    await connector.start({ topic: 'numbers', 'batch.size': '3' });
    const [taskProps] = await connector.taskConfigs(4);
    expect(taskProps).toEqual({ topic: 'numbers', 'batch.size': '3' });

    const task = new (connector.taskClass())();
    expect(task.kind).toBe('source');
    task.initialize(taskContext(taskProps!, new Map([[JSON.stringify({ counter: 'c' }), { n: 41 }]])));
    await task.start(taskProps!);
    const records = (await task.poll()) ?? [];
    expect(records.map((r) => r.value)).toEqual([42, 43, 44]);
    expect(records[0]?.sourceOffset).toEqual({ n: 42 });
    await task.commitRecord(records[0]!, { topic: 'numbers', partition: 0, offset: 0, timestamp: null });
    await task.commitRecord(records[1]!, null);
    expect((task as CounterTask).committed).toEqual([42, null]);
    await task.commit();
  });

  it('reconfigure restarts with the new props', async () => {
    const connector = new CounterConnector();
    connector.initialize({ requestTaskReconfiguration() {}, raiseError() {}, log: silentLogger, offsetStorageReader: offsetReader(new Map()) });
    await connector.start({ topic: 'a' });
    await connector.reconfigure({ topic: 'b' });
    expect(await connector.taskConfigs(1)).toEqual([{ topic: 'b' }]);
  });

  it('using the context before initialize is a clear lifecycle error', () => {
    expect(() => new CounterConnector().start({ topic: 'x' })).toThrow(ConnectError);
    expect(() => new CounterConnector().start({ topic: 'x' })).toThrow(/CounterConnector: context used before initialize/);
  });

  it('source connector defaults: unknown exactly-once support, no transaction boundaries, offsets not altered', async () => {
    const c = new CounterConnector();
    expect(await c.exactlyOnceSupport({})).toBeNull();
    expect(await c.canDefineTransactionBoundaries({})).toBe('UNSUPPORTED');
    expect(await c.alterOffsets({}, [{ partition: { counter: 'c' }, offset: null }])).toBe(false);
  });

  it('sink task defaults: preCommit flushes and commits everything it was given', async () => {
    const connector = new MemorySink();
    expect(connector.kind).toBe('sink');
    expect(SinkConnector.TOPICS_CONFIG).toBe('topics');
    expect(await connector.alterOffsets({}, [{ topic: 't', partition: 0, offset: null }])).toBe(false);
    const task = new (connector.taskClass())();
    expect(task.kind).toBe('sink');
    await task.open([{ topic: 't', partition: 0 }]);
    await task.put([sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: 'a' })]);
    expect((task as MemorySinkTask).durable).toHaveLength(0);
    const offsets = [{ topic: 't', partition: 0, offset: 1 }];
    expect(await task.preCommit(offsets)).toBe(offsets);
    expect((task as MemorySinkTask).durable.map((r) => r.value)).toEqual(['a']);
    await task.close([{ topic: 't', partition: 0 }]);
  });

  it('transformations and predicates work on source and sink records alike', () => {
    const up = new UpperCase<SourceRecord>();
    const src = sourceRecord({ topic: 't', value: 'abc', sourcePartition: null, sourceOffset: null });
    expect(up.apply(src)?.value).toBe('ABC');
    expect(src.value).toBe('abc');
    const pred = new HasHeader<SinkRecord>();
    pred.configure({ name: 'trace' });
    const withHeader = sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 1, headers: new Headers().add('trace', 'x') });
    expect(pred.test(withHeader)).toBe(true);
    expect(pred.test(sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 1 }))).toBe(false);
  });

  it('a pino logger is a Logger, so the runtime can hand its child loggers to plugins', () => {
    const log: Logger = pino({ level: 'silent' }).child({ connector: 'c' });
    expect(log.isLevelEnabled('info')).toBe(false);
    const ctx: ConnectorContext = { requestTaskReconfiguration() {}, raiseError() {}, log };
    expect(ctx.log.child({ task: 0 })).toBeDefined();
  });

  it('plugins throw classified errors', () => {
    const e = new RetriableError('db busy');
    expect(e).toBeInstanceOf(ConnectError);
    expect(e.code).toBe('TRIB_RETRIABLE');
  });
});

describe('src/api has no runtime dependencies', () => {
  it('imports only relative modules', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../../src/api');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
            if (!m[1]!.startsWith('.')) offenders.push(`${path}: ${m[1]}`);
          }
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
