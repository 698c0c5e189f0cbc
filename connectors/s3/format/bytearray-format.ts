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
  constructor(readonly extension: string, separator: string, private readonly part: 'value' | 'key' = 'value') {
    this.#separator = Buffer.from(separator, 'utf8');
  }

  newWriter(): FormatWriter {
    const separator = this.#separator;
    const key = this.part === 'key';
    return {
      write(record: SinkRecord, out: ByteSink): void {
        out.write(toBytes(record, key ? record.key : record.value, key ? 'key' : 'value'));
        if (separator.length > 0) out.write(separator);
      },
      check(record: SinkRecord): void {
        toBytes(record, key ? record.key : record.value, key ? 'key' : 'value');
      },
      finish(): void {},
    };
  }
}

function toBytes(record: SinkRecord, v: unknown, part: 'key' | 'value'): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v === null || v === undefined) return new Uint8Array(0);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new DataError(
    `ByteArrayFormat needs bytes ${part}s, got ${typeof v} (topic ${record.topic}, partition ${record.kafkaPartition}, offset ${record.kafkaOffset}); use ${part}.converter=org.apache.kafka.connect.converters.ByteArrayConverter`,
  );
}
