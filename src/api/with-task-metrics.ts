// Not exported from index.ts: only SourceTask/SinkTask use it.
import { noopTaskMetrics, type TaskMetrics } from './task-metrics.js';

/**
 * `context` itself when it carries `metrics`; otherwise a view of it whose `metrics` is the no-op (contexts
 * written by hand before `metrics` existed keep working). Methods stay bound to the original object.
 */
export function withTaskMetrics<C extends { readonly metrics?: TaskMetrics | undefined }>(context: C): C & { readonly metrics: TaskMetrics } {
  if (context.metrics !== undefined) return context as C & { readonly metrics: TaskMetrics };
  return new Proxy(context, {
    get(target, prop) {
      if (prop === 'metrics') return noopTaskMetrics;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  }) as C & { readonly metrics: TaskMetrics };
}
