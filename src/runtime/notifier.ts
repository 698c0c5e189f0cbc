/** Wakes up waiters when something changed (an ack arrived, a task was resumed). No lost wake-ups: waiters
 *  check their condition in a loop around `wait()`. */
export class Notifier {
  #waiters: Array<() => void> = [];

  /** Resolves on the next `notify()`, when `signal` aborts, or after `timeoutMs`. */
  wait(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(done, Math.max(0, timeoutMs));
    });
  }

  notify(): void {
    const w = this.#waiters;
    if (w.length === 0) return;
    this.#waiters = [];
    for (const f of w) f();
  }
}
