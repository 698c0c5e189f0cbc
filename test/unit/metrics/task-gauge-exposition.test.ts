import { describe, expect, it } from 'vitest';
import { taskGaugeExposition } from '../../../src/metrics/task-gauge-exposition.js';

describe('tributary_task_metric exposition', () => {
  it('writes one family with the connector/task/metric labels plus the gauge\'s own, escaped', () => {
    const text = taskGaugeExposition([
      { connector: 'pg', task: 0, name: 'snapshot_rows_done', labels: { table: 'public.orders' }, value: 1200 },
      { connector: 'we"ird\\name', task: 3, name: 'x', labels: { note: 'a\nb' }, value: Number.NaN },
      { connector: 'pg', task: 1, name: 'y', labels: {}, value: Infinity },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# HELP tributary_task_metric /);
    expect(lines[1]).toBe('# TYPE tributary_task_metric gauge');
    expect(lines.slice(2)).toEqual([
      'tributary_task_metric{connector="pg",task="0",metric="snapshot_rows_done",table="public.orders"} 1200',
      'tributary_task_metric{connector="we\\"ird\\\\name",task="3",metric="x",note="a\\nb"} NaN',
      'tributary_task_metric{connector="pg",task="1",metric="y"} +Inf',
    ]);
  });
});
