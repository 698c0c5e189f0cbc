// The exact record a ListOffsets-by-timestamp answer points at, inside the first batch whose
// maxTimestamp reaches the target (Kafka: the first record in offset order with timestamp >= target).
import { attributesOf, baseOffsetOf, isControl, isLogAppendTime, maxTimestampOf } from './batch-fields.js';
import { decodeRecords } from '../protocol/record-batch.js';

export function findRecordAtTimestamp(batch: Buffer, ts: number): { offset: number; timestamp: number } {
  const base = baseOffsetOf(batch, 0);
  const maxTs = maxTimestampOf(batch, 0);
  const attrs = attributesOf(batch, 0);
  // Every record of a LogAppendTime batch carries maxTimestamp; control batches hold one marker.
  if (isLogAppendTime(attrs) || isControl(attrs)) return { offset: base, timestamp: maxTs };
  const records = decodeRecords(batch);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.timestamp >= ts) return { offset: r.offset, timestamp: r.timestamp };
  }
  return { offset: base, timestamp: maxTs };
}
