/**
 * Runs a herder call that may forward the request to another worker: with Kafka's hop budget from the hidden
 * `forward` query parameter, and the client's `Authorization` header for the forwarded copy (Kafka's
 * RestClient passes it on, so the leader checks the same credentials).
 */
import { withForwardHop } from '../../cluster/distributed/forward-hops.js';

export function forwarded<T>(req: { query: unknown; headers: Record<string, unknown> }, fn: () => Promise<T>): Promise<T> {
  const forward = (req.query as { forward?: unknown } | undefined)?.forward;
  const authorization = req.headers['authorization'];
  return withForwardHop(typeof forward === 'string' ? forward : undefined, fn, typeof authorization === 'string' ? authorization : undefined);
}
