/**
 * Per-task flow metrics the runtime keeps on each WorkerTask, read at scrape time: DLQ records, offset
 * commit failures, duration and lag, and poll()/put() batch sizes. Counters and gauges go through prom-client;
 * the two histograms are written by hand from the task's own bucket counts (a prom-client Histogram can only
 * be fed observations, not counts it did not see).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CommitLag, DlqCounts } from '../runtime/worker-task.js';
import type { TaskHistogram } from '../runtime/task-histogram.js';
import { escapeLabel } from './prometheus-text.js';

interface TaskIdLike {
  readonly connector: string;
  readonly task: number;
}

/** What a WorkerTask offers (read structurally: `MetricsWorker.task()` returns `object`). */
interface FlowTask {
  readonly kind: 'source' | 'sink';
  readonly batchSizes: TaskHistogram;
  readonly commitSeconds: TaskHistogram;
  readonly commitFailures: number;
  commitLag(): CommitLag;
  readonly dlq: DlqCounts;
}

export interface FlowWorker {
  taskIds(connector?: string): TaskIdLike[];
  task(id: TaskIdLike): object | undefined;
}

const flowOf = (t: object | undefined): FlowTask | undefined =>
  t !== undefined && 'commitLag' in t && 'batchSizes' in t ? (t as FlowTask) : undefined;

export function registerTaskFlowMetrics(registry: Registry, worker: FlowWorker, now: () => number = Date.now): void {
  const each = (fn: (labels: { connector: string; task: string }, t: FlowTask) => void) => {
    for (const id of worker.taskIds()) {
      const t = flowOf(worker.task(id));
      if (t !== undefined) fn({ connector: id.connector, task: String(id.task) }, t);
    }
  };
  const labelNames = ['connector', 'task'];
  new Counter({
    name: 'tributary_dlq_records_total', help: 'Records a task wrote to its dead letter queue topic', labelNames, registers: [registry],
    collect() {
      this.reset();
      each((l, t) => this.inc(l, t.dlq.records));
    },
  });
  new Counter({
    name: 'tributary_dlq_produce_failures_total', help: 'Records whose write to the dead letter queue topic failed', labelNames, registers: [registry],
    collect() {
      this.reset();
      each((l, t) => this.inc(l, t.dlq.failures));
    },
  });
  new Counter({
    name: 'tributary_offset_commit_failures_total', help: 'Offset commits that failed (retried at the next interval)', labelNames, registers: [registry],
    collect() {
      this.reset();
      each((l, t) => this.inc(l, t.commitFailures));
    },
  });
  new Gauge({
    name: 'tributary_offset_uncommitted_records', help: 'Records a task processed whose offsets no commit covers yet', labelNames, registers: [registry],
    collect() {
      this.reset();
      each((l, t) => this.set(l, t.commitLag().records));
    },
  });
  new Gauge({
    name: 'tributary_offset_commit_lag_seconds', help: 'Age of the oldest record whose offset no commit covers yet (0 when all are committed)', labelNames, registers: [registry],
    collect() {
      this.reset();
      const at = now();
      each((l, t) => {
        const oldest = t.commitLag().oldestAt;
        this.set(l, oldest === null ? 0 : Math.max(0, at - oldest) / 1000);
      });
    },
  });
}

const HISTOGRAMS = [
  { name: 'tributary_offset_commit_duration_seconds', help: 'How long offset commits took (source: offset store write; sink: preCommit/flush + consumer commit)', pick: (t: FlowTask) => t.commitSeconds },
  { name: 'tributary_source_poll_batch_size', help: 'Records per non-empty poll() of a source task', pick: (t: FlowTask) => (t.kind === 'source' ? t.batchSizes : undefined) },
  { name: 'tributary_sink_put_batch_size', help: 'Records per non-empty put() of a sink task (after SMTs)', pick: (t: FlowTask) => (t.kind === 'sink' ? t.batchSizes : undefined) },
] as const;

/** The per-task histograms in Prometheus text format. */
export function taskHistogramsExposition(worker: FlowWorker): string {
  let out = '';
  for (const h of HISTOGRAMS) {
    out += `# HELP ${h.name} ${h.help}\n# TYPE ${h.name} histogram\n`;
    for (const id of worker.taskIds()) {
      const t = flowOf(worker.task(id));
      const hist = t === undefined ? undefined : h.pick(t);
      if (hist === undefined) continue;
      const labels = `connector="${escapeLabel(id.connector)}",task="${id.task}"`;
      const cum = hist.cumulative();
      for (let i = 0; i < hist.buckets.length; i++) out += `${h.name}_bucket{${labels},le="${hist.buckets[i]}"} ${cum[i]}\n`;
      out += `${h.name}_bucket{${labels},le="+Inf"} ${cum[cum.length - 1]}\n`;
      out += `${h.name}_sum{${labels}} ${hist.sum}\n${h.name}_count{${labels}} ${hist.count}\n`;
    }
  }
  return out;
}
