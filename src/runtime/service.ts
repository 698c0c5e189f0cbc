/**
 * The lifecycle base of long-lived runtime objects (tasks, the worker): `stop()` is idempotent — every
 * caller gets the same promise — and aborts `abort.signal` first so loops and backoffs end early.
 */
export abstract class Service {
  #stopped?: Promise<void>;
  protected readonly abort = new AbortController();

  abstract start(): Promise<void>;
  /** Close owned resources in reverse order of acquisition; every close runs even if an earlier one throws. */
  protected abstract doStop(): Promise<void>;

  get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  stop(): Promise<void> {
    return (this.#stopped ??= (async () => {
      this.abort.abort();
      await this.doStop();
    })());
  }
}

/** Runs every closer, in order, even when some throw; returns the errors (callers log them). */
export async function closeAll(closers: ReadonlyArray<() => unknown>): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const close of closers) {
    try {
      await close();
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
