/**
 * The command line shared by `tributary standalone` and `tributary distributed`:
 *   [worker.properties] [connector files…] [--bootstrap-server h:p] [--rest-host h] [--rest-port n]
 *   [--broker-port n] [--data-dir dir] [--log-level level]
 * `--bootstrap-server`, else the TRIBUTARY_BOOTSTRAP_SERVERS environment variable, overrides the file's
 * `bootstrap.servers` (and so decides whether the embedded broker starts).
 */
import { parseArgs } from 'node:util';
import { readPropertiesFile } from './properties.js';

export const BOOTSTRAP_ENV = 'TRIBUTARY_BOOTSTRAP_SERVERS';

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
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be 0-65535, got '${value}'`);
  return n;
}

export async function parseWorkerCommandLine(argv: string[]): Promise<WorkerCommandLine> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'bootstrap-server': { type: 'string' },
      'rest-port': { type: 'string' },
      'rest-host': { type: 'string' },
      'broker-port': { type: 'string', default: '9092' },
      'data-dir': { type: 'string', default: './data' },
      'log-level': { type: 'string', default: 'info' },
    },
    strict: true,
  });
  const [workerFile, ...connectorFiles] = positionals;
  const workerProps = workerFile ? await readPropertiesFile(workerFile) : {};
  const bootstrap = values['bootstrap-server'] ?? process.env[BOOTSTRAP_ENV];
  if (bootstrap) workerProps['bootstrap.servers'] = bootstrap;
  return {
    workerProps,
    connectorFiles,
    restHost: values['rest-host'],
    restPort: values['rest-port'] === undefined ? undefined : port('--rest-port', values['rest-port']),
    brokerPort: port('--broker-port', values['broker-port']),
    dataDir: values['data-dir'],
    logLevel: values['log-level'],
  };
}
