import type { ConfigValue } from './config/config-types.js';
import type { ConfigDef, RawConfig } from './config/define-config.js';
import { ConnectError } from './errors.js';
import type { Logger } from './logger.js';
import type { ConnectorProps, MaybePromise, Task, TaskClass } from './task.js';

/** What the runtime gives a connector: ways to ask for new task configs or report a fatal error. */
export interface ConnectorContext {
  /** The connector's inputs changed (e.g. a new table): the runtime calls `taskConfigs` again. */
  requestTaskReconfiguration(): void;
  /** Fails the connector (status FAILED with this error's trace), e.g. from a background monitor. */
  raiseError(error: Error): void;
  /** Already bound to `{ connector }`. */
  readonly log: Logger;
}

/**
 * A connector manages its tasks: it checks and keeps the config, and splits the work into at most
 * `maxTasks` task configs. It does not move data itself.
 *
 * Lifecycle: `initialize(context)` → `start(props)` → `taskConfigs(maxTasks)` (again after each
 * `requestTaskReconfiguration`) → `stop()`. `validate` and `config` may be called on an instance that
 * was never started (REST validate).
 */
export abstract class Connector {
  /** Set by SourceConnector / SinkConnector; lets the runtime tell them apart without `instanceof`. */
  abstract readonly kind: 'source' | 'sink';
  #context: ConnectorContext | undefined;

  /** Called by the runtime once, before `start`. */
  initialize(context: ConnectorContext): void {
    this.#context = context;
  }

  protected get context(): ConnectorContext {
    if (this.#context === undefined) {
      throw new ConnectError(`${this.constructor.name}: context used before initialize(context) was called`, { code: 'TRIB_LIFECYCLE' });
    }
    return this.#context;
  }

  abstract version(): string;

  /** The keys this connector accepts (drives validation, REST and docs). */
  abstract config(): ConfigDef<object>;

  /** Per-key validation results; by default the ConfigDef's. Override to add cross-key checks. */
  validate(configs: RawConfig): MaybePromise<ConfigValue[]> {
    return this.config().validate(configs);
  }

  abstract start(props: ConnectorProps): MaybePromise<void>;

  /** A config update; by default stop then start with the new props. */
  async reconfigure(props: ConnectorProps): Promise<void> {
    await this.stop();
    await this.start(props);
  }

  abstract taskClass(): TaskClass<Task>;

  /** At most `maxTasks` configs, one per task to run (fewer is fine; none stops all tasks). */
  abstract taskConfigs(maxTasks: number): MaybePromise<ConnectorProps[]>;

  abstract stop(): MaybePromise<void>;
}
