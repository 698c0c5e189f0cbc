/**
 * KIP-558 topic tracking: the first time a task produces to (source) or consumes from (sink) a topic, the
 * topic is recorded for its connector — in the status topic when the worker has one (distributed; every
 * worker sees it), else in memory (standalone, as Kafka's MemoryStatusBackingStore). Whether a topic is known
 * is asked of the store, so after a reset (tombstones, possibly written by another worker) the next record
 * records it again. Off with `topic.tracking.enable=false`.
 */
import type { Logger } from '../api/logger.js';

/** Where active topics live (src/storage's StatusStore satisfies it). */
export interface TopicStatusStore {
  getTopic(connector: string, topic: string): object | undefined;
  putTopic(connector: string, topic: string, task: number): Promise<void>;
  activeTopics(connector: string): string[];
  deleteTopics(connector: string): Promise<void>;
}

/** The standalone store: one process, nothing to share. */
export class MemoryTopicStatusStore implements TopicStatusStore {
  readonly #topics = new Map<string, Map<string, { task: number; discoverTimestamp: number }>>();

  getTopic(connector: string, topic: string): object | undefined {
    return this.#topics.get(connector)?.get(topic);
  }

  async putTopic(connector: string, topic: string, task: number): Promise<void> {
    let m = this.#topics.get(connector);
    if (m === undefined) this.#topics.set(connector, (m = new Map()));
    m.set(topic, { task, discoverTimestamp: Date.now() });
  }

  activeTopics(connector: string): string[] {
    return [...(this.#topics.get(connector)?.keys() ?? [])].sort();
  }

  async deleteTopics(connector: string): Promise<void> {
    this.#topics.delete(connector);
  }
}

export class TopicTracker {
  readonly #store: TopicStatusStore;
  readonly #enabled: boolean;
  readonly #log: Logger;

  constructor(store: TopicStatusStore, enabled: boolean, log: Logger) {
    this.#store = store;
    this.#enabled = enabled;
    this.#log = log;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Called by tasks; cheap when the topic is known (one map lookup per connector and topic). */
  record(connector: string, topic: string, task: number): void {
    if (!this.#enabled || this.#store.getTopic(connector, topic) !== undefined) return;
    this.#store.putTopic(connector, topic, task).catch((err: unknown) =>
      this.#log.warn({ err, connector, task, topic }, 'could not record the active topic; it is recorded again with the next record'),
    );
  }

  activeTopics(connector: string): string[] {
    return this.#store.activeTopics(connector);
  }

  reset(connector: string): Promise<void> {
    return this.#store.deleteTopics(connector);
  }
}
