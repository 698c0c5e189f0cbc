/** A Kafka topic partition. Plain data: compare with `topicPartitionKey`, not by identity. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * An offset for a partition. On the sink side this is the *next* offset to consume (last processed + 1),
 * as in Kafka's committed offsets.
 */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

/** Offsets of several partitions (what `flush`/`preCommit` receive and return). */
export type TopicPartitionOffsets = readonly TopicPartitionOffset[];

/** `orders-3`: Kafka's own string form of a topic partition, fit as a Map key. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
