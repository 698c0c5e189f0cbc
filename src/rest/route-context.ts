import type { Logger } from '../api/logger.js';
import type { Herder } from '../cluster/herder.js';

/** What every route group gets: the herder, and `call` to bound a herder request by the REST timeout. */
export interface RouteContext {
  readonly herder: Herder;
  readonly log: Logger;
  call<T>(request: Promise<T>): Promise<T>;
}
