/**
 * The logger a plugin receives as `context.log`. It is the subset of pino's API plugins need, so a pino
 * logger fits as is and plugins never import pino (or create a root logger) themselves.
 *
 * Messages are constant strings; data goes in the object argument with fixed field names
 * (`connector task topic partition offset stage err`):
 *
 *     this.context.log.warn({ table, err }, 'table vanished; skipping');
 *     if (log.isLevelEnabled('trace')) log.trace({ row }, 'row read');   // guard costly fields
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  /** A logger whose every line also carries `bindings` (e.g. `{ table: 'orders' }`). */
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

const noop: LogFn = () => {};

/** A logger that drops everything: handy in plugin unit tests. */
export const silentLogger: Logger = Object.freeze({
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  child: () => silentLogger,
  isLevelEnabled: () => false,
});
