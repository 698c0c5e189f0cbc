import { describe, expect, it } from 'vitest';
import { ConnectError } from '../../../src/api/errors.js';
import { TaskGauges } from '../../../src/runtime/task-gauges.js';

describe('TaskGauges (context.metrics)', () => {
  it('keeps the last value per name and label set, label order not mattering', () => {
    const g = new TaskGauges();
    g.setGauge('snapshot_rows_total', 10, { table: 'a' });
    g.setGauge('snapshot_rows_done', 1, { table: 'a' });
    g.setGauge('snapshot_rows_done', 5, { table: 'a' });
    g.setGauge('lag', 2, { schema: 's', table: 't' });
    g.setGauge('lag', 3, { table: 't', schema: 's' });
    g.setGauge('plain', 7);
    expect(g.get('snapshot_rows_done', { table: 'a' })).toBe(5);
    expect(g.get('lag', { table: 't', schema: 's' })).toBe(3);
    expect(g.get('snapshot_rows_done', { table: 'b' })).toBeUndefined();
    expect(g.values()).toEqual([
      { name: 'lag', labels: { schema: 's', table: 't' }, value: 3 },
      { name: 'plain', labels: {}, value: 7 },
      { name: 'snapshot_rows_done', labels: { table: 'a' }, value: 5 },
      { name: 'snapshot_rows_total', labels: { table: 'a' }, value: 10 },
    ]);
  });

  it('bumps version only when something changed', () => {
    const g = new TaskGauges();
    const v0 = g.version;
    g.setGauge('x', 1);
    const v1 = g.version;
    g.setGauge('x', 1);
    expect(v1).toBeGreaterThan(v0);
    expect(g.version).toBe(v1);
    g.setGauge('x', 2);
    expect(g.version).toBeGreaterThan(v1);
  });

  it('copies the labels object (a later mutation by the caller does not leak in)', () => {
    const g = new TaskGauges();
    const labels: Record<string, string> = { table: 'a' };
    g.setGauge('x', 1, labels);
    labels['table'] = 'b';
    expect(g.values()[0]!.labels).toEqual({ table: 'a' });
  });

  it.each([
    ['bad name', () => new TaskGauges().setGauge('rows-done', 1)],
    ['digit first', () => new TaskGauges().setGauge('1rows', 1)],
    ['reserved label', () => new TaskGauges().setGauge('x', 1, { connector: 'c' })],
    ['bad label name', () => new TaskGauges().setGauge('x', 1, { 'my-table': 'c' })],
    ['__ label', () => new TaskGauges().setGauge('x', 1, { __name__: 'c' })],
    ['non-string label value', () => new TaskGauges().setGauge('x', 1, { table: 3 as unknown as string })],
    ['non-number value', () => new TaskGauges().setGauge('x', '1' as unknown as number)],
    ['NaN (the task status is JSON)', () => new TaskGauges().setGauge('x', Number.NaN)],
    ['Infinity', () => new TaskGauges().setGauge('x', -Infinity)],
    ['NaN for an existing series', () => { const g = new TaskGauges(); g.setGauge('x', 1); g.setGauge('x', 0 / 0); }],
  ])('rejects %s with TRIB_TASK_METRIC_INVALID', (_what, call) => {
    expect(call).toThrow(ConnectError);
    try {
      call();
    } catch (err) {
      expect((err as ConnectError).code).toBe('TRIB_TASK_METRIC_INVALID');
    }
  });

  it('ignores new series past the cap and reports it once; existing ones still update', () => {
    const limited: string[] = [];
    const g = new TaskGauges({ maxSeries: 2, onLimit: (n) => limited.push(n) });
    g.setGauge('a', 1);
    g.setGauge('b', 1);
    g.setGauge('c', 1);
    g.setGauge('d', 1);
    g.setGauge('a', 9);
    expect(g.size).toBe(2);
    expect(g.get('a')).toBe(9);
    expect(g.get('c')).toBeUndefined();
    expect(limited).toEqual(['c']);
  });
});
