/**
 * `tributary_task_metric`: the gauges tasks set through `context.metrics`, in Prometheus text format. Written
 * by hand rather than with a prom-client Gauge because each task brings its own label names (`table`, …),
 * and a prom-client metric has one fixed label set.
 */
import { escapeLabel, formatValue } from './prometheus-text.js';

export const TASK_METRIC_NAME = 'tributary_task_metric';

export interface TaskGaugeSeries {
  readonly connector: string;
  readonly task: number;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export function taskGaugeExposition(series: Iterable<TaskGaugeSeries>): string {
  let out = `# HELP ${TASK_METRIC_NAME} Gauges a task reports about its own progress (context.metrics.setGauge); label metric is the gauge's name\n`;
  out += `# TYPE ${TASK_METRIC_NAME} gauge\n`;
  for (const s of series) {
    let labels = `connector="${escapeLabel(s.connector)}",task="${s.task}",metric="${escapeLabel(s.name)}"`;
    for (const k of Object.keys(s.labels)) labels += `,${k}="${escapeLabel(s.labels[k]!)}"`;
    out += `${TASK_METRIC_NAME}{${labels}} ${formatValue(s.value)}\n`;
  }
  return out;
}

