import { describeValue, isPlainObject } from './struct-values.js';

/**
 * Kafka's transforms `Requirements`: the checks that turn a wrong-shaped record into a clear message. They
 * return a message (or undefined) rather than throwing, so the caller's `fail` can add alias and record.
 */
export function structProblem(value: unknown, purpose: string): string | undefined {
  return isPlainObject(value) ? undefined : `Only Struct objects supported for [${purpose}], found: ${describeValue(value)}`;
}

export function mapProblem(value: unknown, purpose: string): string | undefined {
  return isPlainObject(value)
    ? undefined
    : `Only Map objects supported in absence of schema for [${purpose}], found: ${describeValue(value)}`;
}

