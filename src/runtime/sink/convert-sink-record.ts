/**
 * A consumed Kafka record → a SinkRecord (key/value/header converters under the error policy). Returns
 * undefined when a converter failed and the failure was tolerated (`ctx.failed` is then true).
 */
import { EMPTY_HEADERS, Headers, type ReadonlyHeaders } from '../../api/headers.js';
import type { SinkRecord } from '../../api/records.js';
import type { IncomingRecord } from '../../kafka/kafka-record.js';
import type { ProcessingContext } from '../errors/processing-context.js';
import type { RetryWithTolerance } from '../errors/retry-with-tolerance.js';
import type { TaskConverters } from '../task-converters.js';

export function convertSinkRecord(
  raw: IncomingRecord,
  conv: TaskConverters,
  policy: RetryWithTolerance,
  ctx: ProcessingContext,
): SinkRecord | undefined {
  const origin = { partition: raw.partition, offset: raw.offset };
  const key = policy.runSync(ctx, 'KEY_CONVERTER', conv.keyClass, () => conv.key.toConnectData(raw.topic, undefined, raw.key, origin));
  const value = policy.runSync(ctx, 'VALUE_CONVERTER', conv.valueClass, () => conv.value.toConnectData(raw.topic, undefined, raw.value, origin));
  let headers: ReadonlyHeaders | undefined = EMPTY_HEADERS;
  if (raw.headers.length > 0) {
    headers = policy.runSync(ctx, 'HEADER_CONVERTER', conv.headerClass, () => {
      const h = new Headers();
      for (const rh of raw.headers) {
        const sv = conv.header.toConnectHeader(raw.topic, rh.key, rh.value, origin);
        h.add(rh.key, sv.value, sv.schema);
      }
      return h.freeze(); // shared with SMTs, which must duplicate() before editing
    });
  }
  if (ctx.error !== null || key === undefined || value === undefined || headers === undefined) return undefined;
  return {
    topic: raw.topic,
    kafkaPartition: raw.partition,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: raw.timestamp,
    headers,
    kafkaOffset: raw.offset,
    timestampType: raw.timestampType,
    originalTopic: raw.topic,
    originalKafkaPartition: raw.partition,
    originalKafkaOffset: raw.offset,
  };
}
