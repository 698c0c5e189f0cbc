/**
 * Kafka Connect's hop budget for forwarded requests (HerderRequestHandler): a request from a client has no
 * `forward` query parameter and may be forwarded with `forward=true`; a worker that receives `forward=true`
 * and cannot serve it either forwards once more with `forward=false`; one that receives `forward=false` and
 * cannot serve it answers 409. The REST routes run each herder call inside `withForwardHop(<the parameter>)`
 * so the herder's forwarding (rest-forwarder.ts) knows which hop it is on without every herder method
 * taking the flag.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConflictError } from '../herder-errors.js';

interface HandledRequest {
  readonly forward: boolean | undefined;
  /** The client's `Authorization` header, passed on when forwarding (as Kafka's RestClient does). */
  readonly authorization: string | undefined;
}

const hops = new AsyncLocalStorage<HandledRequest>();

/** Runs `fn` as the handling of a request that carried `forward` (the raw query value; undefined = absent). */
export function withForwardHop<T>(forward: string | undefined, fn: () => Promise<T>, authorization?: string): Promise<T> {
  const flag = forward === undefined ? undefined : forward.toLowerCase() === 'true';
  return hops.run({ forward: flag, authorization }, fn);
}

/** The `forward` value to send on: true from a client's request, false from a forwarded one; a 409 past the budget. */
export function nextForwardFlag(): boolean {
  const current = hops.getStore()?.forward;
  if (current === false) throw new ConflictError('Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
  return current === undefined;
}

/** Headers of the request being handled that a forwarded copy carries (the client's credentials). */
export function forwardedHeaders(): Record<string, string> {
  const authorization = hops.getStore()?.authorization;
  return authorization === undefined ? {} : { authorization };
}
