/**
 * Sends a herder request to another worker's REST API — the leader for config writes, the owner for a
 * restart — as Kafka Connect's HerderRequestHandler does. The target's error answer comes back as a
 * HerderError with the same status and message; a 2xx body is returned parsed.
 */
import { HerderError } from '../herder-errors.js';

export class ForwardingError extends HerderError {
  constructor(status: number, message: string) {
    super(status, message, 'TRIB_FORWARDED');
  }
}

export async function forwardRequest(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('forward', 'true');
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(90_000),
    });
  } catch (err) {
    throw new ForwardingError(409, `Cannot reach ${baseUrl} to forward ${method} ${path} (${(err as Error).message}); retry when the cluster has settled`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const message = (parsed as { message?: unknown } | undefined)?.message;
    throw new ForwardingError(res.status, typeof message === 'string' ? message : `${method} ${path} on ${baseUrl} answered ${res.status}`);
  }
  return { status: res.status, body: parsed };
}

export const enc = encodeURIComponent;
