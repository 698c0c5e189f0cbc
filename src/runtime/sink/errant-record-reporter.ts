/**
 * `SinkTaskContext.errantRecordReporter()` (KIP-610): a sink task hands back a record it could not write.
 * The record goes to the log/DLQ reporters as the *consumed* bytes when they are still known (the batch being
 * processed), otherwise re-serialized with the task's converters, as Kafka Connect does. With
 * `errors.tolerance=none` the report rejects and the task fails.
 */
import type { ErrantRecordReporter } from '../../api/sink-task.js';
import type { SinkRecord } from '../../api/records.js';
import type { IncomingRecord, RawHeader } from '../../kafka/kafka-record.js';
import { ProcessingContext } from '../errors/processing-context.js';
import type { RetryWithTolerance } from '../errors/retry-with-tolerance.js';
import type { TaskConverters } from '../task-converters.js';

export interface ErrantRecordSource {
  /** The consumed record at these coordinates, when still held. */
  rawRecord(topic: string, partition: number, offset: number): IncomingRecord | undefined;
}

export function errantRecordReporter(
  policy: RetryWithTolerance,
  converters: TaskConverters,
  taskClass: string,
  source: ErrantRecordSource,
  onIntolerable: (err: Error) => void,
): ErrantRecordReporter {
  return (record: SinkRecord, error: Error): Promise<void> => {
    const ctx = new ProcessingContext();
    ctx.sink = record;
    ctx.consumed = source.rawRecord(record.originalTopic, record.originalKafkaPartition, record.originalKafkaOffset) ?? safeReserialize(record, converters);
    try {
      return policy.fail(ctx, 'TASK_PUT', taskClass, error, { anyStage: true });
    } catch (err) {
      onIntolerable(err as Error);
      return Promise.reject(err as Error);
    }
  };
}

function safeReserialize(r: SinkRecord, c: TaskConverters): IncomingRecord {
  try {
    return reserialize(r, c);
  } catch {
    // the record cannot be re-serialized either: report its coordinates with empty key/value
    return { topic: r.originalTopic, partition: r.originalKafkaPartition, offset: r.originalKafkaOffset, key: null, value: null, headers: [], timestamp: r.timestamp ?? -1, timestampType: 'CreateTime' };
  }
}

function reserialize(r: SinkRecord, c: TaskConverters): IncomingRecord {
  const headers: RawHeader[] = [];
  for (const h of r.headers) headers.push({ key: h.key, value: c.header.fromConnectHeader(r.topic, h.key, h.schema, h.value) });
  const key = c.key.fromConnectData(r.topic, r.headers, r.keySchema, r.key);
  const value = c.value.fromConnectData(r.topic, r.headers, r.valueSchema, r.value);
  return {
    topic: r.originalTopic,
    partition: r.originalKafkaPartition,
    offset: r.originalKafkaOffset,
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: r.timestamp ?? -1,
    timestampType: r.timestampType === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
  };
}
