/**
 * What source and sink task runners share (Kafka's WorkerTask): the lifecycle, state reports and target
 * state. `stop()` only signals; `awaitStop(ms)` waits; `cancel()` abandons a task that did not stop in time
 * (its resources are closed without a final commit). A failure anywhere in `execute` reports FAILED with
 * the trace and still closes every resource; a clean stop reports UNASSIGNED, as Kafka does.
 */
import type { Logger } from '../api/logger.js';
import { fullTrace } from './errors/error-reporter.js';
import { Notifier } from './notifier.js';
import type { State, TargetState, TaskId } from './status.js';
import { TaskGauges } from './task-gauges.js';
import { BATCH_SIZE_BUCKETS, COMMIT_SECONDS_BUCKETS, TaskHistogram } from './task-histogram.js';

/** How far offset commits trail what the task processed (GET /metrics). */
export interface CommitLag {
  /** Records processed whose offsets no commit covers yet. */
  readonly records: number;
  /** When the oldest of them was submitted/put (ms), or null when there is none. */
  readonly oldestAt: number | null;
}

/** Records sent to the DLQ, and DLQ writes that failed (GET /metrics). */
export interface DlqCounts {
  readonly records: number;
  readonly failures: number;
}

export abstract class WorkerTask {
  abstract readonly kind: 'source' | 'sink';
  readonly id: TaskId;
  protected readonly log: Logger;
  /** Aborted by stop() and cancel(): loops, backoffs and waits end early. */
  protected readonly stopSignal = new AbortController();
  /** Aborted by cancel() only: abandon, no final commit. */
  protected readonly cancelSignal = new AbortController();
  protected readonly targetChanged = new Notifier();
  /** The plugin's `context.metrics`: gauges it set, gone with this object when the task stops. */
  readonly metrics: TaskGauges;
  /** Records per non-empty poll() (source) or put() (sink) batch. */
  readonly batchSizes = new TaskHistogram(BATCH_SIZE_BUCKETS);
  /** Seconds each completed offset commit took. */
  readonly commitSeconds = new TaskHistogram(COMMIT_SECONDS_BUCKETS);
  /** Offset commits that failed (the data is safe; they are retried at the next interval). */
  commitFailures = 0;
  #target: TargetState;
  #state: State = 'UNASSIGNED';
  #trace: string | undefined;
  #done: Promise<void> | undefined;
  #onStatus: (state: State, trace?: string) => void;

  constructor(id: TaskId, log: Logger, initialTarget: TargetState, onStatus: (state: State, trace?: string) => void) {
    this.id = id;
    this.log = log;
    this.#target = initialTarget;
    this.#onStatus = onStatus;
    this.metrics = new TaskGauges({
      onLimit: (name) => log.warn({ metric: name }, 'too many task metric series; ignoring new ones (use fewer distinct label values)'),
    });
  }

  get state(): State {
    return this.#state;
  }
  get trace(): string | undefined {
    return this.#trace;
  }
  get stopping(): boolean {
    return this.stopSignal.signal.aborted;
  }
  protected get paused(): boolean {
    return this.#target === 'PAUSED';
  }

  /** Initializes and starts the plugin task, then runs its loop in the background. */
  run(): Promise<void> {
    return (this.#done ??= this.#lifecycle());
  }

  /** Resolves once the task started (RUNNING/PAUSED) or failed to. */
  protected started!: () => void;
  readonly whenStarted = new Promise<void>((r) => (this.started = r));

  async #lifecycle(): Promise<void> {
    let failed = false;
    try {
      await this.execute();
    } catch (err) {
      failed = true;
      this.#trace = fullTrace(err);
      this.log.error({ err }, 'Task threw an uncaught and unrecoverable exception; it will not recover until manually restarted');
      this.setState('FAILED');
    } finally {
      this.started();
      try {
        await this.close(this.cancelSignal.signal.aborted || failed);
      } catch (err) {
        this.log.warn({ err }, 'error while closing task resources');
      }
      if (!failed) this.setState('UNASSIGNED');
      this.log.info('Task stopped');
    }
  }

  /** Called by subclasses once the plugin task started. */
  protected reportStarted(): void {
    this.setState(this.paused ? 'PAUSED' : 'RUNNING');
    this.started();
  }

  protected setState(state: State): void {
    if (this.#state === state && state !== 'FAILED') return;
    if (this.#state === 'FAILED' && state === 'UNASSIGNED') return;
    this.#state = state;
    this.#onStatus(state, state === 'FAILED' ? this.#trace : undefined);
  }

  /** Failure from a callback outside the loop (producer ack, consumer crash): recorded, loop exits. */
  protected fatal: Error | null = null;
  protected failWith(err: Error): void {
    this.fatal ??= err;
    this.stopSignal.abort();
    this.onStopRequested();
    this.targetChanged.notify();
  }

  transitionTo(target: TargetState): void {
    if (target === this.#target) return;
    this.#target = target;
    if (this.#state === 'RUNNING' || this.#state === 'PAUSED') this.setState(target === 'PAUSED' ? 'PAUSED' : 'RUNNING');
    this.onTargetState(target);
    this.targetChanged.notify();
  }

  /** Signals the task to stop; returns immediately. */
  stop(): void {
    if (this.stopping) return;
    this.stopSignal.abort();
    this.onStopRequested();
    this.targetChanged.notify();
  }

  /** True when the task finished within `timeoutMs`. */
  async awaitStop(timeoutMs: number): Promise<boolean> {
    const done = this.#done ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(0, timeoutMs))));
    const ok = await Promise.race([done.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return ok;
  }

  /** Abandons a task that did not stop in time: no final commit; resources are closed best-effort. */
  cancel(): void {
    this.cancelSignal.abort();
    this.stop();
  }

  /** `p`, or undefined as soon as the task is cancelled (a plugin call that ignores stop() can't hold us). */
  protected untilCancelled<T>(p: Promise<T>): Promise<T | undefined> {
    const signal = this.cancelSignal.signal;
    if (signal.aborted) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const onAbort = () => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e as Error);
        },
      );
    });
  }

  /** Resolves when the lifecycle (including close) ended. */
  get done(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  abstract commitLag(): CommitLag;
  abstract get dlq(): DlqCounts;

  /** Initialize + start the plugin task (call reportStarted), then loop until stopping. Throw to fail. */
  protected abstract execute(): Promise<void>;
  /** Release everything; `abandon` = cancelled or failed (skip the final commit). Must not throw for a second call. */
  protected abstract close(abandon: boolean): Promise<void>;
  /** Make a pending poll/put return soon (e.g. call the plugin's stop()). */
  protected abstract onStopRequested(): void;
  protected onTargetState(_target: TargetState): void {}
}
