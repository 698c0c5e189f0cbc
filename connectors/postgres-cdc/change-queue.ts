/**
 * The bounded hand-off between the replication stream (producer) and `poll()` (consumer). When it holds
 * `capacity` records the producer is told to stop reading the socket; `poll` drains a batch and wakes it.
 * A failure on the producer side is stored and thrown from the next `take`.
 */
import type { SourceRecord } from '../../src/api/index.js';

export class ChangeQueue {
  #items: SourceRecord[] = [];
  #head = 0;
  #waiter: (() => void) | null = null;
  #spaceWaiters: (() => void)[] = [];
  #failure: Error | null = null;
  #closed = false;

  constructor(
    readonly capacity: number,
    /** Called when the queue drains below capacity after being full. */
    private readonly onSpace: () => void = () => {},
  ) {}

  get size(): number {
    return this.#items.length - this.#head;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  push(record: SourceRecord): void {
    this.#items.push(record);
    this.#wake();
  }

  /** Resolves once there is room (for producers that can wait, such as the snapshot reader). */
  async whenSpace(): Promise<void> {
    while (this.full && !this.#closed) {
      await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
    }
  }

  fail(err: Error): void {
    this.#failure ??= err;
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
    for (const w of this.#spaceWaiters.splice(0)) w();
  }

  /** Up to `max` records, waiting up to `waitMs` for the first one. */
  async take(max: number, waitMs: number): Promise<SourceRecord[]> {
    if (this.size === 0 && this.#failure === null && !this.#closed && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#waiter = null;
          resolve();
        }, waitMs);
        this.#waiter = () => {
          clearTimeout(timer);
          this.#waiter = null;
          resolve();
        };
      });
    }
    if (this.size === 0 && this.#failure !== null) throw this.#failure;
    const wasFull = this.full;
    const n = Math.min(max, this.size);
    const out = this.#items.slice(this.#head, this.#head + n);
    this.#head += n;
    if (this.#head > 4096 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (!this.full) {
      for (const w of this.#spaceWaiters.splice(0)) w();
      if (wasFull) this.onSpace();
    }
    return out;
  }

  #wake(): void {
    this.#waiter?.();
  }
}
