import type { Schema } from '../../src/api/index.js';
import type { Quickstart } from './quickstarts.js';

/** The schema of `field` in the quickstart's value schema, or undefined when there is no such field. */
export function keyFieldSchema(quickstart: Quickstart, field: string): Schema | undefined {
  return quickstart.valueSchema.fields?.find((f) => f.name === field)?.schema;
}
