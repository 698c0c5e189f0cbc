/**
 * KIP-875 offsets bodies: `{"offsets":[{"partition":{…},"offset":{…}|null}]}`. Sink connectors use Kafka's
 * fixed shape — partition `{"kafka_topic","kafka_partition"}`, offset `{"kafka_offset"}` (numbers or numeric
 * strings) — which is mapped here to and from topic-partition offsets.
 */
import type { SourcePartitionOffset } from '../api/offset-storage-reader.js';
import type { SinkOffsetChange } from '../api/sink-connector.js';
import type { TopicPartitionOffset } from '../api/topic-partition.js';
import type { ConnectorOffsets } from './herder.js';
import { BadRequestError } from './herder-errors.js';

export const KAFKA_TOPIC_KEY = 'kafka_topic';
export const KAFKA_PARTITION_KEY = 'kafka_partition';
export const KAFKA_OFFSET_KEY = 'kafka_offset';

export function sinkOffsetsJson(offsets: readonly TopicPartitionOffset[]): ConnectorOffsets {
  return {
    offsets: offsets.map((o) => ({
      partition: { [KAFKA_TOPIC_KEY]: o.topic, [KAFKA_PARTITION_KEY]: o.partition },
      offset: { [KAFKA_OFFSET_KEY]: o.offset },
    })),
  };
}

/** The `offsets` list of a PATCH body; empty or malformed is a 400 (as Kafka). */
export function parseOffsetsBody(body: unknown): SourcePartitionOffset[] {
  const list = (body as { offsets?: unknown } | null | undefined)?.offsets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new BadRequestError('The request body must contain a non-empty "offsets" list of {"partition", "offset"} entries');
  }
  return list.map((entry, i) => {
    const e = entry as { partition?: unknown; offset?: unknown } | null;
    if (e === null || typeof e !== 'object' || e.partition === null || typeof e.partition !== 'object' || Array.isArray(e.partition)) {
      throw new BadRequestError(`offsets[${i}] must have a "partition" object`);
    }
    if (e.offset !== null && (typeof e.offset !== 'object' || Array.isArray(e.offset))) {
      throw new BadRequestError(`offsets[${i}].offset must be an object or null`);
    }
    return { partition: e.partition as SourcePartitionOffset['partition'], offset: (e.offset ?? null) as SourcePartitionOffset['offset'] };
  });
}

function integer(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new BadRequestError(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Sink entries in Kafka's shape → partition offset changes (null = reset that partition). */
export function sinkOffsetChanges(offsets: readonly SourcePartitionOffset[]): SinkOffsetChange[] {
  return offsets.map(({ partition, offset }) => {
    const topic = partition[KAFKA_TOPIC_KEY];
    if (typeof topic !== 'string' || topic === '') throw new BadRequestError(`A sink connector's offset partition needs a "${KAFKA_TOPIC_KEY}" string`);
    return {
      topic,
      partition: integer(partition[KAFKA_PARTITION_KEY], KAFKA_PARTITION_KEY),
      offset: offset === null ? null : integer(offset[KAFKA_OFFSET_KEY], KAFKA_OFFSET_KEY),
    };
  });
}
