/**
 * Distributed mode: copies the gauges tasks set through `context.metrics` into their status records (the
 * `metrics` extension field), so any worker's REST shows them. Every `intervalMs` it rewrites the status of
 * each local task whose gauges changed since the last write (or whose record lost them because the herder
 * wrote a state change meanwhile) — at most one write per task per interval, nothing while values stand still.
 * Only a RUNNING/PAUSED status this worker owns is rewritten, with its state and generation unchanged, and
 * only when the task is in that state here: the store's cache can briefly hold an older record (the read-back
 * of an earlier write lands after a newer local write), and rewriting that would undo a pause or resume.
 */
import type { Logger } from '../api/logger.js';
import type { StatusStore } from '../storage/status-store.js';
import type { State, TaskId } from './status.js';
import type { TaskGaugeValue, TaskGauges } from './task-gauges.js';

/** The status store's part. */
export type TaskStatusWriter = Pick<StatusStore, 'get' | 'put'>;

/** The worker's part (Worker fits). */
export interface TaskMetricsSource {
  taskIds(): TaskId[];
  task(id: TaskId): { readonly metrics: TaskGauges; readonly state: State } | undefined;
}

export interface TaskMetricsPublisherOptions {
  readonly worker: TaskMetricsSource;
  readonly store: TaskStatusWriter;
  readonly workerId: string;
  readonly log: Logger;
  /** Default 5 s. */
  readonly intervalMs?: number;
}

interface Published {
  readonly version: number;
  readonly metrics: readonly TaskGaugeValue[];
}

export class TaskMetricsPublisher {
  readonly #o: TaskMetricsPublisherOptions;
  readonly #published = new Map<string, Published>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: TaskMetricsPublisherOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.publish(), this.#o.intervalMs ?? 5000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One round (the timer calls it; tests may too). Resolves when the writes are done. */
  async publish(): Promise<void> {
    const { worker, store, workerId } = this.#o;
    const live = new Set<string>();
    const writes: Promise<unknown>[] = [];
    for (const id of worker.taskIds()) {
      const key = `${id.connector}\0${id.task}`;
      live.add(key);
      const task = worker.task(id);
      if (task === undefined || task.metrics.size === 0) continue;
      const gauges = task.metrics;
      const cur = store.get(id);
      if (cur === undefined || cur.workerId !== workerId || (cur.state !== 'RUNNING' && cur.state !== 'PAUSED')) continue;
      if (cur.state !== task.state) continue; // a stale cached record: wait for the current one
      const last = this.#published.get(key);
      // the record read back from the topic is a new object: compare contents
      if (last !== undefined && last.version === gauges.version && sameMetrics(cur.metrics, last.metrics)) continue;
      const metrics = gauges.values();
      this.#published.set(key, { version: gauges.version, metrics });
      // `cur` is the store's own record: same state, trace, worker and generation, new metrics
      writes.push(
        store.put(id, { ...cur, metrics }).catch((err: unknown) =>
          this.#o.log.warn({ connector: id.connector, task: id.task, err }, 'writing task metrics to the status topic failed'),
        ),
      );
    }
    for (const key of this.#published.keys()) if (!live.has(key)) this.#published.delete(key);
    await Promise.all(writes);
  }
}

function sameMetrics(a: readonly TaskGaugeValue[] | undefined, b: readonly TaskGaugeValue[]): boolean {
  return a !== undefined && a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
