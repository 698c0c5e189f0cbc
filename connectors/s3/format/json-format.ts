/** Confluent's JsonFormat: each record value (or, for `store.kafka.keys` files, key) as one line of JSON (`.json`). */
import type { SinkRecord } from '../../../src/api/index.js';
import { toJsonText, type DecimalFormat } from './json-value.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export class JsonFormat implements RecordFormat {
  readonly extension = '.json';
  readonly compressible = true;
  constructor(private readonly decimalFormat: DecimalFormat, private readonly part: 'value' | 'key' = 'value') {}

  newWriter(): FormatWriter {
    const decimalFormat = this.decimalFormat;
    const write = this.part === 'value'
      ? (record: SinkRecord, out: ByteSink) => out.writeText(toJsonText(record.valueSchema, record.value, decimalFormat) + '\n')
      : (record: SinkRecord, out: ByteSink) => out.writeText(toJsonText(record.keySchema, record.key, decimalFormat) + '\n');
    return { write, finish(): void {} };
  }
}
