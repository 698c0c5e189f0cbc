/**
 * Distributed mode's offset store: the `offset.storage.topic`, with keys `["<connector>",{partition}]` and
 * values `{offset}` as JSON text exactly as Kafka Connect writes them (null value = deleted). Every worker
 * tails the topic into a local map; `get`/`entries` read to the end first, so an offset one worker wrote
 * is visible to the worker a task moves to.
 */
import type { Logger } from '../api/logger.js';
import type { ClientProps } from '../kafka/kafka-client-config.js';
import { KafkaBasedLog } from './kafka-based-log.js';
import type { OffsetBackingStore } from './offset-backing-store.js';

export class KafkaOffsetStore implements OffsetBackingStore {
  readonly #data = new Map<string, string>();
  readonly #log: KafkaBasedLog;
  #writes: Promise<unknown> = Promise.resolve();
  #started?: Promise<void>;

  constructor(topic: string, clientProps: ClientProps, log: Logger) {
    this.#log = new KafkaBasedLog({
      topic,
      clientProps,
      log,
      onRecord: (r) => {
        if (r.key === null) return;
        if (r.value === null) this.#data.delete(r.key);
        else this.#data.set(r.key, r.value);
      },
    });
  }

  /** Idempotent (the distributed worker starts it early, in parallel with the other stores; Worker.start awaits it again). */
  start(): Promise<void> {
    return (this.#started ??= this.#log.start());
  }

  async stop(): Promise<void> {
    await this.#writes.catch(() => undefined);
    await this.#log.stop();
  }

  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    await this.#log.readToEnd();
    const out = new Map<string, string | null>();
    for (const k of keys) out.set(k, this.#data.get(k) ?? null);
    return out;
  }

  /** Resolves once the broker acknowledged every record (acks=all); the local map follows as they are read. */
  set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    const records = [...entries].map(([key, value]) => ({ key, value }));
    const p = this.#writes.then(() => this.#log.send(records), () => this.#log.send(records));
    this.#writes = p.catch(() => undefined);
    return p.then(() => undefined);
  }

  async entries(): Promise<Map<string, string>> {
    await this.#log.readToEnd();
    return new Map(this.#data);
  }
}
