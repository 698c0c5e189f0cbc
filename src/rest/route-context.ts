import type { Logger } from '../api/logger.js';
import type { Herder } from '../cluster/herder.js';

/** What every route group gets: the herder, and `call` to bound a herder request by the REST timeout. */
export interface RouteContext {
  /** Throws a 503 HerderError while the worker is still starting. */
  readonly herder: Herder;
  /** False until the worker has finished starting (the herder is set). */
  readonly ready: boolean;
  readonly log: Logger;
  call<T>(request: Promise<T>): Promise<T>;
}
