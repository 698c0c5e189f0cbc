// A manual clock + scheduler for coordinator tests: time moves only when a test calls advance().

interface Pending { at: number; fn: () => void; cancelled: boolean; seq: number }

export class ManualTimers {
  now = 1_000_000;
  #pending: Pending[] = [];
  #seq = 0;

  readonly clock = (): number => this.now;

  readonly setTimer = (fn: () => void, delayMs: number): (() => void) => {
    const t: Pending = { at: this.now + Math.max(0, delayMs), fn, cancelled: false, seq: this.#seq++ };
    this.#pending.push(t);
    return () => { t.cancelled = true; };
  };

  get armed(): number {
    return this.#pending.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward, firing due timers in order and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      this.#pending = this.#pending.filter((t) => !t.cancelled);
      const due = this.#pending.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#pending.splice(this.#pending.indexOf(due), 1);
      this.now = due.at;
      due.fn();
      await settle();
    }
    this.now = target;
    await settle();
  }
}

/** Lets every already-resolvable promise chain run (a macrotask turn drains the microtask queue). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
