/** Admin operations the runtime needs: create a topic if missing (with configs), describe the cluster. */
import { Kafka, type Admin } from 'kafkajs';
import type { Logger } from '../api/logger.js';
import type { TopicPartitionOffset } from '../api/topic-partition.js';
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

  /** The high watermark (next offset to be written) of every partition of `topic`. */
  async endOffsets(topic: string): Promise<Map<number, number>> {
    await this.connect();
    const res = await this.#admin.fetchTopicOffsets(topic);
    return new Map(res.map((p) => [p.partition, Number(p.high)]));
  }

  /** A consumer group's committed offsets (next offset to consume) per topic partition; -1 = none. */
  async groupOffsets(groupId: string): Promise<TopicPartitionOffset[]> {
    await this.connect();
    const res = await this.#admin.fetchOffsets({ groupId });
    const out: TopicPartitionOffset[] = [];
    for (const t of res) for (const p of t.partitions) out.push({ topic: t.topic, partition: p.partition, offset: Number(p.offset) });
    return out;
  }

  /** Sets a (stopped) group's committed offsets; the group must have no active members. */
  async setGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    await this.connect();
    const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const o of offsets) {
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: String(o.offset) });
    }
    for (const [topic, partitions] of byTopic) await this.#admin.setOffsets({ groupId, topic, partitions });
  }

  /** Deletes a consumer group (and so its committed offsets); missing groups are fine. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.connect();
    try {
      await this.#admin.deleteGroups([groupId]);
    } catch (err) {
      if (!/GROUP_ID_NOT_FOUND|does not exist/i.test(JSON.stringify((err as { groups?: unknown }).groups ?? (err as Error).message))) throw err;
    }
  }

  /** Idempotent. */
  close(): Promise<void> {
    return (this.#closed ??= this.#connected ? this.#connected.then(() => this.#admin.disconnect(), () => undefined) : Promise.resolve());
  }
}
