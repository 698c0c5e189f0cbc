/**
 * What a worker command started, undone in reverse order on stop or on a failed start; a failing step is
 * logged and the rest still run (a REST server that will not close must not keep the broker open).
 */
import type { Logger } from './api/logger.js';

export class ShutdownSteps {
  readonly #steps: Array<() => Promise<unknown>> = [];
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  add(...steps: Array<() => Promise<unknown>>): void {
    this.#steps.push(...steps);
  }

  /** Runs every step added so far, newest first; each runs once. */
  async run(): Promise<void> {
    for (let step = this.#steps.pop(); step !== undefined; step = this.#steps.pop()) {
      await step().catch((err: unknown) => this.#log.error({ err }, 'shutdown step failed'));
    }
  }
}
