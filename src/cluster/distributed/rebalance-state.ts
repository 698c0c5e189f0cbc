/**
 * Whether this worker expects a rebalance — Kafka Connect's `needsReconfigRebalance` plus the time its group
 * member spends rejoining. From the moment a config change that needs a rebalance is read (a connector added
 * or removed, task configs committed) or the member starts rejoining, until the next assignment is applied,
 * answers that depend on the assignment or the leader are stale: those requests get a 409
 * (RebalanceNeededError), and leader writes wait for the rebalance to finish (Kafka queues them behind its
 * tick thread, which is busy rejoining).
 */
import { ConflictError, RebalanceNeededError } from '../herder-errors.js';

export class RebalanceState {
  // Pending until the first assignment: a worker that has not joined knows neither leader nor work.
  #pending = true;
  #waiters: Array<() => void> = [];
  #hold: { promise: Promise<void>; release: () => void } | undefined;

  get pending(): boolean {
    return this.#pending;
  }

  /** A rebalance is needed or under way. */
  expect(): void {
    this.#pending = true;
  }

  /** The worker applied the assignment of a completed rebalance. */
  resolved(): void {
    this.#pending = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Throws the 409 while a rebalance is pending. */
  check(): void {
    if (this.#pending) throw new RebalanceNeededError();
  }

  /** Resolves once no rebalance is pending; a 409 if that takes longer than `timeoutMs`. */
  settled(timeoutMs: number): Promise<void> {
    if (!this.#pending) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        reject(new ConflictError('Cannot complete request because of a conflicting operation (e.g. worker rebalance)'));
      }, timeoutMs);
      this.#waiters.push(done);
    });
  }

  /** Lets a held join go (the worker is stopping). */
  close(): void {
    this.#hold?.release();
    this.#hold = undefined;
  }

  /** Awaited by the group member before each JoinGroup; only a test hold makes it wait. */
  beforeJoin(): Promise<void> | undefined {
    return this.#hold?.promise;
  }

  /**
   * Test seam: holds this worker's next JoinGroup requests until the returned function is called, so a test
   * can keep the whole group's rebalance open (the coordinator waits for every member to rejoin, up to the
   * session timeout for a member that has not sent JoinGroup yet). Never used by the runtime.
   */
  holdJoinsForTests(): () => void {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    const hold = { promise, release };
    this.#hold = hold;
    return () => {
      if (this.#hold === hold) this.#hold = undefined;
      hold.release();
    };
  }
}
