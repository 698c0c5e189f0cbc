/**
 * Errors a plugin may throw. Plugins classify; the runtime's error policy decides whether to retry,
 * tolerate (skip + report to the DLQ) or fail the task. Every error carries a stable `code` so REST bodies
 * and tests match on codes, not on message text.
 */
export class ConnectError extends Error {
  readonly code: string;
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? 'TRIB_CONNECT';
  }
}

/** A transient failure (network blip, lock timeout): the runtime retries it per `errors.retry.*`. */
export class RetriableError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: 'TRIB_RETRIABLE', ...options });
  }
}

/** A record's data cannot be processed (bad bytes, wrong type): tolerable per `errors.tolerance`. */
export class DataError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: 'TRIB_DATA', ...options });
  }
}

/** A schema/value mismatch; `path` names the offending field (`after.address.zip`). */
export class SchemaValidationError extends DataError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message, { code: 'TRIB_SCHEMA_INVALID' });
    this.path = path;
  }
}

/**
 * Bytes that a converter could not turn into a Connect value. Carries where the bytes came from so the
 * runtime can route the record to the DLQ with context.
 */
export class ConversionError extends DataError {
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: number | undefined;
  constructor(
    message: string,
    where: { topic?: string; partition?: number; offset?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, { code: 'TRIB_CONVERSION', ...options });
    this.topic = where.topic;
    this.partition = where.partition;
    this.offset = where.offset;
  }
}

/** An invalid configuration. `errors` maps config keys to their messages (for 400 responses). */
export class ConfigError extends ConnectError {
  readonly errors: Readonly<Record<string, readonly string[]>>;
  constructor(message: string, errors: Record<string, readonly string[]> = {}) {
    super(message, { code: 'TRIB_CONFIG_INVALID' });
    this.errors = errors;
  }
}
