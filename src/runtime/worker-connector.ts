/**
 * One connector instance on this worker and its target state (Kafka's WorkerConnector). RUNNING starts the
 * connector; PAUSED and STOPPED stop it but keep the instance, so a resume is a plain `start` again. A
 * failure in start/stop, or `context.raiseError`, reports FAILED with the trace.
 */
import type { Connector, ConnectorContext } from '../api/connector.js';
import type { Logger } from '../api/logger.js';
import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceConnectorContext } from '../api/source-connector.js';
import { fullTrace } from './errors/error-reporter.js';
import type { State, TargetState } from './status.js';

export class WorkerConnector {
  readonly name: string;
  readonly connector: Connector;
  readonly className: string;
  readonly config: Readonly<Record<string, string>>;
  readonly log: Logger;
  #state: State = 'UNASSIGNED';
  #trace: string | undefined;
  #started = false;
  #target: TargetState = 'STOPPED';
  #onStatus: (state: State, trace?: string) => void;
  #onReconfigure: () => void;
  #ops: Promise<unknown> = Promise.resolve();

  constructor(options: {
    name: string;
    connector: Connector;
    className: string;
    config: Readonly<Record<string, string>>;
    log: Logger;
    offsetReader: OffsetStorageReader;
    onStatus: (state: State, trace?: string) => void;
    onReconfigure: () => void;
  }) {
    this.name = options.name;
    this.connector = options.connector;
    this.className = options.className;
    this.config = options.config;
    this.log = options.log;
    this.#onStatus = options.onStatus;
    this.#onReconfigure = options.onReconfigure;
    const ctx: ConnectorContext & SourceConnectorContext = {
      requestTaskReconfiguration: () => {
        if (this.#started) this.#onReconfigure();
      },
      raiseError: (err: Error) => this.#fail(err),
      log: options.log,
      offsetStorageReader: options.offsetReader,
    };
    this.connector.initialize(ctx);
  }

  get state(): State {
    return this.#state;
  }
  get trace(): string | undefined {
    return this.#trace;
  }
  get kind(): 'source' | 'sink' {
    return this.connector.kind;
  }
  get target(): TargetState {
    return this.#target;
  }
  get isRunning(): boolean {
    return this.#started && this.#state === 'RUNNING';
  }

  /** Moves to `target`; resolves with the state reached (FAILED on error — never rejects). */
  transitionTo(target: TargetState): Promise<State> {
    const run = this.#ops.then(() => this.#doTransition(target));
    this.#ops = run;
    return run;
  }

  async #doTransition(target: TargetState): Promise<State> {
    this.#target = target;
    if (this.#state === 'FAILED' && this.#started === false && target !== 'RUNNING') {
      return this.#state;
    }
    try {
      if (target === 'RUNNING') {
        if (!this.#started) {
          await this.connector.start(this.config);
          this.#started = true;
          this.log.info('Connector started');
        }
        this.#set('RUNNING');
      } else {
        await this.#stopConnector();
        this.#set(target);
      }
    } catch (err) {
      this.#fail(err as Error);
    }
    return this.#state;
  }

  async taskConfigs(maxTasks: number): Promise<Record<string, string>[]> {
    const configs = await this.connector.taskConfigs(maxTasks);
    return configs.map((c) => ({ ...c }));
  }

  /** Stops the connector for good (it may still be FAILED); idempotent. */
  shutdown(): Promise<void> {
    const run = this.#ops.then(async () => {
      try {
        await this.#stopConnector();
      } catch (err) {
        this.log.warn({ err }, 'error while stopping connector');
      }
      if (this.#state !== 'FAILED') this.#set('UNASSIGNED');
    });
    this.#ops = run;
    return run;
  }

  markRestarting(): void {
    this.#set('RESTARTING');
  }

  async #stopConnector(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.connector.stop();
    this.log.info('Connector stopped');
  }

  #fail(err: Error): void {
    this.#trace = fullTrace(err);
    this.log.error({ err }, 'Connector failed');
    this.#state = 'FAILED';
    this.#onStatus('FAILED', this.#trace);
  }

  #set(state: State): void {
    if (this.#state === state) return;
    this.#state = state;
    if (state !== 'FAILED') this.#trace = undefined;
    this.#onStatus(state);
  }
}
