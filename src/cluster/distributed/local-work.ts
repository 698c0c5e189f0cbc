/**
 * The connectors and tasks this worker runs in the current generation, and the one queue every change to
 * them goes through (assignments, restarts, config updates), so a stop and a start of the same instance never
 * interleave. Starting a connector asks it for task configs; new ones go to `publish` (the leader's write).
 */
import type { Logger } from '../../api/logger.js';
import type { ConfigStore, ConnectorProps } from '../../storage/config-store.js';
import type { HerderWorker } from '../standalone/herder-worker.js';
import type { WorkId } from './assignor.js';

export interface LocalWorkOptions {
  readonly worker: HerderWorker;
  readonly configStore: ConfigStore;
  /** New task configs of a connector running here (differing from the committed ones). */
  publish(name: string, configs: readonly ConnectorProps[]): Promise<void>;
  readonly log: Logger;
}

const key = (w: WorkId) => `${w.connector}\u0000${w.task}`;

export class LocalWork {
  readonly #o: LocalWorkOptions;
  /** Connectors as task -1. */
  readonly #mine = new Map<string, WorkId>();
  #queue: Promise<unknown> = Promise.resolve();
  #stopping = false;

  constructor(options: LocalWorkOptions) {
    this.#o = options;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** No more starts (the worker is stopping). */
  close(): void {
    this.#stopping = true;
  }

  /** Runs `fn` after everything queued before it. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  owns(w: WorkId): boolean {
    return this.#mine.has(key(w));
  }

  ownsConnector(name: string): boolean {
    return this.#mine.has(key({ connector: name, task: -1 }));
  }

  all(): WorkId[] {
    return [...this.#mine.values()];
  }

  tasksOf(connector: string): WorkId[] {
    return this.all().filter((w) => w.connector === connector && w.task >= 0);
  }

  /** Assigned in this generation (started later with `start`). */
  add(work: readonly WorkId[]): void {
    for (const w of work) this.#mine.set(key(w), w);
  }

  /** connector → ids (-1 = the connector), what the next JoinGroup reports. */
  allocation(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const w of this.#mine.values()) out.set(w.connector, [...(out.get(w.connector) ?? []), w.task]);
    return out;
  }

  /** Stops the instances and forgets them. */
  async stop(work: readonly WorkId[]): Promise<void> {
    const tasks = work.filter((w) => w.task >= 0).map((w) => ({ connector: w.connector, task: w.task }));
    await this.#o.worker.stopTasks(tasks);
    for (const w of work) {
      if (w.task < 0) await this.#o.worker.stopConnector(w.connector);
      this.#mine.delete(key(w));
    }
  }

  /** Starts what is still assigned here, with the current configs and target state. */
  async start(work: readonly WorkId[]): Promise<void> {
    const snap = this.#o.configStore.snapshot();
    for (const w of work) {
      if (this.#stopping || !this.#mine.has(key(w))) continue;
      const config = snap.connectors.get(w.connector);
      if (config === undefined) continue;
      const target = snap.targetStates.get(w.connector) ?? 'RUNNING';
      if (w.task < 0) {
        const state = await this.#o.worker.startConnector(w.connector, { ...config }, target);
        if (state === 'RUNNING') await this.regenerateTasks(w.connector);
      } else {
        const taskConfig = snap.tasks.get(w.connector)?.[w.task];
        if (taskConfig !== undefined) await this.#o.worker.startTask({ connector: w.connector, task: w.task }, { ...config }, { ...taskConfig }, target === 'STOPPED' ? 'PAUSED' : target);
      }
    }
  }

  /** Asks the connector running here for task configs and publishes them when they differ from the committed ones. */
  async regenerateTasks(name: string): Promise<void> {
    const snap = this.#o.configStore.snapshot();
    const config = snap.connectors.get(name);
    if (config === undefined || (snap.targetStates.get(name) ?? 'RUNNING') === 'STOPPED') return;
    let configs: Record<string, string>[];
    try {
      configs = await this.#o.worker.connectorTaskConfigs(name, Number(config['tasks.max'] ?? '1'));
    } catch (err) {
      this.#o.log.warn({ connector: name, err }, 'no task configs (connector not running)');
      return;
    }
    if (!this.needsPublish(name, configs)) return;
    await this.#o.publish(name, configs);
  }

  /** Whether these task configs still need writing: the connector runs (not STOPPED) and they differ from the committed ones. */
  needsPublish(name: string, configs: readonly Readonly<Record<string, string>>[]): boolean {
    const snap = this.#o.configStore.snapshot();
    if (!snap.connectors.has(name) || (snap.targetStates.get(name) ?? 'RUNNING') === 'STOPPED') return false;
    const current = snap.tasks.get(name);
    return current === undefined || snap.inconsistent.has(name) || !sameConfigs(current, configs);
  }
}

function sameConfigs(a: readonly Readonly<Record<string, string>>[], b: readonly Readonly<Record<string, string>>[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    const kx = Object.keys(x), ky = Object.keys(y);
    if (kx.length !== ky.length || kx.some((k) => x[k] !== y[k])) return false;
  }
  return true;
}
