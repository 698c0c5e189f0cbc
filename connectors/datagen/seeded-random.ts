/**
 * A small, fast, seedable PRNG (mulberry32) and a mixer that derives an independent stream per
 * (seed, task, iteration). Record i of a task is a pure function of those three numbers, so a task that
 * resumes from its committed iteration produces exactly the records it would have produced anyway.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** 32-bit hash of (seed, task, iteration): the seed of that record's own stream. */
export function recordSeed(seed: number, task: number, iteration: number): number {
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ Math.imul(task + 1, 0xc2b2ae35), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ (iteration >>> 0) ^ Math.floor(iteration / 4294967296), 0x165667b1);
  return (h ^ (h >>> 16)) >>> 0;
}
