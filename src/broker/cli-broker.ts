// `tributary broker`: the embedded broker as its own process. SIGTERM/SIGINT close it cleanly
// (logs flushed and closed), so a restart on the same data dir recovers without truncation.
import { parseArgs } from 'node:util';
import { defaultBrokerLogger } from './server/broker-logger.js';
import { startBroker } from './start-broker.js';

export async function runBrokerCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '9092' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: './data/broker' },
      'flush-policy': { type: 'string', default: 'always' },
      'advertised-host': { type: 'string' },
      'partitions': { type: 'string', default: '1' },
      'log-level': { type: 'string', default: 'info' },
      'flexible-versions': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const flushPolicy = values['flush-policy'];
  if (flushPolicy !== 'always' && flushPolicy !== 'interval') {
    throw new Error(`--flush-policy must be 'always' or 'interval', got '${flushPolicy}'`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got '${values.port}'`);
  const logger = defaultBrokerLogger(values['log-level']);
  const broker = await startBroker({
    host: values.host,
    port,
    dataDir: values['data-dir'] === '' || values['data-dir'] === ':memory:' ? null : values['data-dir'],
    flushPolicy,
    advertisedHost: values['advertised-host'],
    defaultPartitions: Number(values.partitions),
    flexibleVersions: values['flexible-versions'],
    logger,
  });
  // One line on stdout that scripts (and the kill -9 durability test) can wait for.
  process.stdout.write(`broker listening on ${broker.bootstrap}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'broker shutting down');
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      broker.close().then(resolve, (err: unknown) => {
        logger.error({ err: String(err) }, 'broker close failed');
        resolve();
      });
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}
