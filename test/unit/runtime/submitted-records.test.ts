import { describe, expect, it } from 'vitest';
import { SubmittedRecords } from '../../../src/runtime/source/submitted-records.js';

describe('SubmittedRecords', () => {
  it('commits a partition only up to the first unacknowledged record', () => {
    const s = new SubmittedRecords();
    const a1 = s.submit({ p: 'a' }, { n: 1 }, 0);
    const a2 = s.submit({ p: 'a' }, { n: 2 }, 0);
    const a3 = s.submit({ p: 'a' }, { n: 3 }, 0);
    const b1 = s.submit({ p: 'b' }, { n: 10 }, 0);
    s.submit(null, null, 0); // no partition: in flight, never an offset
    expect(s.inFlight).toBe(5);

    s.ack(a2);
    s.ack(a3);
    s.ack(b1);
    let c = s.committableOffsets();
    expect([...c.offsets.values()]).toEqual([{ partition: { p: 'b' }, offset: { n: 10 } }]);
    expect(c.uncommittable).toBe(3);

    s.ack(a1);
    c = s.committableOffsets();
    expect([...c.offsets.values()]).toEqual([{ partition: { p: 'a' }, offset: { n: 3 } }]);
    expect(c.committable).toBe(3);
    expect(s.inFlight).toBe(1);
    // nothing new: nothing to commit
    expect(s.committableOffsets().offsets.size).toBe(0);
    s.ack(a1); // idempotent
    expect(s.inFlight).toBe(1);
  });

  it('keys partitions by content: a reused frozen object, a reused object changed in between, equal objects', () => {
    const s = new SubmittedRecords();
    const frozen = Object.freeze({ server: 'a' });
    const mutable: Record<string, string> = { p: 'x' };
    const recs = [s.submit(frozen, { n: 1 }, 0), s.submit(mutable, { n: 1 }, 0)];
    mutable['p'] = 'y'; // a connector that reuses and changes its partition object
    recs.push(s.submit(mutable, { n: 2 }, 0), s.submit(frozen, { n: 2 }, 0));
    recs.push(s.submit({ server: 'a' }, { n: 3 }, 0)); // equal content, another object: the same partition
    for (const r of recs) s.ack(r);
    const c = s.committableOffsets();
    expect(c.committable).toBe(5);
    expect(Object.fromEntries([...c.offsets].map(([k, v]) => [k, v.offset]))).toEqual({
      '{"server":"a"}': { n: 3 },
      '{"p":"x"}': { n: 1 },
      '{"p":"y"}': { n: 2 },
    });
  });

  it('stays correct across compaction of long deques', () => {
    const s = new SubmittedRecords();
    const recs = Array.from({ length: 5000 }, (_, i) => s.submit({ p: 'x' }, { n: i }, 0));
    for (let i = 0; i < 3000; i++) s.ack(recs[i]!);
    expect(s.committableOffsets().offsets.get('{"p":"x"}')?.offset).toEqual({ n: 2999 });
    for (let i = 4999; i >= 3000; i--) s.ack(recs[i]!);
    expect(s.committableOffsets().offsets.get('{"p":"x"}')?.offset).toEqual({ n: 4999 });
    expect(s.inFlight).toBe(0);
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
