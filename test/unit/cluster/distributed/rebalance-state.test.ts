import { describe, expect, it } from 'vitest';
import { RebalanceNeededError } from '../../../../src/cluster/herder-errors.js';
import { RebalanceState } from '../../../../src/cluster/distributed/rebalance-state.js';

describe('rebalance state', () => {
  it('is pending until the first assignment; check() is Kafka\'s 409 while pending', async () => {
    const r = new RebalanceState();
    expect(r.pending).toBe(true);
    expect(() => r.check()).toThrow(RebalanceNeededError);
    let caught: unknown;
    try {
      r.check();
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ status: 409, message: 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)' });
    const waiting = r.settled(10_000);
    r.resolved();
    await waiting;
    expect(() => r.check()).not.toThrow();
    r.expect();
    expect(r.pending).toBe(true);
    await expect(r.settled(1)).rejects.toMatchObject({ status: 409 });
  });

  it('holds joins for a test until released (and on close)', async () => {
    const r = new RebalanceState();
    expect(r.beforeJoin()).toBeUndefined();
    const release = r.holdJoinsForTests();
    let passed = false;
    const held = r.beforeJoin()!.then(() => (passed = true));
    await Promise.resolve();
    expect(passed).toBe(false);
    release();
    await held;
    expect(passed).toBe(true);
    expect(r.beforeJoin()).toBeUndefined();
    r.holdJoinsForTests();
    const again = r.beforeJoin()!;
    r.close();
    await again;
  });
});
