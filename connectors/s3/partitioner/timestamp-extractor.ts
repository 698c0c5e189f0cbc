/**
 * Confluent's timestamp extractors: the time a record is bucketed and rotated by.
 * Wallclock = now (not replayable), Record = the Kafka timestamp, RecordField = a field of the value.
 */
import { DataError, type SinkRecord } from '../../../src/api/index.js';
import { readPath } from './field-partitioner.js';

export type TimestampExtractor = (record: SinkRecord, now: number) => number;

export function createTimestampExtractor(name: string, field: string): TimestampExtractor {
  const kind = name.slice(name.lastIndexOf('$') + 1);
  if (kind === 'Wallclock') return (_record, now) => now;
  if (kind === 'Record' || kind === 'RecordTimestampExtractor') return recordTimestamp;
  return recordFieldTimestamp(field);
}

function recordTimestamp(record: SinkRecord): number {
  if (record.timestamp === null) {
    throw new DataError(
      `record has no timestamp (topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}); timestamp.extractor=Record needs producer or broker timestamps`,
    );
  }
  return record.timestamp;
}

function recordFieldTimestamp(field: string): TimestampExtractor {
  const path = field.split('.');
  return (record) => {
    const v = readPath(record.value, path);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'string') {
      const ms = Date.parse(v);
      if (!Number.isNaN(ms)) return ms;
    }
    throw new DataError(
      `field "${field}" is not a timestamp (epoch ms, Date or ISO-8601 string) in topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}; fix the record or timestamp.field`,
    );
  };
}
