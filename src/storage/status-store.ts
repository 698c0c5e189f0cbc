/**
 * The cluster's status topic (`status.storage.topic`), in Apache Kafka Connect's formats:
 *
 *     status-connector-<name>     {"state":S,"trace":str|null,"worker_id":"host:port","generation":G}
 *     status-task-<name>-<n>      same shape
 *
 * A deleted connector/task is a tombstone (DESTROYED is never stored). UNASSIGNED and FAILED are "safe
 * writes": skipped when the cached entry belongs to another worker with a newer generation, so a departing
 * worker does not clobber the state the new owner wrote. Every worker reads the whole topic, so any
 * worker's REST can answer for the cluster.
 */
import type { Logger } from '../api/logger.js';
import type { State } from '../runtime/status.js';
import type { ClientProps } from '../kafka/kafka-client-config.js';
import { KafkaBasedLog, type LogRecord } from './kafka-based-log.js';

export interface StoredStatus {
  readonly state: State;
  readonly trace: string | null;
  readonly workerId: string;
  readonly generation: number;
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
  return JSON.stringify({ state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation });
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
    this.#set(id, status); // visible locally at once, as Kafka Connect's cache is
    await this.#log.send([{ key: statusKey(id), value: statusValue(status) }]);
    return true;
  }

  /** Tombstones the connector's and the listed tasks' statuses (connector deleted). */
  async remove(connector: string, tasks: readonly number[]): Promise<void> {
    const records = [{ key: statusKey({ connector }), value: null }, ...tasks.map((task) => ({ key: statusKey({ connector, task }), value: null }))];
    this.#connectors.delete(connector);
    this.#tasks.delete(connector);
    await this.#log.send(records);
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

  #apply(r: LogRecord): void {
    if (r.key === null) return;
    const id = parseStatusKey(r.key);
    if (id === undefined) return; // status-topic-* (topic tracking) and unknown keys
    if (r.value === null) {
      this.#set(id, null);
      return;
    }
    try {
      const v = JSON.parse(r.value) as { state?: unknown; trace?: unknown; worker_id?: unknown; generation?: unknown };
      if (typeof v.state !== 'string' || !STATES.has(v.state)) throw new Error(`unknown state ${String(v.state)}`);
      this.#set(id, {
        state: v.state as State,
        trace: typeof v.trace === 'string' ? v.trace : null,
        workerId: typeof v.worker_id === 'string' ? v.worker_id : '',
        generation: typeof v.generation === 'number' ? v.generation : -1,
      });
    } catch (err) {
      this.#logger.warn({ topic: this.#log.topic, offset: r.offset, key: r.key, err }, 'skipping unreadable status record');
    }
  }
}
