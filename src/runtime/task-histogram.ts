/**
 * A fixed-bucket histogram one task fills as it runs (batch sizes, offset commit durations). Kept in the
 * runtime as plain numbers so observing costs a short loop and no allocation; GET /metrics reads it at
 * scrape time and writes Prometheus `_bucket`/`_sum`/`_count` series (src/metrics).
 */
export class TaskHistogram {
  /** Upper bounds, ascending; `+Inf` is implicit. */
  readonly buckets: readonly number[];
  /** Non-cumulative counts; the last slot is above the highest bound. */
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(buckets: readonly number[]) {
    this.buckets = buckets;
    this.#counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(v: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.#counts[i]!++;
    this.#sum += v;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  /** Cumulative counts per bound (`le`), ending with +Inf (= count). */
  cumulative(): number[] {
    const out: number[] = [];
    let acc = 0;
    for (const c of this.#counts) out.push((acc += c));
    return out;
  }
}

/** Records per poll()/put() batch. */
export const BATCH_SIZE_BUCKETS: readonly number[] = [1, 5, 10, 50, 100, 500, 1000, 5000, 10000];
/** Seconds per offset commit. */
export const COMMIT_SECONDS_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];
