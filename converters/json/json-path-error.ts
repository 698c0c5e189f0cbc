import { DataError } from '../../src/api/errors.js';

/**
 * A data error deep inside a value, with the path to it (`after.address.zip`, `items.3`), so the message
 * names the offending field. Built on the way out of the recursion (catch + rethrow), so the happy path
 * pays nothing for it.
 */
export class JsonPathError extends DataError {
  readonly path: readonly (string | number)[];
  readonly detail: string;
  constructor(path: readonly (string | number)[], detail: string, cause: unknown) {
    super(`${path.join('.')}: ${detail}`, { cause, code: cause instanceof DataError ? cause.code : 'TRIB_DATA' });
    this.path = path;
    this.detail = detail;
  }
}

/** Re-throws `err` with `segment` in front of its path. */
export function atPath(err: unknown, segment: string | number): Error {
  if (err instanceof JsonPathError) {
    return new JsonPathError([segment, ...err.path], err.detail, err.cause);
  }
  if (err instanceof Error) return new JsonPathError([segment], err.message, err);
  return new JsonPathError([segment], String(err), err);
}
