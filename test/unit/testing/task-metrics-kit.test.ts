/** context.metrics in the test kit, and for contexts written by hand (no `metrics`: a no-op, methods intact). */
import { describe, expect, it } from 'vitest';
import {
  SinkTask, SourceTask, noopTaskMetrics, silentLogger, sinkRecord,
  type ConnectorProps, type SinkRecord, type SinkTaskContext, type SourceRecord, type TopicPartition,
} from 'tributary';
import { SinkTaskHarness, SourceTaskHarness } from 'tributary/testing';

class SnapshotTask extends SourceTask {
  #done = 0;
  version() { return '1'; }
  start() { this.context.metrics.setGauge('snapshot_rows_total', 4, { table: 'public.orders' }); }
  async poll(): Promise<SourceRecord[]> {
    this.#done += 2;
    this.context.metrics.setGauge('snapshot_rows_done', this.#done, { table: 'public.orders' });
    return [];
  }
  stop() {}
}

class CountingSink extends SinkTask {
  seen = 0;
  version() { return '1'; }
  start() {}
  put(records: readonly SinkRecord[]) {
    this.seen += records.length;
    this.context.metrics.setGauge('rows_seen', this.seen);
    this.context.requestCommit();
  }
  stop() {}
}

class BadNameTask extends SourceTask {
  version() { return '1'; }
  start() {}
  async poll(): Promise<SourceRecord[]> {
    this.context.metrics.setGauge('rows-done', 1);
    return [];
  }
  stop() {}
}

describe('context.metrics in the test kit', () => {
  it('SourceTaskHarness records the gauges a source task sets', async () => {
    const h = await SourceTaskHarness.start(SnapshotTask, {});
    await h.poll();
    await h.poll();
    expect(h.metrics.get('snapshot_rows_done', { table: 'public.orders' })).toBe(4);
    expect(h.metrics.values()).toEqual([
      { name: 'snapshot_rows_done', labels: { table: 'public.orders' }, value: 4 },
      { name: 'snapshot_rows_total', labels: { table: 'public.orders' }, value: 4 },
    ]);
    await h.stop();
  });

  it('SinkTaskHarness records the gauges a sink task sets', async () => {
    const h = await SinkTaskHarness.start(CountingSink, {});
    await h.put([sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: 'a' }), sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 1, value: 'b' })]);
    expect(h.metrics.get('rows_seen')).toBe(2);
    expect(h.context.metrics).toBe(h.metrics);
    await h.stop();
  });

  it('a bad gauge name fails in the harness as it would on a worker', async () => {
    const h = await SourceTaskHarness.start(BadNameTask, {});
    await expect(h.poll()).rejects.toMatchObject({ code: 'TRIB_TASK_METRIC_INVALID' });
  });
});

/** A context class written before `metrics` existed, with private state its methods rely on. */
class OldSinkContext implements SinkTaskContext {
  readonly log = silentLogger;
  #commits = 0;
  constructor(private readonly props: ConnectorProps) {}
  configs() { return this.props; }
  offset() {}
  timeout() {}
  assignment(): TopicPartition[] { return []; }
  pause() {}
  resume() {}
  requestCommit() { this.#commits++; }
  errantRecordReporter() { return null; }
  get commits() { return this.#commits; }
}

describe('contexts without metrics', () => {
  it('get the no-op, and their methods still run against the original object', async () => {
    const ctx = new OldSinkContext({ a: 'b' });
    const task = new CountingSink();
    task.initialize(ctx);
    await task.start();
    await task.put([sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, value: 'a' })]);
    expect(ctx.commits).toBe(1); // requestCommit reached the private field through the view
    expect((task as unknown as { context: SinkTaskContext }).context.metrics).toBe(noopTaskMetrics);
    expect((task as unknown as { context: SinkTaskContext }).context.configs()).toEqual({ a: 'b' });
  });

  it('a context that has metrics is used as is', () => {
    const task = new CountingSink();
    const ctx = Object.assign(new OldSinkContext({}), { metrics: noopTaskMetrics });
    task.initialize(ctx);
    expect((task as unknown as { context: SinkTaskContext }).context).toBe(ctx);
  });
});
