/**
 * The one place that owns error policy (Kafka Connect's RetryWithToleranceOperator). Every risky step of a
 * task loop runs through `runSync` (converters, SMTs: synchronous, no promise per record) or `run` (poll,
 * put, produce). On failure the policy:
 *
 *  1. retries `RetriableError` with exponential backoff (300 ms × 2^(n-1); once that passes
 *     `errors.retry.delay.max.ms`, a random delay below it) until `errors.retry.timeout` (0 = never, -1 =
 *     forever); the stop signal cuts a backoff short. `run` retries in place. `runSync` cannot wait without
 *     blocking the event loop, so it marks the context `retrying`; the (async) task loop then calls
 *     `awaitRetry(ctx)` and runs the whole record again — no promise per record on the happy path;
 *  2. hands a snapshot of the processing context to every reporter (log, DLQ) — tolerated or not, as Kafka;
 *  3. tolerates (returns undefined, `ctx.failed` is true) when `errors.tolerance=all` and the error is
 *     tolerable in that stage (any error in SMT/converter stages, retriable ones elsewhere), else throws
 *     `ToleranceExceededError` naming the stage, class and record — the task then fails.
 *
 * Callers stay flat: a few `runSync` calls, then `if (ctx.retrying) await policy.awaitRetry(ctx), redo`,
 * `if (ctx.failed) skip`. No try/catch in task loops.
 */
import { ConnectError, RetriableError } from '../../api/errors.js';
import { systemClock, type Clock } from '../clock.js';
import type { ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';
import { anyErrorTolerable, type Stage } from './stage.js';

export interface ErrorPolicyConfig {
  /** ms; 0 = no retries, -1 = retry forever */
  readonly retryTimeoutMs: number;
  readonly retryDelayMaxMs: number;
  readonly tolerance: 'none' | 'all';
}

const RETRY_BASE_MS = 300;

export class ToleranceExceededError extends ConnectError {
  readonly stage: Stage;
  constructor(message: string, stage: Stage, cause: unknown) {
    super(message, { cause, code: 'TRIB_TOLERANCE_EXCEEDED' });
    this.stage = stage;
  }
}

export interface ErrorCounters {
  failures: number;
  retries: number;
  skipped: number;
}

export class RetryWithTolerance {
  readonly config: ErrorPolicyConfig;
  readonly counters: ErrorCounters = { failures: 0, retries: 0, skipped: 0 };
  readonly #reporters: readonly ErrorReporter[];
  readonly #signal: AbortSignal;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #pending = new Set<Promise<void>>();
  #reportError: Error | null = null;

  constructor(
    config: ErrorPolicyConfig,
    reporters: readonly ErrorReporter[],
    signal: AbortSignal,
    options: { clock?: Clock; random?: () => number } = {},
  ) {
    this.config = config;
    this.#reporters = reporters;
    this.#signal = signal;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
  }

  get toleratesAll(): boolean {
    return this.config.tolerance === 'all';
  }

  /** A synchronous stage (converter, SMT). Returns undefined when it failed and was tolerated. */
  runSync<T>(ctx: ProcessingContext, stage: Stage, executingClass: string, fn: () => T): T | undefined {
    if (ctx.error !== null || ctx.retryError !== null) return undefined; // an earlier stage failed: skip the rest
    ctx.stage = stage;
    ctx.executingClass = executingClass;
    try {
      return fn();
    } catch (err) {
      if (err instanceof RetriableError && this.config.retryTimeoutMs !== 0 && !this.#signal.aborted) {
        if (ctx.attempts === 0) {
          const t = this.config.retryTimeoutMs;
          ctx.retryDeadline = t < 0 ? Infinity : this.#clock.now() + t;
        }
        if (this.#clock.now() < ctx.retryDeadline) {
          ctx.attempts++;
          ctx.retryError = err;
          this.counters.retries++;
          return undefined;
        }
      }
      this.#failed(ctx, err);
      return undefined;
    }
  }

  /**
   * After a `runSync` marked `ctx.retrying`: waits the backoff (cut short by stop) and clears the mark so the
   * caller can run the record again. Returns false when stopping (the caller then gives up on the record).
   */
  async awaitRetry(ctx: ProcessingContext): Promise<boolean> {
    await this.#clock.sleep(this.backoffMs(ctx.attempts, ctx.retryDeadline), this.#signal);
    ctx.retryError = null;
    return !this.#signal.aborted;
  }

  /** An asynchronous stage (poll, put, produce), retried on RetriableError per errors.retry.*. */
  async run<T>(ctx: ProcessingContext, stage: Stage, executingClass: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    if (ctx.error !== null) return undefined;
    ctx.stage = stage;
    ctx.executingClass = executingClass;
    const timeout = this.config.retryTimeoutMs;
    const deadline = timeout < 0 ? Infinity : this.#clock.now() + timeout;
    for (let attempt = 1; ; attempt++) {
      ctx.attempts = attempt;
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof RetriableError) || this.#signal.aborted || this.#clock.now() >= deadline) {
          this.#failed(ctx, err);
          return undefined;
        }
        this.counters.retries++;
        await this.#clock.sleep(this.backoffMs(attempt, deadline), this.#signal);
        if (this.#signal.aborted) {
          this.#failed(ctx, err);
          return undefined;
        }
      }
    }
  }

  /** The wait before retry number `attempt` (1-based), never past `deadline`. */
  backoffMs(attempt: number, deadline: number): number {
    let delay = RETRY_BASE_MS * 2 ** (attempt - 1);
    const max = this.config.retryDelayMaxMs;
    if (delay > max) delay = Math.floor(this.#random() * max);
    return Math.max(0, Math.min(delay, deadline - this.#clock.now()));
  }

  /**
   * A failure that did not come from an operation the policy ran (errant record reports, produce failures
   * seen in a send callback). Reports it, then tolerates or throws like `runSync`.
   */
  fail(ctx: ProcessingContext, stage: Stage, executingClass: string, err: unknown, options: { anyStage?: boolean } = {}): Promise<void> {
    ctx.stage = stage;
    ctx.executingClass = executingClass;
    return this.#failed(ctx, err, options.anyStage ?? false);
  }

  /** Reports the failure; returns the reports' completion (ignored by synchronous callers: tracked anyway). */
  #failed(ctx: ProcessingContext, err: unknown, anyStage = false): Promise<void> {
    const error = err instanceof Error ? err : new Error(String(err));
    ctx.error = error;
    this.counters.failures++;
    const reported = this.#report(ctx);
    const tolerable = this.config.tolerance === 'all' && (anyStage || anyErrorTolerable(ctx.stage) || error instanceof RetriableError);
    if (!tolerable) {
      const why = this.config.tolerance === 'all' ? 'Unhandled exception in error handler' : 'Tolerance exceeded in error handler';
      throw new ToleranceExceededError(
        `${why}: ${ctx.stage} failed in ${ctx.executingClass} for ${ctx.describeRecord()}: ${error.message}`,
        ctx.stage,
        error,
      );
    }
    this.counters.skipped++;
    return reported;
  }

  #report(ctx: ProcessingContext): Promise<void> {
    if (this.#reporters.length === 0) return Promise.resolve();
    const snap = ctx.snapshot();
    const all: Promise<void>[] = [];
    for (const r of this.#reporters) {
      let p: void | Promise<void>;
      try {
        p = r.report(snap);
      } catch (err) {
        this.#reportError ??= err as Error;
        all.push(Promise.reject(err as Error));
        continue;
      }
      if (p instanceof Promise) {
        all.push(p);
        const tracked: Promise<void> = p.then(
          () => void this.#pending.delete(tracked),
          (err: Error) => {
            this.#pending.delete(tracked);
            this.#reportError ??= err;
          },
        );
        this.#pending.add(tracked);
      }
    }
    if (all.length === 0) return Promise.resolve();
    const done = Promise.all(all).then(() => undefined);
    done.catch(() => undefined); // tracked above; callers that ignore the result must not see an unhandled rejection
    return done;
  }

  /**
   * Waits until every report so far is durable (DLQ records acked); throws the first reporting failure.
   * Sink tasks call this before committing offsets, so a record is never committed before it is in the DLQ.
   */
  async awaitReports(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    if (this.#reportError) {
      throw new ConnectError(`could not report a failed record (dead letter queue): ${this.#reportError.message}`, {
        cause: this.#reportError,
        code: 'TRIB_DLQ_FAILED',
      });
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    for (const r of this.#reporters) await r.close().catch(() => undefined);
  }
}
