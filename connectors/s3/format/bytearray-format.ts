/**
 * Confluent's ByteArrayFormat: each record value's raw bytes followed by `format.bytearray.separator`
 * (a line separator by default). Values should come from the ByteArrayConverter; strings are written as
 * UTF-8 and anything else is a bad record.
 */
import { DataError, type SinkRecord } from '../../../src/api/index.js';
import type { ByteSink, FormatWriter, RecordFormat } from './record-format.js';

export class ByteArrayFormat implements RecordFormat {
  readonly compressible = true;
  readonly #separator: Uint8Array;
  constructor(readonly extension: string, separator: string) {
    this.#separator = Buffer.from(separator, 'utf8');
  }

  newWriter(): FormatWriter {
    const separator = this.#separator;
    return {
      write(record: SinkRecord, out: ByteSink): void {
        out.write(valueBytes(record));
        if (separator.length > 0) out.write(separator);
      },
      finish(): void {},
    };
  }
}

function valueBytes(record: SinkRecord): Uint8Array {
  const v = record.value;
  if (v instanceof Uint8Array) return v;
  if (v === null || v === undefined) return new Uint8Array(0);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new DataError(
    `ByteArrayFormat needs bytes values, got ${typeof v} (topic ${record.topic}, partition ${record.kafkaPartition}, offset ${record.kafkaOffset}); use value.converter=org.apache.kafka.connect.converters.ByteArrayConverter`,
  );
}
