/**
 * startTestCluster: embedded broker + standalone worker in this process, with plugins registered by the
 * test; connectors created from config objects, records through converters, failed tasks, the DLQ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SinkConnector, SinkTask, SourceConnector, SourceTask, Schemas, defineConfig, sourceRecord,
  type ConnectorProps, type PluginDescriptor, type SinkRecord, type SourceRecord,
} from 'tributary';
import { startTestCluster, waitUntil, type TestCluster } from 'tributary/testing';

const noConfig = defineConfig({});

/** Emits `count` strings per run, resuming after its committed offset, then idles (waits, so the loop does not spin). */
class FiniteTask extends SourceTask {
  #left = 0; #n = 0; #topic = '';
  version() { return '1'; }
  async start(props: ConnectorProps) {
    this.#left = Number(props.count);
    this.#topic = props.topic!;
    const last = await this.context.offsetStorageReader.offset({ s: 1 });
    this.#n = typeof last?.n === 'number' ? last.n + 1 : 0; // resume after the committed offset
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.#left === 0) { await new Promise((r) => setTimeout(r, 20)); return null; }
    this.#left--;
    const n = this.#n++;
    return [sourceRecord({ topic: this.#topic, value: `v${n}`, valueSchema: Schemas.STRING, sourcePartition: { s: 1 }, sourceOffset: { n } })];
  }
  stop() {}
}
class FiniteSource extends SourceConnector {
  #props: ConnectorProps = {};
  version() { return '1'; }
  config() { return noConfig; }
  start(props: ConnectorProps) { this.#props = props; }
  taskClass() { return FiniteTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
}

/** Collects what it is given; fails at start when told to. */
const sunk: unknown[] = [];
class CollectTask extends SinkTask {
  version() { return '1'; }
  start(props: ConnectorProps) { if (props.fail === 'true') throw new Error('cannot reach the downstream system'); }
  put(records: readonly SinkRecord[]) { for (const r of records) sunk.push(r.value); }
  stop() {}
}
class CollectSink extends SinkConnector {
  #props: ConnectorProps = {};
  version() { return '1'; }
  config() { return noConfig; }
  start(props: ConnectorProps) { this.#props = props; }
  taskClass() { return CollectTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
}

const plugins: PluginDescriptor[] = [
  { kind: 'source', className: 'test.FiniteSource', version: '1', create: () => new FiniteSource() },
  { kind: 'sink', className: 'test.CollectSink', version: '1', create: () => new CollectSink() },
];

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ plugins, rest: true });
});
afterAll(async () => {
  await cluster.close();
  await cluster.close(); // idempotent
});

describe('startTestCluster', () => {
  it('runs a source connector from a config object; records are read back through a converter', async () => {
    await cluster.createConnector('finite', {
      'connector.class': 'test.FiniteSource', topic: 'finite-out', count: '3',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'true',
    });
    const status = await cluster.waitForConnectorState('finite', 'RUNNING');
    expect(status.type).toBe('source');
    await cluster.waitForTaskState('finite', 0, 'RUNNING');
    const got = await cluster.consume('finite-out', { count: 3, converter: 'JsonConverter' });
    expect(got.map((r) => r.value)).toEqual(['v0', 'v1', 'v2']);
    expect(got[0]!.valueSchema?.type).toBe('string');
    // The REST API answers for the same herder.
    const res = await fetch(`${cluster.restUrl}/connectors/finite/status`);
    expect(((await res.json()) as { connector: { state: string } }).connector.state).toBe('RUNNING');
  });

  it('feeds a sink: produced Connect data arrives converted; bad records land in the DLQ with context headers', async () => {
    const json = { class: 'JsonConverter', config: { 'schemas.enable': 'false' } };
    await cluster.produce('sink-in', [{ value: { id: 1 } }], { converter: json });
    await cluster.produce('sink-in', ['not json at all']);
    await cluster.produce('sink-in', [{ value: { id: 2 } }], { converter: json });
    await cluster.createConnector('collect', {
      'connector.class': 'test.CollectSink', topics: 'sink-in',
      'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'collect-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await cluster.waitForTaskState('collect', 0, 'RUNNING');
    const dlq = await cluster.readDlq('collect-dlq', { count: 1 });
    expect(String(dlq[0]!.value)).toBe('not json at all');
    expect(dlq[0]!.headers['__connect.errors.topic']).toBe('sink-in');
    expect(dlq[0]!.headers['__connect.errors.offset']).toBe('1');
    await waitForSunk(2);
    expect(sunk).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('reports a task that fails at start as FAILED with its trace', async () => {
    await cluster.createConnector('broken', { 'connector.class': 'test.CollectSink', topics: 'sink-in', fail: 'true' });
    const task = await cluster.waitForTaskState('broken', 0, 'FAILED');
    expect(task.trace).toContain('cannot reach the downstream system');
    await expect(cluster.createConnector('bad-class', { 'connector.class': 'test.Nope' })).rejects.toThrow(/Nope/);
  });

  it('restartWorker: tasks commit on the graceful stop, connectors come back, the source resumes without duplicates', async () => {
    for (const name of await cluster.herder.connectors()) await cluster.deleteConnector(name);
    await cluster.createConnector('resume', { 'connector.class': 'test.FiniteSource', topic: 'resume-out', count: '2', 'value.converter': 'StringConverter' });
    expect((await cluster.consume('resume-out', { count: 2, converter: 'StringConverter' })).map((r) => r.value)).toEqual(['v0', 'v1']);
    const before = cluster.worker;
    await cluster.restartWorker();
    expect(cluster.worker).not.toBe(before);
    await cluster.waitForTaskState('resume', 0, 'RUNNING');
    const all = await cluster.consume('resume-out', { count: 4, converter: 'StringConverter' });
    expect(all.map((r) => r.value)).toEqual(['v0', 'v1', 'v2', 'v3']);
  });
});

async function waitForSunk(n: number): Promise<void> {
  await waitUntil(() => sunk.length >= n, `${n} records in the sink`);
}
