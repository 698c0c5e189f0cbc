import type { SinkRecord } from '../api/records.js';
import type { ErrantRecordReporter } from '../api/sink-task.js';

export interface ReportedRecord {
  readonly record: SinkRecord;
  readonly error: Error;
}

/**
 * An errant-record reporter that collects what a sink task reports, for assertions. With tolerance
 * `none` it rejects instead, as the runtime's reporter does when errors are not tolerated.
 */
export class CollectingErrantRecordReporter {
  readonly reported: ReportedRecord[] = [];

  constructor(readonly tolerance: 'all' | 'none' = 'all') {}

  /** The function a SinkTaskContext hands out (`context.errantRecordReporter()`). */
  readonly report: ErrantRecordReporter = async (record, error) => {
    if (this.tolerance === 'none') throw error;
    this.reported.push({ record, error });
  };
}
