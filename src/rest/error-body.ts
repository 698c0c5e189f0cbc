/**
 * Kafka Connect's error body, `{"error_code": <status>, "message": "..."}`, and the mapping from thrown errors
 * to statuses (ConnectExceptionMapper): herder errors carry their status, invalid configs are 400, client
 * mistakes fastify detected keep their 4xx, anything else is 500.
 */
import { ConfigError } from '../api/errors.js';
import { HerderError } from '../cluster/herder-errors.js';

export interface ErrorBody {
  readonly error_code: number;
  readonly message: string;
}

export function errorStatus(err: unknown): number {
  if (err instanceof HerderError) return err.status;
  if (err instanceof ConfigError) return 400;
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  return 500;
}

export function errorBody(err: unknown): ErrorBody {
  const status = errorStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  return { error_code: status, message };
}
