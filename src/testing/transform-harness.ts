import type { RawConfig } from '../api/config/define-config.js';
import type { ConnectRecord } from '../api/records.js';
import type { Transformation } from '../api/transformation.js';

/**
 * Configures `transform`, applies it to each record in order (dropped records come back as null, so
 * indexes line up with the input) and closes it. Inputs are frozen first, so a transform that mutates
 * its input fails loudly here instead of corrupting records in production.
 */
export function applyTransform<R extends ConnectRecord>(
  transform: Transformation<R>,
  config: RawConfig,
  records: readonly R[],
): Array<R | null> {
  transform.configure(config);
  try {
    const out: Array<R | null> = [];
    for (const r of records) out.push(transform.apply(Object.freeze({ ...r })));
    return out;
  } finally {
    transform.close();
  }
}
