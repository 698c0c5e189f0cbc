import { HerderError } from '../cluster/herder-errors.js';

/** Kafka's RestServer.DEFAULT_REST_REQUEST_TIMEOUT_MS: a herder request unanswered after this is a 500. */
export const DEFAULT_REST_REQUEST_TIMEOUT_MS = 90_000;

/** `request`, or a 500 "Request timed out" after `ms` (the request itself keeps running, as in Kafka). */
export function withTimeout<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HerderError(500, 'Request timed out', 'TRIB_REST_TIMEOUT')), ms);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}
