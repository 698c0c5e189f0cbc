import { describe, expect, it } from 'vitest';
import { TaskHistogram } from '../../../src/runtime/task-histogram.js';
import { SubmittedRecords } from '../../../src/runtime/source/submitted-records.js';

describe('TaskHistogram', () => {
  it('counts each observation in the first bucket whose bound is >= it; cumulative ends with the total', () => {
    const h = new TaskHistogram([1, 10, 100]);
    for (const v of [1, 2, 10, 11, 1000]) h.observe(v);
    expect(h.cumulative()).toEqual([1, 3, 4, 5]);
    expect(h.count).toBe(5);
    expect(h.sum).toBe(1024);
  });
});

describe('SubmittedRecords commit lag', () => {
  it('counts records until a commit covers them and reports the oldest one\'s submission time', () => {
    const s = new SubmittedRecords();
    const a1 = s.submit({ p: 'a' }, { n: 1 }, 100);
    const a2 = s.submit({ p: 'a' }, { n: 2 }, 200);
    const b1 = s.submit({ p: 'b' }, { n: 1 }, 150);
    s.submit(null, null, 50); // no offset: never waits for a commit
    expect(s.uncommitted).toBe(3);
    expect(s.oldestUncommittedAt()).toBe(100);
    s.ack(a1);
    s.ack(b1);
    s.committableOffsets();
    expect(s.uncommitted).toBe(1);
    expect(s.oldestUncommittedAt()).toBe(200);
    s.ack(a2);
    s.committableOffsets();
    expect(s.uncommitted).toBe(0);
    expect(s.oldestUncommittedAt()).toBeNull();
  });
});
