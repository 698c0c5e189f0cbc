/**
 * Task-level gauges a plugin reports about its own progress (`context.metrics`), e.g. how far an initial
 * snapshot got:
 *
 *     this.context.metrics.setGauge('snapshot_rows_done', done, { table: 'public.orders' });
 *
 * The worker exports each gauge on `GET /metrics` as
 * `tributary_task_metric{connector,task,metric="<name>",<labels…>}` and shows the current values in the
 * task's REST status (a Tributary extension, see docs/rest-api.md). Values are dropped when the task stops.
 */
export interface TaskMetrics {
  /**
   * Sets a named gauge for this task. Cheap: safe to call per record. `value` must be finite (NaN and
   * Infinity throw: the task status is JSON). `name` and label names are
   * Prometheus-style (`[a-zA-Z_][a-zA-Z0-9_]*`; label names `connector`, `task` and `metric` are reserved);
   * use few distinct label values (a table name, not a row key).
   */
  setGauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
}

/** Discards every value (for contexts built by hand in tests that do not look at metrics). */
export const noopTaskMetrics: TaskMetrics = Object.freeze({ setGauge() {} });
