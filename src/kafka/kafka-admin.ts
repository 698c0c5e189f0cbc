/** Admin operations the runtime needs: create a topic if missing (with configs), describe the cluster. */
import { Kafka, type Admin } from 'kafkajs';
import type { Logger } from '../api/logger.js';
import { kafkaJsConfig, type ClientProps } from './kafka-client-config.js';
import { kafkaJsLevel, kafkaJsLogCreator } from './kafkajs-logger.js';

export interface NewTopic {
  readonly topic: string;
  /** -1 = the broker's default */
  readonly partitions: number;
  /** -1 = the broker's default */
  readonly replicationFactor: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export class KafkaAdmin {
  readonly #admin: Admin;
  #connected?: Promise<void>;
  #closed?: Promise<void>;

  constructor(props: ClientProps, log: Logger) {
    const config = kafkaJsConfig(props, props['client.id'] ?? 'tributary-admin');
    this.#admin = new Kafka({ ...config, logLevel: kafkaJsLevel(log), logCreator: kafkaJsLogCreator(log) }).admin();
  }

  connect(): Promise<void> {
    return (this.#connected ??= this.#admin.connect());
  }

  async topicExists(topic: string): Promise<boolean> {
    await this.connect();
    return (await this.#admin.listTopics()).includes(topic);
  }

  /** Creates the topic unless it exists. Returns true when this call created it. */
  async createTopicIfMissing(spec: NewTopic): Promise<boolean> {
    await this.connect();
    if (await this.topicExists(spec.topic)) return false;
    try {
      return await this.#admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: spec.topic,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor,
            configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
          },
        ],
      });
    } catch (err) {
      // another task may have created it in between
      if (/already exists/i.test(String((err as Error).message)) || (await this.topicExists(spec.topic))) return false;
      throw err;
    }
  }

  async clusterId(): Promise<string> {
    await this.connect();
    return (await this.#admin.describeCluster()).clusterId;
  }

  async partitionCount(topic: string): Promise<number> {
    await this.connect();
    const md = await this.#admin.fetchTopicMetadata({ topics: [topic] });
    return md.topics[0]?.partitions.length ?? 0;
  }

  /** Idempotent. */
  close(): Promise<void> {
    return (this.#closed ??= this.#connected ? this.#connected.then(() => this.#admin.disconnect(), () => undefined) : Promise.resolve());
  }
}
