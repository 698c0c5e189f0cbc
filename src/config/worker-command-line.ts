/**
 * The command line shared by `tributary standalone` and `tributary distributed`:
 *   [worker.properties] [connector files…] [--bootstrap-server h:p] [--rest-host h] [--rest-port n]
 *   [--broker-port n] [--data-dir dir] [--log-level level]
 * `--bootstrap-server`, else the TRIBUTARY_BOOTSTRAP_SERVERS environment variable, overrides the file's
 * `bootstrap.servers` (and so decides whether the embedded broker starts). The other flags have environment
 * twins too (TRIBUTARY_REST_PORT, TRIBUTARY_BROKER_PORT, TRIBUTARY_DATA_DIR), so `npm start` can be moved off
 * its default ports and folder without editing files; a flag wins over its variable.
 */
import { parseArgs } from 'node:util';
import { readPropertiesFile } from './properties.js';

export const BOOTSTRAP_ENV = 'TRIBUTARY_BOOTSTRAP_SERVERS';
export const REST_PORT_ENV = 'TRIBUTARY_REST_PORT';
export const BROKER_PORT_ENV = 'TRIBUTARY_BROKER_PORT';
export const DATA_DIR_ENV = 'TRIBUTARY_DATA_DIR';

export interface WorkerCommandLine {
  readonly workerProps: Record<string, string>;
  /** Positionals after the worker properties file (connector files, for standalone). */
  readonly connectorFiles: readonly string[];
  readonly restHost: string | undefined;
  readonly restPort: number | undefined;
  readonly brokerPort: number;
  readonly dataDir: string;
  readonly logLevel: string;
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be 0-65535, got '${value}'`);
  return n;
}

/** An environment variable's value, or undefined when it is unset or empty. */
function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

export async function parseWorkerCommandLine(argv: string[]): Promise<WorkerCommandLine> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'bootstrap-server': { type: 'string' },
      'rest-port': { type: 'string' },
      'rest-host': { type: 'string' },
      'broker-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
    strict: true,
  });
  const [workerFile, ...connectorFiles] = positionals;
  const workerProps = workerFile ? await readPropertiesFile(workerFile) : {};
  const bootstrap = values['bootstrap-server'] ?? process.env[BOOTSTRAP_ENV];
  if (bootstrap) workerProps['bootstrap.servers'] = bootstrap;
  const restPort = values['rest-port'] !== undefined ? ['--rest-port', values['rest-port']] as const
    : env(REST_PORT_ENV) !== undefined ? [REST_PORT_ENV, env(REST_PORT_ENV)!] as const : undefined;
  const brokerPort = values['broker-port'] !== undefined ? ['--broker-port', values['broker-port']] as const
    : [BROKER_PORT_ENV, env(BROKER_PORT_ENV) ?? '9092'] as const;
  return {
    workerProps,
    connectorFiles,
    restHost: values['rest-host'],
    restPort: restPort === undefined ? undefined : port(restPort[0], restPort[1]),
    brokerPort: port(brokerPort[0], brokerPort[1]),
    dataDir: values['data-dir'] ?? env(DATA_DIR_ENV) ?? './data',
    logLevel: values['log-level'],
  };
}
