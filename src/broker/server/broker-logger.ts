import { pino } from 'pino';

/** The logging surface the broker uses (pino's shape: a fields object first, then a constant message). */
export interface BrokerLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The default logger: pino to stderr, warnings and errors only. */
export function defaultBrokerLogger(level: string = 'warn'): BrokerLogger {
  return pino({ name: 'broker', level }, pino.destination(2));
}
