import { Connector } from './connector.js';
import type { SinkTask } from './sink-task.js';
import type { ConnectorProps, MaybePromise, TaskClass } from './task.js';
import type { TopicPartition } from './topic-partition.js';

/** A partition's new consumer offset for `alterOffsets`; null erases the committed offset (reset). */
export interface SinkOffsetChange extends TopicPartition {
  readonly offset: number | null;
}

/** A connector whose tasks write Kafka records to an external system. */
export abstract class SinkConnector extends Connector {
  /** The config key that lists the topics to consume (`topics`), as in Kafka Connect. */
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';
  override readonly kind = 'sink' as const;

  abstract override taskClass(): TaskClass<SinkTask>;

  /** Called when a user alters or resets the consumer offsets over REST; see SourceConnector.alterOffsets. */
  alterOffsets(_props: ConnectorProps, _offsets: readonly SinkOffsetChange[]): MaybePromise<boolean> {
    return false;
  }
}
