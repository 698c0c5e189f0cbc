import { describe, expect, it } from 'vitest';
import { AckTracker } from '../../../../connectors/postgres-cdc/ack-tracker.js';

const ev = (txId: number, n: number, lsnCommit: number) => ({ lsn_proc: 1000 + n, lsn_commit: lsnCommit, lsn: 1000 + n, txId, tx_events: n });

describe('AckTracker', () => {
  it('acknowledges nothing beyond the start until offsets are committed', () => {
    const t = new AckTracker(100n);
    t.txBegin();
    t.emitted(ev(7, 1, 100));
    expect(t.advance(null, true)).toBe(100n);
  });

  it('acknowledges the end of a transaction once its last event is committed', () => {
    const t = new AckTracker(100n);
    t.txBegin();
    t.txEnd(7, 2, 200n);
    t.emitted(ev(7, 2, 100));
    expect(t.advance(ev(7, 1, 100), true)).toBe(100n); // mid-transaction: stays before it
    expect(t.advance(ev(7, 2, 100), false)).toBe(200n); // whole transaction committed
  });

  it('catches up with keepalives only when everything handed out is committed and no transaction is open', () => {
    const t = new AckTracker(100n);
    t.txBegin();
    t.txEnd(7, 1, 200n);
    t.emitted(ev(7, 1, 100));
    t.keepalive(500n);
    expect(t.advance(null, true)).toBe(100n);
    expect(t.advance(ev(7, 1, 100), false)).toBe(200n); // records still queued
    expect(t.advance(ev(7, 1, 100), true)).toBe(500n);
    t.txBegin();
    t.keepalive(900n); // inside a transaction: ignored
    expect(t.advance(ev(7, 1, 100), true)).toBe(500n);
  });

  it('never moves backwards', () => {
    const t = new AckTracker(100n);
    t.keepalive(300n);
    expect(t.advance(null, true)).toBe(300n);
    expect(t.advance({ lsn_commit: 150 }, true)).toBe(300n);
  });
});
