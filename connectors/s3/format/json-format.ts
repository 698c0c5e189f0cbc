/** Confluent's JsonFormat: each record value as one line of JSON (`.json`). */
import type { SinkRecord } from '../../../src/api/index.js';
import { toJsonText, type DecimalFormat } from './json-value.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export class JsonFormat implements RecordFormat {
  readonly extension = '.json';
  readonly compressible = true;
  constructor(private readonly decimalFormat: DecimalFormat) {}

  newWriter(): FormatWriter {
    const decimalFormat = this.decimalFormat;
    return {
      write(record: SinkRecord, out: ByteSink): void {
        out.writeText(toJsonText(record.valueSchema, record.value, decimalFormat) + '\n');
      },
      finish(): void {},
    };
  }
}
