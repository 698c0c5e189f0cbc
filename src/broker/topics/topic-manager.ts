import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PartitionLog } from '../log/partition-log.js';
import { Partition } from './partition.js';
import { logConfigFor, validateTopicConfigs, type FlushPolicy } from './topic-config.js';
import { TopicMetadataStore, type TopicRecord } from './topic-metadata-store.js';
import { topicNameProblem } from './topic-name.js';
import type { AppendNotifier } from '../server/append-notifier.js';
import type { BrokerLogger } from '../server/broker-logger.js';

export interface Topic {
  readonly name: string;
  readonly id: Buffer;
  readonly internal: boolean;
  /** Overrides only; defaults come from topic-config.ts. */
  configs: Record<string, string>;
  partitions: Partition[];
}

export interface TopicManagerOptions {
  readonly dataDir: string | null;
  readonly flushPolicy: FlushPolicy;
  readonly notifier: AppendNotifier;
  readonly logger: BrokerLogger;
  readonly clock: () => number;
}

/** Guards a single node against requests that would open millions of logs (a typo or a fuzzer). */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

/** A topic-level failure the handlers turn into an error code. */
export class TopicError extends Error {
  constructor(readonly errorCode: number, message: string) {
    super(message);
    this.name = 'TopicError';
  }
}

/** Topics → partitions → PartitionLog; creation, deletion, partition growth and config changes. */
export class TopicManager {
  readonly #topics = new Map<string, Topic>();
  readonly #store: TopicMetadataStore;
  readonly #opts: TopicManagerOptions;
  /** Serializes create/delete/alter so concurrent admin calls see a consistent state. */
  #lock: Promise<unknown> = Promise.resolve();

  private constructor(opts: TopicManagerOptions) {
    this.#opts = opts;
    this.#store = new TopicMetadataStore(opts.dataDir);
  }

  /** Opens every persisted topic (recovering its logs) and removes logs of topics no longer recorded. */
  static async open(opts: TopicManagerOptions): Promise<TopicManager> {
    const tm = new TopicManager(opts);
    const records = await tm.#store.loadAll();
    for (const rec of records) {
      const partitions: Partition[] = [];
      for (let i = 0; i < rec.partitions; i++) partitions.push(await tm.#openPartition(rec.name, i, rec.configs));
      tm.#topics.set(rec.name, {
        name: rec.name, id: Buffer.from(rec.id, 'hex'), internal: rec.internal, configs: rec.configs, partitions,
      });
    }
    await tm.#removeOrphanLogs();
    return tm;
  }

  get(name: string): Topic | undefined {
    return this.#topics.get(name);
  }

  list(): Topic[] {
    return [...this.#topics.values()];
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.#topics.get(topic)?.partitions[index];
  }

  /** Checks a create request without doing it; throws TopicError. */
  validateCreate(name: string, partitions: number, configs: Record<string, string | null>): void {
    const problem = topicNameProblem(name);
    if (problem) throw new TopicError(17 /* INVALID_TOPIC_EXCEPTION */, problem);
    if (this.#topics.has(name)) throw new TopicError(36 /* TOPIC_ALREADY_EXISTS */, `Topic '${name}' already exists.`);
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new TopicError(37 /* INVALID_PARTITIONS */, 'Number of partitions must be larger than 0.');
    }
    if (partitions > MAX_PARTITIONS_PER_TOPIC) {
      throw new TopicError(37 /* INVALID_PARTITIONS */, `A topic may have at most ${MAX_PARTITIONS_PER_TOPIC} partitions here.`);
    }
    const cfgProblem = validateTopicConfigs(configs);
    if (cfgProblem) throw new TopicError(40 /* INVALID_CONFIG */, cfgProblem);
  }

  create(name: string, partitions: number, configs: Record<string, string | null> = {}, internal = false): Promise<Topic> {
    return this.#serialized(async () => {
      this.validateCreate(name, partitions, configs);
      const overrides = dropNulls(configs);
      const rec: TopicRecord = {
        name, id: randomBytes(16).toString('hex'), partitions, internal, configs: overrides,
      };
      const parts: Partition[] = [];
      for (let i = 0; i < partitions; i++) parts.push(await this.#openPartition(name, i, overrides));
      await this.#store.save(rec);
      const topic: Topic = { name, id: Buffer.from(rec.id, 'hex'), internal, configs: overrides, partitions: parts };
      this.#topics.set(name, topic);
      this.#opts.logger.info({ topic: name, partitions }, 'topic created');
      return topic;
    });
  }

  delete(name: string): Promise<void> {
    return this.#serialized(async () => {
      const topic = this.#topics.get(name);
      if (!topic) throw new TopicError(3 /* UNKNOWN_TOPIC_OR_PARTITION */, `Topic '${name}' does not exist.`);
      this.#topics.delete(name);
      await this.#store.remove(name); // record first: a crash mid-way leaves orphan logs, removed on open
      for (const p of topic.partitions) await p.log.delete();
      this.#opts.logger.info({ topic: name }, 'topic deleted');
    });
  }

  /** CreatePartitions: grows the topic to `count` partitions. */
  addPartitions(name: string, count: number, validateOnly = false): Promise<void> {
    return this.#serialized(async () => {
      const topic = this.#topics.get(name);
      if (!topic) throw new TopicError(3, `Topic '${name}' does not exist.`);
      const current = topic.partitions.length;
      if (!Number.isInteger(count) || count <= current) {
        throw new TopicError(37 /* INVALID_PARTITIONS */,
          `Topic currently has ${current} partitions, which is higher than or equal to the requested ${count}.`);
      }
      if (count > MAX_PARTITIONS_PER_TOPIC) {
        throw new TopicError(37 /* INVALID_PARTITIONS */, `A topic may have at most ${MAX_PARTITIONS_PER_TOPIC} partitions here.`);
      }
      if (validateOnly) return;
      for (let i = current; i < count; i++) topic.partitions.push(await this.#openPartition(name, i, topic.configs));
      await this.#store.save(this.#record(topic));
    });
  }

  /** AlterConfigs (replace semantics: the given set becomes the topic's whole override set). */
  replaceConfigs(name: string, configs: Record<string, string | null>, validateOnly = false): Promise<void> {
    return this.#serialized(async () => {
      const topic = this.#topics.get(name);
      if (!topic) throw new TopicError(3, `Topic '${name}' does not exist.`);
      const problem = validateTopicConfigs(configs);
      if (problem) throw new TopicError(40 /* INVALID_CONFIG */, problem);
      if (validateOnly) return;
      topic.configs = dropNulls(configs);
      const logConfig = logConfigFor(topic.configs, this.#opts.flushPolicy);
      for (const p of topic.partitions) p.reconfigure(logConfig);
      await this.#store.save(this.#record(topic));
    });
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const topic of this.#topics.values()) {
      for (const p of topic.partitions) {
        try {
          await p.log.close();
        } catch (err) {
          errors.push(err);
        }
      }
    }
    this.#topics.clear();
    if (errors.length > 0) this.#opts.logger.error({ err: String(errors[0]) }, 'closing partition logs failed');
  }

  #record(topic: Topic): TopicRecord {
    return {
      name: topic.name, id: topic.id.toString('hex'), partitions: topic.partitions.length,
      internal: topic.internal, configs: topic.configs,
    };
  }

  async #openPartition(topic: string, index: number, configs: Record<string, string>): Promise<Partition> {
    const dir = this.#opts.dataDir === null ? null : join(this.#opts.dataDir, 'logs', `${topic}-${index}`);
    const log = await PartitionLog.open({
      dir, config: logConfigFor(configs, this.#opts.flushPolicy), clock: this.#opts.clock,
    });
    return Partition.create(topic, index, log, this.#opts.notifier, this.#opts.clock);
  }

  async #removeOrphanLogs(): Promise<void> {
    if (this.#opts.dataDir === null) return;
    const logsDir = join(this.#opts.dataDir, 'logs');
    let entries: string[];
    try {
      entries = await readdir(logsDir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const m = /^(.+)-(\d+)$/.exec(entry);
      const topic = m ? this.#topics.get(m[1]!) : undefined;
      if (topic && Number(m![2]) < topic.partitions.length) continue;
      this.#opts.logger.warn({ dir: entry }, 'removing log directory of a deleted topic');
      await rm(join(logsDir, entry), { recursive: true, force: true });
    }
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}

function dropNulls(configs: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(configs)) if (v !== null) out[k] = v;
  return out;
}
