/**
 * The cluster's status topic (`status.storage.topic`), in Apache Kafka Connect's formats:
 *
 *     status-connector-<name>     {"state":S,"trace":str|null,"worker_id":"host:port","generation":G}
 *     status-task-<name>-<n>      same shape, plus (Tributary) "metrics":[{"name","labels","value"}] when the
 *                                 task set gauges through context.metrics — Kafka Connect ignores the field
 *     status-topic-<topic>:connector-<name>
 *                                 {"topic":{"name":T,"connector":N,"task":n,"discoverTimestamp":ms}}  (KIP-558)
 *
 * A deleted connector/task is a tombstone (DESTROYED is never stored). UNASSIGNED and FAILED are "safe
 * writes": skipped when the cached entry belongs to another worker with a newer generation, so a departing
 * worker does not clobber the state the new owner wrote. Every worker reads the whole topic, so any
 * worker's REST can answer for the cluster.
 *
 * Topic statuses record each topic a connector's tasks produced to or consumed from (first discovery only);
 * resetting a connector's active topics tombstones them. Writes update the local cache at once (Kafka waits
 * for the read-back), so a busy task does not write the same topic twice.
 */
import type { Logger } from '../api/logger.js';
import type { State } from '../runtime/status.js';
import type { TaskGaugeValue } from '../runtime/task-gauges.js';
import type { ClientProps } from '../kafka/kafka-client-config.js';
import { KafkaBasedLog, type LogRecord } from './kafka-based-log.js';

export interface StoredStatus {
  readonly state: State;
  readonly trace: string | null;
  readonly workerId: string;
  readonly generation: number;
  /** Tasks only (Tributary extension): the gauges the task set through `context.metrics`. */
  readonly metrics?: readonly TaskGaugeValue[];
}

export interface StatusId {
  readonly connector: string;
  /** Absent for the connector itself. */
  readonly task?: number;
}

export function statusKey(id: StatusId): string {
  return id.task === undefined ? `status-connector-${id.connector}` : `status-task-${id.connector}-${id.task}`;
}

/** Field order as Kafka Connect's status schema writes it: state, trace, worker_id, generation. */
export function statusValue(s: StoredStatus): string {
  const v = { state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation };
  return JSON.stringify(s.metrics !== undefined && s.metrics.length > 0 ? { ...v, metrics: s.metrics } : v);
}

const optionalMetrics = (m: TaskGaugeValue[] | undefined) => (m === undefined ? {} : { metrics: m });

/** The `metrics` field as written by statusValue; malformed entries are dropped. */
function parseMetrics(v: unknown): TaskGaugeValue[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: TaskGaugeValue[] = [];
  for (const m of v as unknown[]) {
    if (typeof m !== 'object' || m === null) continue;
    const { name, labels, value } = m as { name?: unknown; labels?: unknown; value?: unknown };
    if (typeof name !== 'string' || typeof value !== 'number') continue;
    const l: Record<string, string> = {};
    if (typeof labels === 'object' && labels !== null) for (const [k, x] of Object.entries(labels)) if (typeof x === 'string') l[k] = x;
    out.push({ name, labels: l, value });
  }
  return out.length > 0 ? out : undefined;
}

/** A topic a connector's task used (KIP-558 topic tracking). */
export interface TopicStatus {
  readonly topic: string;
  readonly connector: string;
  readonly task: number;
  readonly discoverTimestamp: number;
}

const TOPIC_PREFIX = 'status-topic-';
const TOPIC_SEPARATOR = ':connector-';

export function topicStatusKey(connector: string, topic: string): string {
  return `${TOPIC_PREFIX}${topic}${TOPIC_SEPARATOR}${connector}`;
}

/** Field order as Kafka Connect writes it: name, connector, task, discoverTimestamp. */
export function topicStatusValue(s: TopicStatus): string {
  return JSON.stringify({ topic: { name: s.topic, connector: s.connector, task: s.task, discoverTimestamp: s.discoverTimestamp } });
}

/** Topic names cannot contain ':' (Kafka allows [a-zA-Z0-9._-]), so the first separator splits the key. */
export function parseTopicStatusKey(key: string): { topic: string; connector: string } | undefined {
  if (!key.startsWith(TOPIC_PREFIX)) return undefined;
  const at = key.indexOf(TOPIC_SEPARATOR, TOPIC_PREFIX.length);
  if (at < 0) return undefined;
  return { topic: key.slice(TOPIC_PREFIX.length, at), connector: key.slice(at + TOPIC_SEPARATOR.length) };
}

export function parseStatusKey(key: string): StatusId | undefined {
  if (key.startsWith('status-connector-')) return { connector: key.slice('status-connector-'.length) };
  const m = /^status-task-(.+)-(\d+)$/.exec(key);
  return m ? { connector: m[1]!, task: Number(m[2]) } : undefined;
}

const STATES = new Set<string>(['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING']);

export class StatusStore {
  readonly #log: KafkaBasedLog;
  readonly #logger: Logger;
  readonly #connectors = new Map<string, StoredStatus>();
  /** connector → task → status */
  readonly #tasks = new Map<string, Map<number, StoredStatus>>();
  /**
   * Values this store wrote and has not read back yet, per key, in send order. A record read while its key has
   * some is an older one (ours or another worker's, ordered before our pending writes in the log), so it must
   * not overwrite the newer local value in the cache; reading our own latest write back clears the way.
   */
  readonly #unread = new Map<string, (string | null)[]>();
  /** connector → topic → status */
  readonly #topics = new Map<string, Map<string, TopicStatus>>();

  constructor(topic: string, clientProps: ClientProps, log: Logger) {
    this.#logger = log;
    this.#log = new KafkaBasedLog({ topic, clientProps, log, onRecord: (r) => this.#apply(r) });
  }

  start(): Promise<void> {
    return this.#log.start();
  }

  stop(): Promise<void> {
    return this.#log.stop();
  }

  readToEnd(): Promise<void> {
    return this.#log.readToEnd();
  }

  /** Writes a status; UNASSIGNED/FAILED are skipped when a newer generation of another worker owns it. */
  async put(id: StatusId, status: StoredStatus): Promise<boolean> {
    if (status.state === 'UNASSIGNED' || status.state === 'FAILED') {
      const cur = this.get(id);
      if (cur !== undefined && cur.workerId !== status.workerId && cur.generation > status.generation) return false;
    }
    this.#set(id, status); // visible locally at once
    await this.#sendTracked([{ key: statusKey(id), value: statusValue(status) }]);
    return true;
  }

  /** Tombstones the connector's and the listed tasks' statuses (connector deleted). */
  async remove(connector: string, tasks: readonly number[]): Promise<void> {
    const records = [{ key: statusKey({ connector }), value: null }, ...tasks.map((task) => ({ key: statusKey({ connector, task }), value: null }))];
    this.#connectors.delete(connector);
    this.#tasks.delete(connector);
    await this.#sendTracked(records);
  }

  get(id: StatusId): StoredStatus | undefined {
    return id.task === undefined ? this.#connectors.get(id.connector) : this.#tasks.get(id.connector)?.get(id.task);
  }

  /** Task statuses of one connector, by task number. */
  tasks(connector: string): ReadonlyMap<number, StoredStatus> {
    return new Map(this.#tasks.get(connector) ?? []);
  }

  connectors(): ReadonlyMap<string, StoredStatus> {
    return new Map(this.#connectors);
  }

  /** Records that `task` of `connector` used `topic` (visible locally at once). */
  async putTopic(connector: string, topic: string, task: number, discoverTimestamp: number = Date.now()): Promise<void> {
    const status: TopicStatus = { topic, connector, task, discoverTimestamp };
    this.#setTopic(connector, topic, status);
    try {
      await this.#sendTracked([{ key: topicStatusKey(connector, topic), value: topicStatusValue(status) }]);
    } catch (err) {
      if (this.getTopic(connector, topic) === status) this.#setTopic(connector, topic, null); // the next record tries again
      throw err;
    }
  }

  getTopic(connector: string, topic: string): TopicStatus | undefined {
    return this.#topics.get(connector)?.get(topic);
  }

  /** The connector's active topics, sorted. */
  activeTopics(connector: string): string[] {
    return [...(this.#topics.get(connector)?.keys() ?? [])].sort();
  }

  /** Tombstones every active topic of the connector (REST topics/reset, connector deleted). */
  async deleteTopics(connector: string): Promise<void> {
    const topics = this.activeTopics(connector);
    this.#topics.delete(connector);
    if (topics.length > 0) await this.#sendTracked(topics.map((t) => ({ key: topicStatusKey(connector, t), value: null })));
  }

  #setTopic(connector: string, topic: string, s: TopicStatus | null): void {
    let m = this.#topics.get(connector);
    if (s === null) {
      m?.delete(topic);
      if (m?.size === 0) this.#topics.delete(connector);
      return;
    }
    if (m === undefined) this.#topics.set(connector, (m = new Map()));
    m.set(topic, s);
  }

  #set(id: StatusId, s: StoredStatus | null): void {
    if (id.task === undefined) {
      if (s === null) this.#connectors.delete(id.connector);
      else this.#connectors.set(id.connector, s);
      return;
    }
    let m = this.#tasks.get(id.connector);
    if (s === null) {
      m?.delete(id.task);
      return;
    }
    if (m === undefined) this.#tasks.set(id.connector, (m = new Map()));
    m.set(id.task, s);
  }

  /** Sends, remembering each value until it is read back (see #unread); a failed send forgets them. */
  async #sendTracked(records: { key: string; value: string | null }[]): Promise<void> {
    for (const r of records) {
      let q = this.#unread.get(r.key);
      if (q === undefined) this.#unread.set(r.key, (q = []));
      q.push(r.value);
    }
    try {
      await this.#log.send(records);
    } catch (err) {
      for (const r of records) {
        const q = this.#unread.get(r.key);
        const i = q?.indexOf(r.value) ?? -1;
        if (q !== undefined && i >= 0) q.splice(i, 1);
        if (q?.length === 0) this.#unread.delete(r.key);
      }
      throw err;
    }
  }

  /** Whether a record read for `key` is older than a value this store wrote and has not read back yet. */
  #olderThanPendingWrite(key: string, value: string | null): boolean {
    const q = this.#unread.get(key);
    if (q === undefined) return false;
    if (q[0] === value) {
      q.shift(); // our own write, read back
      if (q.length === 0) this.#unread.delete(key);
      return q.length > 0; // a later write of ours is still to come
    }
    return true;
  }

  #apply(r: LogRecord): void {
    if (r.key === null) return;
    if (this.#olderThanPendingWrite(r.key, r.value)) return;
    const topicId = parseTopicStatusKey(r.key);
    if (topicId !== undefined) {
      this.#applyTopic(topicId.connector, topicId.topic, r);
      return;
    }
    const id = parseStatusKey(r.key);
    if (id === undefined) return; // unknown keys
    if (r.value === null) {
      this.#set(id, null);
      return;
    }
    try {
      const v = JSON.parse(r.value) as { state?: unknown; trace?: unknown; worker_id?: unknown; generation?: unknown; metrics?: unknown };
      if (typeof v.state !== 'string' || !STATES.has(v.state)) throw new Error(`unknown state ${String(v.state)}`);
      this.#set(id, {
        state: v.state as State,
        trace: typeof v.trace === 'string' ? v.trace : null,
        workerId: typeof v.worker_id === 'string' ? v.worker_id : '',
        generation: typeof v.generation === 'number' ? v.generation : -1,
        ...(id.task !== undefined && v.metrics !== undefined ? optionalMetrics(parseMetrics(v.metrics)) : {}),
      });
    } catch (err) {
      this.#logger.warn({ topic: this.#log.topic, offset: r.offset, key: r.key, err }, 'skipping unreadable status record');
    }
  }

  #applyTopic(connector: string, topic: string, r: LogRecord): void {
    if (r.value === null) {
      this.#setTopic(connector, topic, null);
      return;
    }
    try {
      const v = (JSON.parse(r.value) as { topic?: { name?: unknown; connector?: unknown; task?: unknown; discoverTimestamp?: unknown } }).topic;
      if (typeof v !== 'object' || v === null) throw new Error('no "topic" object');
      this.#setTopic(connector, topic, {
        topic: typeof v.name === 'string' ? v.name : topic,
        connector: typeof v.connector === 'string' ? v.connector : connector,
        task: typeof v.task === 'number' ? v.task : -1,
        discoverTimestamp: typeof v.discoverTimestamp === 'number' ? v.discoverTimestamp : 0,
      });
    } catch (err) {
      this.#logger.warn({ topic: this.#log.topic, offset: r.offset, key: r.key, err }, 'skipping unreadable topic status record');
    }
  }
}
