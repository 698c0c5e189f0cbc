import { BadRequestError } from '../../cluster/herder-errors.js';
import { toStringConfig } from '../../config/connector-file.js';

/** A JSON object of config values as Kafka Connect stores them (all strings); anything else is a 400. */
export function stringConfig(body: unknown, what: string): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError(`Expected a JSON object for ${what}`);
  }
  return toStringConfig(body as Record<string, unknown>, `in ${what}`);
}
