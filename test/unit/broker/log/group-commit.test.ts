import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../../src/broker/log/group-commit.js';

/** A sync function whose completions the test controls. */
function manualSync() {
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let calls = 0;
  const fn = () => {
    calls++;
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { fn, pending, get calls() { return calls; } };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('resolves at once when nothing was written', async () => {
    const s = manualSync();
    await new GroupCommit(s.fn).flush();
    expect(s.calls).toBe(0);
  });

  it('lets concurrent flushes share fsyncs: many waiters, at most two syncs', async () => {
    const s = manualSync();
    const gc = new GroupCommit(s.fn);
    gc.noteWritten(10);
    const first = gc.flush();
    await tick();
    expect(s.calls).toBe(1);
    // Ten more appends + flushes arrive while the first fsync runs.
    const later: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      gc.noteWritten(10);
      later.push(gc.flush());
    }
    let laterDone = false;
    void Promise.all(later).then(() => (laterDone = true));
    s.pending.shift()!.resolve();
    await first;
    await tick();
    expect(laterDone).toBe(false); // their bytes were written after the first sync started
    expect(s.calls).toBe(2);
    s.pending.shift()!.resolve();
    await Promise.all(later);
    expect(s.calls).toBe(2);
    expect(gc.pending).toBe(false);
  });

  it('rejects waiters when the sync fails and retries on the next flush', async () => {
    const s = manualSync();
    const gc = new GroupCommit(s.fn);
    gc.noteWritten(1);
    const p = gc.flush();
    await tick();
    s.pending.shift()!.reject(new Error('EIO'));
    await expect(p).rejects.toThrow('EIO');
    expect(gc.pending).toBe(true);
    const again = gc.flush();
    await tick();
    s.pending.shift()!.resolve();
    await again;
    expect(gc.pending).toBe(false);
  });
});
