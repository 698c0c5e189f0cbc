/**
 * The `store.kafka.headers` companion file: per record one JSON line holding its headers as
 * `[{"key": "...", "value": <JSON value>}, …]` (`[]` when it has none), values written as JsonFormat does.
 */
import type { SinkRecord } from '../../../src/api/index.js';
import { toJsonText, type DecimalFormat } from './json-value.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export class HeadersJsonFormat implements RecordFormat {
  readonly extension = '.json';
  readonly compressible = true;
  constructor(private readonly decimalFormat: DecimalFormat) {}

  newWriter(): FormatWriter {
    const decimalFormat = this.decimalFormat;
    return {
      write(record: SinkRecord, out: ByteSink): void {
        let line = '[';
        let first = true;
        for (const h of record.headers) {
          line += (first ? '' : ',') + '{"key":' + JSON.stringify(h.key) + ',"value":' + toJsonText(h.schema, h.value, decimalFormat) + '}';
          first = false;
        }
        out.writeText(line + ']\n');
      },
      finish(): void {},
    };
  }
}
