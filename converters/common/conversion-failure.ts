import type { RecordOrigin } from '../../src/api/converter.js';
import { ConversionError } from '../../src/api/errors.js';

/** Wraps any failure inside a converter into a ConversionError naming the topic (and partition/offset when known). */
export function conversionFailure(prefix: string, err: unknown, topic: string, origin?: RecordOrigin): ConversionError {
  if (err instanceof ConversionError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new ConversionError(`${prefix}: ${detail}`, { topic, partition: origin?.partition, offset: origin?.offset }, { cause: err });
}
