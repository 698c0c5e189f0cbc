/**
 * GET /metrics over HTTP from a real worker on the embedded broker: DLQ records, offset commit duration and
 * lag, poll()/put() batch sizes, and the gauges tasks set through `context.metrics` (also in the task's REST
 * status, and gone once the task stops).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SinkConnector, SinkTask, SourceConnector, SourceTask, Schemas, defineConfig, sourceRecord,
  type ConnectorProps, type PluginDescriptor, type SinkRecord, type SourceRecord, type TopicPartitionOffsets,
} from 'tributary';
import { startTestCluster, waitUntil, type TestCluster } from 'tributary/testing';

const noConfig = defineConfig({});

/** Emits `count` records in polls of 5, reporting its progress as gauges, then idles. */
class GaugedTask extends SourceTask {
  #done = 0; #count = 0; #topic = '';
  version() { return '1'; }
  start(props: ConnectorProps) {
    this.#count = Number(props.count);
    this.#topic = props.topic!;
    this.context.metrics.setGauge('rows_total', this.#count, { table: 'public.orders' });
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.#done >= this.#count) { await new Promise((r) => setTimeout(r, 20)); return null; }
    const out: SourceRecord[] = [];
    for (let i = 0; i < 5; i++, this.#done++) {
      out.push(sourceRecord({ topic: this.#topic, value: `v${this.#done}`, valueSchema: Schemas.STRING, sourcePartition: { s: 1 }, sourceOffset: { n: this.#done } }));
    }
    this.context.metrics.setGauge('rows_done', this.#done, { table: 'public.orders' });
    return out;
  }
  stop() {}
}

/** Collects; with `hold=true` its preCommit confirms nothing, so offsets never commit (commit lag grows). */
class CollectTask extends SinkTask {
  #hold = false;
  version() { return '1'; }
  start(props: ConnectorProps) { this.#hold = props.hold === 'true'; }
  put(_records: readonly SinkRecord[]) {}
  override async preCommit(current: TopicPartitionOffsets): Promise<TopicPartitionOffsets> {
    return this.#hold ? [] : current;
  }
  stop() {}
}

class GaugedSource extends SourceConnector {
  #props: ConnectorProps = {};
  version() { return '1'; }
  config() { return noConfig; }
  start(props: ConnectorProps) { this.#props = props; }
  taskClass() { return GaugedTask; }
  taskConfigs() { return [this.#props]; }
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
  { kind: 'source', className: 'test.GaugedSource', version: '1', create: () => new GaugedSource() },
  { kind: 'sink', className: 'test.CollectSink', version: '1', create: () => new CollectSink() },
];

/** Prometheus text → `name{labels}` → value (labels as written by the exporter). */
async function scrape(cluster: TestCluster): Promise<Map<string, number>> {
  const res = await fetch(`${cluster.restUrl}/metrics`);
  expect(res.status).toBe(200);
  const out = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ plugins, rest: true });
});
afterAll(async () => {
  await cluster?.close();
});

describe('GET /metrics: task flow metrics', () => {
  it('counts DLQ records and sink put batches; commits leave no lag', async () => {
    const json = { class: 'JsonConverter', config: { 'schemas.enable': 'false' } };
    await cluster.produce('in', [{ value: { id: 1 } }, { value: { id: 2 } }], { converter: json });
    await cluster.produce('in', ['not json at all']);
    await cluster.createConnector('collect', {
      'connector.class': 'test.CollectSink', topics: 'in',
      'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'collect-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
    });
    await cluster.readDlq('collect-dlq', { count: 1 });
    const l = '{connector="collect",task="0"}';
    let m = new Map<string, number>();
    await waitUntil(async () => {
      m = await scrape(cluster);
      return m.get(`tributary_dlq_records_total${l}`) === 1 && (m.get(`tributary_offset_commit_duration_seconds_count${l}`) ?? 0) >= 1
        && m.get(`tributary_offset_uncommitted_records${l}`) === 0;
    }, () => `DLQ record counted and offsets committed; saw ${[...m].filter(([k]) => k.includes('collect')).join(' ')}`);
    expect(m.get(`tributary_task_errors_total${l}`)).toBe(1);
    expect(m.get(`tributary_dlq_produce_failures_total${l}`)).toBe(0);
    expect(m.get(`tributary_sink_put_batch_size_sum${l}`)).toBe(2); // the bad record never reached put()
    expect(m.get(`tributary_sink_put_batch_size_bucket{connector="collect",task="0",le="+Inf"}`)).toBe(m.get(`tributary_sink_put_batch_size_count${l}`));
    expect(m.get(`tributary_offset_commit_duration_seconds_sum${l}`)).toBeGreaterThanOrEqual(0);
    expect(m.get(`tributary_offset_commit_duration_seconds_sum${l}`)).toBeLessThan(30);
    expect(m.get(`tributary_offset_commit_lag_seconds${l}`)).toBe(0);
    expect(m.get(`tributary_offset_commit_failures_total${l}`)).toBe(0);
    expect(m.has(`tributary_source_poll_batch_size_count${l}`)).toBe(false); // a sink has no poll batches
  });

  it('shows commit lag while a sink confirms nothing', async () => {
    await cluster.produce('held', ['a', 'b', 'c']);
    await cluster.createConnector('held', { 'connector.class': 'test.CollectSink', topics: 'held', hold: 'true', 'value.converter': 'StringConverter' });
    const l = '{connector="held",task="0"}';
    let m = new Map<string, number>();
    await waitUntil(async () => {
      m = await scrape(cluster);
      return m.get(`tributary_offset_uncommitted_records${l}`) === 3 && (m.get(`tributary_offset_commit_lag_seconds${l}`) ?? 0) > 0.2;
    }, () => `3 uncommitted records aging; saw ${[...m].filter(([k]) => k.includes('held')).join(' ')}`);
    expect(m.get(`tributary_offset_commit_duration_seconds_count${l}`)).toBe(0);
    await cluster.deleteConnector('held');
  });

  it('measures poll batches and exports context.metrics gauges, also in the task status, dropped when the task stops', async () => {
    await cluster.createConnector('gauged', { 'connector.class': 'test.GaugedSource', topic: 'gauged-out', count: '20', 'value.converter': 'StringConverter' });
    const l = '{connector="gauged",task="0"}';
    const done = 'tributary_task_metric{connector="gauged",task="0",metric="rows_done",table="public.orders"}';
    let m = new Map<string, number>();
    await waitUntil(async () => {
      m = await scrape(cluster);
      return m.get(done) === 20 && m.get(`tributary_offset_uncommitted_records${l}`) === 0 && (m.get(`tributary_offset_commit_duration_seconds_count${l}`) ?? 0) >= 1;
    }, () => `20 records polled and committed; saw ${[...m].filter(([k]) => k.includes('gauged')).join(' ')}`);
    expect(m.get('tributary_task_metric{connector="gauged",task="0",metric="rows_total",table="public.orders"}')).toBe(20);
    expect(m.get(`tributary_source_poll_batch_size_count${l}`)).toBe(4);
    expect(m.get(`tributary_source_poll_batch_size_sum${l}`)).toBe(20);
    expect(m.get('tributary_source_poll_batch_size_bucket{connector="gauged",task="0",le="1"}')).toBe(0);
    expect(m.get('tributary_source_poll_batch_size_bucket{connector="gauged",task="0",le="5"}')).toBe(4);
    expect(m.get(`tributary_source_records_written_total${l}`)).toBe(20);
    expect(m.get(`tributary_offset_commit_lag_seconds${l}`)).toBe(0);
    expect(m.get(`tributary_dlq_records_total${l}`)).toBe(0);

    const status = (await (await fetch(`${cluster.restUrl}/connectors/gauged/status`)).json()) as { tasks: Array<Record<string, unknown>> };
    expect(status.tasks[0]).toMatchObject({ id: 0, state: 'RUNNING' });
    expect(status.tasks[0]!.metrics).toEqual([
      { name: 'rows_done', labels: { table: 'public.orders' }, value: 20 },
      { name: 'rows_total', labels: { table: 'public.orders' }, value: 20 },
    ]);
    const task = (await (await fetch(`${cluster.restUrl}/connectors/gauged/tasks/0/status`)).json()) as Record<string, unknown>;
    expect(task.metrics).toEqual(status.tasks[0]!.metrics);
    // a task without gauges shows Kafka Connect's fields only
    const collect = (await (await fetch(`${cluster.restUrl}/connectors/collect/tasks/0/status`)).json()) as Record<string, unknown>;
    expect(Object.keys(collect).sort()).toEqual(['id', 'state', 'worker_id']);

    await cluster.deleteConnector('gauged');
    const after = await scrape(cluster);
    expect([...after.keys()].filter((k) => k.includes('connector="gauged"'))).toEqual([]);
  });
});
