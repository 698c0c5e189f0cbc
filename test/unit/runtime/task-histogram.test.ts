import { describe, expect, it } from 'vitest';
import { TaskHistogram } from '../../../src/runtime/task-histogram.js';

describe('TaskHistogram', () => {
  it('counts each observation in the first bucket whose bound is >= it; cumulative ends with the total', () => {
    const h = new TaskHistogram([1, 10, 100]);
    for (const v of [1, 2, 10, 11, 1000]) h.observe(v);
    expect(h.cumulative()).toEqual([1, 3, 4, 5]);
    expect(h.count).toBe(5);
    expect(h.sum).toBe(1024);
  });
});
