import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../api/logger.js';

/** Routes kafkajs's own log lines into our pino logger (as `{ client: 'kafkajs', namespace }` fields). */
export function kafkaJsLogCreator(log: Logger): logCreator {
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, ...extra } = entry;
      const fields = { client: 'kafkajs', namespace, ...extra };
      if (level === logLevel.ERROR) log.error(fields, message);
      else if (level === logLevel.WARN) log.warn(fields, message);
      else if (level === logLevel.INFO) log.debug(fields, message); // kafkajs is chatty at INFO
      else log.trace(fields, message);
    };
}

/** The kafkajs level that matches what our logger will print (avoids building entries nobody reads). */
export function kafkaJsLevel(log: Logger): logLevel {
  if (log.isLevelEnabled('debug')) return logLevel.INFO;
  if (log.isLevelEnabled('warn')) return logLevel.WARN;
  return logLevel.ERROR;
}
