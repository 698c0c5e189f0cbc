import type { Logger } from '../api/logger.js';
import type { Herder } from '../cluster/herder.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { LoggerLevels } from './logger-levels.js';

/** What `/preview` needs from the worker: its plugins and properties (for the default converters). */
export interface PreviewSupport {
  readonly plugins: PluginRegistry;
  readonly workerConfig: Readonly<Record<string, string>>;
}

/** What every route group gets: the herder, and `call` to bound a herder request by the REST timeout. */
export interface RouteContext {
  /** Throws a 503 HerderError while the worker is still starting. */
  readonly herder: Herder;
  /** False until the worker has finished starting (the herder is set). */
  readonly ready: boolean;
  readonly log: Logger;
  /** Run-time log levels; undefined when the root logger is not pino. */
  readonly loggers: LoggerLevels | undefined;
  /** Throws a 503 until the worker has set them. */
  readonly preview: PreviewSupport;
  readonly metrics: MetricsSource | undefined;
  readonly topicTracking: { readonly enable: boolean; readonly allowReset: boolean };
  call<T>(request: Promise<T>): Promise<T>;
}
