/**
 * The cluster's config topic (`config.storage.topic`, one partition), in Apache Kafka Connect's record
 * formats so existing tools can read it:
 *
 *     connector-<name>     {"properties":{…}}                       tombstone = deleted
 *     target-state-<name>  {"state":"STARTED|PAUSED","state.v2":"STARTED|PAUSED|STOPPED"}
 *     task-<name>-<n>      {"properties":{…}}                       buffered until the commit below
 *     commit-<name>        {"tasks":N}                              makes task-<name>-0..N-1 visible at once
 *     session-key          {"key":"<base64>","algorithm":"HmacSHA256","creation-timestamp":ms}   KIP-507
 *     restart-connector-<name>  {"include-tasks":bool,"only-failed":bool}                      KIP-745
 *
 * Every worker tails the topic into a `ConfigSnapshot`; the leader is the single writer of connector and
 * task configs. A commit whose task records are missing (compaction after a crash) marks the connector
 * inconsistent until fresh task configs are committed. Unknown keys are skipped.
 */
import type { Logger } from '../api/logger.js';
import type { TargetState } from '../runtime/status.js';
import type { ClientProps } from '../kafka/kafka-client-config.js';
import { KafkaBasedLog, type LogRecord } from './kafka-based-log.js';

export type ConnectorProps = Readonly<Record<string, string>>;

export interface ConfigSnapshot {
  /** Next offset of the config topic this snapshot includes (what workers report in JoinGroup). */
  readonly offset: number;
  readonly connectors: ReadonlyMap<string, ConnectorProps>;
  /** Missing = RUNNING (Kafka Connect's STARTED). */
  readonly targetStates: ReadonlyMap<string, TargetState>;
  /** Committed task configs per connector. */
  readonly tasks: ReadonlyMap<string, readonly ConnectorProps[]>;
  readonly inconsistent: ReadonlySet<string>;
  /** The last `session-key` record (sessioned protocol); undefined before the leader wrote one. */
  readonly sessionKey: StoredSessionKey | undefined;
}

export interface StoredSessionKey {
  readonly key: Buffer;
  readonly algorithm: string;
  readonly creationTimestamp: number;
}

export type ConfigChange =
  /** `created`: the connector was not in the view before this record. */
  | { readonly kind: 'connector'; readonly connector: string; readonly removed: boolean; readonly created?: boolean }
  | { readonly kind: 'tasks'; readonly connector: string }
  | { readonly kind: 'target-state'; readonly connector: string; readonly state: TargetState }
  | { readonly kind: 'session-key'; readonly key: StoredSessionKey }
  | { readonly kind: 'restart'; readonly connector: string; readonly includeTasks: boolean; readonly onlyFailed: boolean };

/** Kafka Connect's name for RUNNING is STARTED; STOPPED is written as PAUSED in `state` for old readers. */
export function targetStateValue(state: TargetState): string {
  const v2 = state === 'RUNNING' ? 'STARTED' : state;
  return JSON.stringify({ state: state === 'RUNNING' ? 'STARTED' : 'PAUSED', 'state.v2': v2 });
}

export function parseTargetState(value: string): TargetState | undefined {
  const v = JSON.parse(value) as { state?: unknown; 'state.v2'?: unknown };
  const s = typeof v['state.v2'] === 'string' ? v['state.v2'] : v.state;
  return s === 'STARTED' ? 'RUNNING' : s === 'PAUSED' ? 'PAUSED' : s === 'STOPPED' ? 'STOPPED' : undefined;
}

/** `task-<name>-<n>`: the connector name may itself contain '-'. */
export function parseTaskKey(key: string): { connector: string; task: number } | undefined {
  const m = /^task-(.+)-(\d+)$/.exec(key);
  return m ? { connector: m[1]!, task: Number(m[2]) } : undefined;
}

export class ConfigStore {
  readonly #log: KafkaBasedLog;
  readonly #logger: Logger;
  readonly #connectors = new Map<string, ConnectorProps>();
  readonly #targetStates = new Map<string, TargetState>();
  readonly #tasks = new Map<string, readonly ConnectorProps[]>();
  readonly #pendingTasks = new Map<string, Map<number, ConnectorProps>>();
  readonly #inconsistent = new Set<string>();
  readonly #listeners: Array<(change: ConfigChange) => void> = [];
  #offset = 0;
  #sessionKey: StoredSessionKey | undefined;

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

  /** Called for every change read from the topic (after start, and during the initial read too). */
  onChange(listener: (change: ConfigChange) => void): void {
    this.#listeners.push(listener);
  }

  readToEnd(): Promise<void> {
    return this.#log.readToEnd();
  }

  /** A copy of the current view. */
  snapshot(): ConfigSnapshot {
    return {
      offset: this.#offset,
      connectors: new Map(this.#connectors),
      targetStates: new Map(this.#targetStates),
      tasks: new Map(this.#tasks),
      inconsistent: new Set(this.#inconsistent),
      sessionKey: this.#sessionKey,
    };
  }

  /** Writes (or with null, deletes) a connector config; a delete also tombstones its target state. */
  async putConnectorConfig(name: string, props: ConnectorProps | null, targetState?: TargetState): Promise<void> {
    const records: Array<{ key: string; value: string | null }> = [];
    if (props !== null && targetState !== undefined) records.push({ key: `target-state-${name}`, value: targetStateValue(targetState) });
    records.push({ key: `connector-${name}`, value: props === null ? null : JSON.stringify({ properties: props }) });
    if (props === null) records.push({ key: `target-state-${name}`, value: null });
    await this.#log.send(records);
    await this.#log.readToEnd();
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    await this.#log.send([{ key: `target-state-${name}`, value: targetStateValue(state) }]);
    await this.#log.readToEnd();
  }

  /** Kafka Connect's sequence: read to end, task records, read to end, commit, read to end. */
  async putTaskConfigs(name: string, configs: readonly ConnectorProps[]): Promise<void> {
    await this.#log.readToEnd();
    if (configs.length > 0) {
      await this.#log.send(configs.map((c, i) => ({ key: `task-${name}-${i}`, value: JSON.stringify({ properties: c }) })));
      await this.#log.readToEnd();
    }
    await this.#log.send([{ key: `commit-${name}`, value: JSON.stringify({ tasks: configs.length }) }]);
    await this.#log.readToEnd();
  }

  /** The leader's new session key (sessioned protocol), in Kafka Connect's JSON with the key base64-encoded. */
  async putSessionKey(key: StoredSessionKey): Promise<void> {
    const value = JSON.stringify({ key: key.key.toString('base64'), algorithm: key.algorithm, 'creation-timestamp': key.creationTimestamp });
    await this.#log.send([{ key: 'session-key', value }]);
    await this.#log.readToEnd();
  }

  /** KIP-745: every worker reading it restarts what it runs of the connector, per the flags. */
  async putRestartRequest(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    await this.#log.send([{ key: `restart-connector-${name}`, value: JSON.stringify({ 'include-tasks': includeTasks, 'only-failed': onlyFailed }) }]);
    await this.#log.readToEnd();
  }

  #apply(r: LogRecord): void {
    this.#offset = r.offset + 1;
    const key = r.key;
    if (key === null) return;
    let change: ConfigChange | undefined;
    try {
      change = this.#applyKey(key, r.value);
    } catch (err) {
      this.#logger.warn({ topic: this.#log.topic, offset: r.offset, key, err }, 'skipping unreadable config record');
      return;
    }
    if (change) for (const l of this.#listeners) l(change);
  }

  #applyKey(key: string, value: string | null): ConfigChange | undefined {
    if (key.startsWith('connector-')) {
      const name = key.slice('connector-'.length);
      if (value === null) {
        this.#connectors.delete(name);
        this.#tasks.delete(name);
        this.#pendingTasks.delete(name);
        this.#inconsistent.delete(name);
        return { kind: 'connector', connector: name, removed: true };
      }
      const created = !this.#connectors.has(name);
      this.#connectors.set(name, propertiesOf(value));
      return { kind: 'connector', connector: name, removed: false, created };
    }
    if (key.startsWith('target-state-')) {
      const name = key.slice('target-state-'.length);
      if (value === null) {
        this.#targetStates.delete(name);
        return undefined;
      }
      const state = parseTargetState(value);
      if (state === undefined) throw new Error(`unknown target state ${value}`);
      this.#targetStates.set(name, state);
      return { kind: 'target-state', connector: name, state };
    }
    if (key.startsWith('task-')) {
      const id = parseTaskKey(key);
      if (id === undefined || value === null) return undefined;
      let pending = this.#pendingTasks.get(id.connector);
      if (pending === undefined) this.#pendingTasks.set(id.connector, (pending = new Map()));
      pending.set(id.task, propertiesOf(value));
      return undefined;
    }
    if (key.startsWith('commit-')) {
      const name = key.slice('commit-'.length);
      if (value === null) return undefined;
      const n = (JSON.parse(value) as { tasks?: unknown }).tasks;
      if (typeof n !== 'number') throw new Error('commit record without a task count');
      const pending = this.#pendingTasks.get(name) ?? new Map<number, ConnectorProps>();
      const configs: ConnectorProps[] = [];
      for (let i = 0; i < n; i++) {
        const c = pending.get(i);
        if (c === undefined) break;
        configs.push(c);
      }
      this.#pendingTasks.delete(name);
      if (configs.length !== n) {
        this.#inconsistent.add(name);
        this.#logger.warn({ connector: name, expected: n, found: configs.length }, 'task configs missing for a commit; connector is inconsistent until it regenerates them');
        return undefined;
      }
      this.#inconsistent.delete(name);
      this.#tasks.set(name, configs);
      return { kind: 'tasks', connector: name };
    }
    if (key === 'session-key') {
      if (value === null) return undefined;
      this.#sessionKey = parseSessionKey(value);
      return { kind: 'session-key', key: this.#sessionKey };
    }
    if (key.startsWith('restart-connector-')) {
      if (value === null) return undefined;
      const v = JSON.parse(value) as Record<string, unknown>;
      // Kafka defaults a missing or non-boolean flag to false
      return { kind: 'restart', connector: key.slice('restart-connector-'.length), includeTasks: v['include-tasks'] === true, onlyFailed: v['only-failed'] === true };
    }
    return undefined; // logger-*, tasks-fencing-*: not handled yet
  }
}

function parseSessionKey(value: string): StoredSessionKey {
  const v = JSON.parse(value) as Record<string, unknown>;
  const key = v['key'], algorithm = v['algorithm'], ts = v['creation-timestamp'];
  if (typeof key !== 'string' || typeof algorithm !== 'string' || typeof ts !== 'number') throw new Error('session key record without key, algorithm and creation-timestamp');
  return { key: Buffer.from(key, 'base64'), algorithm, creationTimestamp: ts };
}

function propertiesOf(value: string): ConnectorProps {
  const p = (JSON.parse(value) as { properties?: unknown }).properties;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error('record without "properties"');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}
