// `tributary broker`: the embedded broker as its own process. SIGTERM/SIGINT close it cleanly
// (logs flushed and closed), so a restart on the same data dir recovers without truncation.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SaslOptions } from './security/sasl-options.js';
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
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      // A JSON file {"user": "password", ...}; passwords stay off the command line (and out of `ps`).
      'sasl-users-file': { type: 'string' },
      'sasl-mechanisms': { type: 'string', default: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512' },
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
  if ((values['tls-key'] === undefined) !== (values['tls-cert'] === undefined)) throw new Error('--tls-key and --tls-cert go together');
  const tls = values['tls-key'] && values['tls-cert']
    ? { key: await readFile(values['tls-key']), cert: await readFile(values['tls-cert']) }
    : undefined;
  const sasl = values['sasl-users-file'] ? await saslOptions(values['sasl-users-file'], values['sasl-mechanisms']) : undefined;
  const broker = await startBroker({
    host: values.host,
    port,
    dataDir: values['data-dir'] === '' || values['data-dir'] === ':memory:' ? null : values['data-dir'],
    flushPolicy,
    advertisedHost: values['advertised-host'],
    defaultPartitions: Number(values.partitions),
    flexibleVersions: values['flexible-versions'],
    tls,
    sasl,
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

const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

async function saslOptions(usersFile: string, mechanisms: string): Promise<SaslOptions> {
  const users = JSON.parse(await readFile(usersFile, 'utf8')) as unknown;
  if (typeof users !== 'object' || users === null || Object.values(users).some((v) => typeof v !== 'string')) {
    throw new Error(`--sasl-users-file must hold a JSON object of user → password strings`);
  }
  const list = mechanisms.split(',').map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
  for (const m of list) {
    if (!(MECHANISMS as readonly string[]).includes(m)) throw new Error(`unknown SASL mechanism ${m} (use ${MECHANISMS.join(', ')})`);
  }
  return { mechanisms: list as SaslOptions['mechanisms'], users: users as Record<string, string> };
}
