/**
 * Sends a herder request to another worker's REST API — the leader for config writes, the owner for a
 * restart — as Kafka Connect's HerderRequestHandler does. The target's error answer comes back as a
 * HerderError with the same status and message; a 2xx body is returned parsed.
 */
import { HerderError } from '../herder-errors.js';
import { nextForwardFlag } from './forward-hops.js';

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
}

export async function forwardRequest(baseUrl: string, method: string, path: string, body?: unknown, options: ForwardOptions = {}): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('forward', String(options.forward ?? nextForwardFlag()));
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json' };
  if (options.sign) Object.assign(headers, options.sign(text ?? ''));
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      ...(text === undefined ? {} : { body: text }),
      signal: AbortSignal.timeout(90_000),
    });
  } catch (err) {
    throw new ForwardingError(409, `Cannot reach ${baseUrl} to forward ${method} ${path} (${(err as Error).message}); retry when the cluster has settled`);
  }
  const answer = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = answer === '' ? undefined : JSON.parse(answer);
  } catch {
    parsed = answer;
  }
  if (!res.ok) {
    const message = (parsed as { message?: unknown } | undefined)?.message;
    throw new ForwardingError(res.status, typeof message === 'string' ? message : `${method} ${path} on ${baseUrl} answered ${res.status}`);
  }
  return { status: res.status, body: parsed };
}

export const enc = encodeURIComponent;
