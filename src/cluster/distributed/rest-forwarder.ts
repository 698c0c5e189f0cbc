/**
 * Sends a herder request to another worker's REST API — the leader for config writes, the owner for a
 * restart — as Kafka Connect's HerderRequestHandler does. The target's error answer comes back as a
 * HerderError with the same status and message; a 2xx body is returned parsed.
 */
import { HerderError } from '../herder-errors.js';
import { forwardedHeaders, nextForwardFlag } from './forward-hops.js';
import { workerHttpRequest, type WorkerClientTls } from './worker-http-client.js';

export class ForwardingError extends HerderError {
  constructor(status: number, message: string) {
    super(status, message, 'TRIB_FORWARDED');
  }
}

export interface ForwardOptions {
  /** The hidden `forward` query parameter; by default from the request being handled (forward-hops.ts). */
  readonly forward?: boolean;
  /** Extra headers computed from the exact body text sent (request signatures). */
  readonly sign?: (bodyText: string) => Record<string, string>;
  /** Trust/key material for https workers (Kafka's `listeners.https.ssl.*`); default: the system CAs. */
  readonly tls?: WorkerClientTls;
}

export async function forwardRequest(baseUrl: string, method: string, path: string, body?: unknown, options: ForwardOptions = {}): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('forward', String(options.forward ?? nextForwardFlag()));
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { ...forwardedHeaders(), ...(text === undefined ? {} : { 'content-type': 'application/json' }) };
  if (options.sign) Object.assign(headers, options.sign(text ?? ''));
  let res: { status: number; text: string };
  try {
    res = await workerHttpRequest(url, { method, headers, ...(text === undefined ? {} : { body: text }), timeoutMs: 90_000, ...(options.tls ? { tls: options.tls } : {}) });
  } catch (err) {
    throw new ForwardingError(409, `Cannot reach ${baseUrl} to forward ${method} ${path} (${(err as Error).message}); retry when the cluster has settled`);
  }
  const answer = res.text;
  let parsed: unknown = undefined;
  try {
    parsed = answer === '' ? undefined : JSON.parse(answer);
  } catch {
    parsed = answer;
  }
  if (res.status < 200 || res.status > 299) {
    const message = (parsed as { message?: unknown } | undefined)?.message;
    throw new ForwardingError(res.status, typeof message === 'string' ? message : `${method} ${path} on ${baseUrl} answered ${res.status}`);
  }
  return { status: res.status, body: parsed };
}

export const enc = encodeURIComponent;
