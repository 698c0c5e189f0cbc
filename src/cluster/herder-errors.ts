/**
 * Errors a Herder throws, each carrying the HTTP status Kafka Connect answers with. REST turns any of them
 * into `{"error_code": status, "message": message}`.
 */
import { ConnectError } from '../api/errors.js';

export class HerderError extends ConnectError {
  readonly status: number;
  constructor(status: number, message: string, code: string) {
    super(message, { code });
    this.status = status;
  }
}

/** 404: unknown connector, task or plugin. */
export class NotFoundError extends HerderError {
  constructor(message: string) {
    super(404, message, 'TRIB_NOT_FOUND');
  }
}

/** 409: e.g. creating a connector that exists. */
export class AlreadyExistsError extends HerderError {
  constructor(message: string) {
    super(409, message, 'TRIB_ALREADY_EXISTS');
  }
}

/** 400: a request that can never succeed as sent (bad config, missing connector.class, name mismatch). */
export class BadRequestError extends HerderError {
  /** Per-key messages when the problem is an invalid config (key → messages). */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  constructor(message: string, errors: Record<string, readonly string[]> = {}) {
    super(400, message, 'TRIB_BAD_REQUEST');
    this.errors = errors;
  }
}

/** 409: a request that conflicts with what the herder is doing now; clients may retry. */
export class ConflictError extends HerderError {
  constructor(message: string) {
    super(409, message, 'TRIB_CONFLICT');
  }
}

/**
 * 409 while this worker expects a rebalance (a config change it read needs one, or its group is rejoining):
 * answers that depend on the assignment or the leader would be stale. Kafka Connect's RebalanceNeededException,
 * with the message its REST layer answers. Clients retry.
 */
export class RebalanceNeededError extends HerderError {
  constructor() {
    super(409, 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)', 'TRIB_REBALANCE_NEEDED');
  }
}
