/**
 * `GET /metrics`: a Prometheus registry (prom-client) read at scrape time from what the herder and the worker
 * already know — connector and task states from the herder's statuses, and the per-task counters the runtime
 * keeps in `task.stats` (source: polled/written/dropped/commits/send retries; sink: consumed/put/skipped/
 * commits). Nothing is counted twice: every scrape reads the current values. A task's counters restart at 0
 * when the task restarts (Prometheus handles counter resets).
 *
 * Error-policy counters come from `task.errorCounters`; DLQ records, offset commit failures/duration/lag and
 * poll()/put() batch sizes from the task's flow metrics (task-flow-metrics.ts); gauges plugins set through
 * `context.metrics` are appended as `tributary_task_metric` (task-gauge-exposition.ts).
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Herder } from '../cluster/herder.js';
import type { MetricsSource } from './metrics-source.js';
import { registerTaskFlowMetrics, taskHistogramsExposition } from './task-flow-metrics.js';
import { taskGaugeExposition, type TaskGaugeSeries } from './task-gauge-exposition.js';

interface TaskIdLike {
  readonly connector: string;
  readonly task: number;
}

/** The part of the runtime's Worker the metrics read (the Worker satisfies it structurally). */
export interface MetricsWorker {
  taskIds(connector?: string): TaskIdLike[];
  /** Source and sink tasks expose `stats` (and, once the runtime adds it, `errorCounters`). */
  task(id: TaskIdLike): object | undefined;
  /** Gauges a task set through `context.metrics` (exported as tributary_task_metric). */
  taskMetrics?(id: TaskIdLike): ReadonlyArray<{ readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly value: number }>;
}

type TaskCounters = { readonly stats?: Readonly<Record<string, number>>; readonly errorCounters?: Readonly<Record<string, number>> };
const countersOf = (t: object | undefined): TaskCounters | undefined => t as TaskCounters | undefined;

const STATES = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING'];

/** task.stats key → metric (name, help). Keys not listed are not exported. */
const TASK_COUNTERS: Record<string, readonly [string, string]> = {
  polled: ['tributary_source_records_polled_total', 'Records a source task polled (before SMTs)'],
  written: ['tributary_source_records_written_total', 'Records a source task wrote to Kafka (acknowledged)'],
  dropped: ['tributary_source_records_dropped_total', 'Source records dropped by an SMT or a tolerated error'],
  sendRetries: ['tributary_source_send_retries_total', 'Produce requests a source task retried'],
  consumed: ['tributary_sink_records_read_total', 'Records a sink task read from Kafka'],
  put: ['tributary_sink_records_sent_total', 'Records a sink task handed to put() (after SMTs)'],
  skipped: ['tributary_sink_records_skipped_total', 'Sink records dropped by an SMT or a tolerated error'],
  commits: ['tributary_offset_commits_total', 'Offset commits a task completed'],
};
const ERROR_COUNTERS: Record<string, readonly [string, string]> = {
  failures: ['tributary_task_errors_total', 'Failed operations (conversion, SMT, produce, put) seen by the error policy'],
  retries: ['tributary_task_retries_total', 'Operations retried by the error policy'],
  skipped: ['tributary_task_errors_skipped_total', 'Records skipped under errors.tolerance=all'],
};

export function createWorkerMetrics(options: { herder: Herder; worker: MetricsWorker; defaultMetrics?: boolean }): MetricsSource {
  const { herder, worker } = options;
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'tributary_process_' });

  new Gauge({
    name: 'tributary_connector_count', help: 'Connectors on this worker', registers: [registry],
    async collect() {
      this.reset();
      this.set((await herder.connectors()).length);
    },
  });

  // One scrape reads every status once; the gauges below share it.
  let statuses: Promise<Awaited<ReturnType<Herder['connectorStatus']>>[]> | undefined;
  const readStatuses = () => (statuses ??= (async () => {
    const out = [];
    for (const name of await herder.connectors()) {
      try {
        out.push(await herder.connectorStatus(name));
      } catch {
        // deleted meanwhile
      }
    }
    return out;
  })().finally(() => setImmediate(() => (statuses = undefined))));

  new Gauge({
    name: 'tributary_connector_state', help: 'One series per connector, 1 for its current state', labelNames: ['connector', 'type', 'state'], registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readStatuses()) {
        for (const state of STATES) this.set({ connector: s.name, type: s.type, state }, s.connector.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'tributary_task_state', help: 'One series per task, 1 for its current state', labelNames: ['connector', 'task', 'state'], registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readStatuses()) {
        for (const t of s.tasks) for (const state of STATES) this.set({ connector: s.name, task: String(t.id), state }, t.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'tributary_task_count', help: 'Tasks of all connectors by state', labelNames: ['state'], registers: [registry],
    async collect() {
      this.reset();
      const counts = new Map(STATES.map((s) => [s, 0]));
      for (const s of await readStatuses()) for (const t of s.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
      for (const [state, n] of counts) this.set({ state }, n);
    },
  });

  const taskCounter = (key: string, [name, help]: readonly [string, string], from: 'stats' | 'errorCounters') =>
    new Counter({
      name, help, labelNames: ['connector', 'task'], registers: [registry],
      collect() {
        this.reset();
        for (const id of worker.taskIds()) {
          const v = countersOf(worker.task(id))?.[from]?.[key];
          if (typeof v === 'number' && v >= 0) this.inc({ connector: id.connector, task: String(id.task) }, v);
        }
      },
    });
  for (const [key, spec] of Object.entries(TASK_COUNTERS)) taskCounter(key, spec, 'stats');
  for (const [key, spec] of Object.entries(ERROR_COUNTERS)) taskCounter(key, spec, 'errorCounters');

  new Gauge({
    name: 'tributary_source_max_in_flight_records', help: 'Most unacknowledged records a source task has had at once', labelNames: ['connector', 'task'], registers: [registry],
    collect() {
      this.reset();
      for (const id of worker.taskIds()) {
        const v = countersOf(worker.task(id))?.stats?.['maxInFlightSeen'];
        if (typeof v === 'number') this.set({ connector: id.connector, task: String(id.task) }, v);
      }
    },
  });

  registerTaskFlowMetrics(registry, worker);

  const taskGauges = function* (): Generator<TaskGaugeSeries> {
    for (const id of worker.taskIds()) for (const g of worker.taskMetrics?.(id) ?? []) yield { connector: id.connector, task: id.task, ...g };
  };
  return {
    contentType: registry.contentType,
    metrics: async () => (await registry.metrics()) + taskHistogramsExposition(worker) + taskGaugeExposition(taskGauges()),
  };
}
