/**
 * `tributary` command line. No subcommand (or only flags) = `npm start` = `distributed
 * config/connect-distributed.properties`: one distributed worker, on the embedded broker unless a
 * bootstrap server is given — the production code path, on one machine. Subcommands:
 *   standalone [worker.properties [connector.properties|.json …]]   a worker (embedded broker unless
 *                                    bootstrap.servers is set) + REST on :8083, like connect-standalone
 *   distributed worker.properties   a worker that joins the Connect cluster named by group.id (embedded
 *                                    broker unless bootstrap.servers is set)
 *   broker [--port 9092] [--data-dir ./data/broker]   the embedded Kafka-compatible broker on its own
 *   plugins                          list the installed plugins
 *   new connector|transform|converter <name>   scaffold a plugin package (src/scaffold)
 *   version
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };

/** The committed worker file of `npm start`. */
export const DEFAULT_WORKER_FILE = resolve(import.meta.dirname, '../config/connect-distributed.properties');

async function main(argv: string[]): Promise<void> {
  // Bare `tributary` (or only flags) is `npm start`: a distributed worker with the default worker file.
  const [command, ...rest] = argv.length === 0 || (argv[0]!.startsWith('--') && !['--help', '--version'].includes(argv[0]!))
    ? ['distributed', DEFAULT_WORKER_FILE, ...argv]
    : argv;
  switch (command) {
    case 'standalone': {
      const { runStandaloneCommand } = await import('./cli-standalone.js');
      await runStandaloneCommand(rest);
      return;
    }
    case 'distributed': {
      const { runDistributedCommand } = await import('./cli-distributed.js');
      await runDistributedCommand(rest);
      return;
    }
    case 'broker': {
      const { runBrokerCommand } = await import('./broker/cli-broker.js');
      await runBrokerCommand(rest);
      return;
    }
    case 'plugins': {
      const { loadPlugins } = await import('./plugins/load-plugins.js');
      const registry = await loadPlugins();
      for (const d of registry.list()) console.log(`${d.kind.padEnd(16)} ${d.className}  ${d.version}`);
      return;
    }
    case 'docs': {
      const { writePluginReference } = await import('./plugins/write-plugin-reference.js');
      const dir = rest[0] === 'plugins' ? (rest[1] ?? 'docs/plugins') : undefined;
      if (!dir) throw new Error('usage: tributary docs plugins [dir]');
      const written = await writePluginReference(dir);
      console.log(`wrote ${written} pages to ${dir}`);
      return;
    }
    case 'new': {
      const { runNewCommand } = await import('./scaffold/cli-new.js');
      runNewCommand(rest);
      return;
    }
    case 'version':
    case '--version':
      console.log(pkg.version);
      return;
    default:
      console.log(`tributary ${pkg.version} — a Kafka Connect-compatible connector worker

usage:
  tributary [flags]                          = npm start = tributary distributed config/connect-distributed.properties:
                                             one distributed worker on the embedded broker, REST on :8083
  tributary standalone [worker.properties [connector.properties|connector.json …]] [flags]
                                             run a standalone worker (docs/standalone.md)
  tributary distributed worker.properties [flags]
                                             join the Connect cluster named by group.id (docs/distributed.md)
    worker flags: [--bootstrap-server host:port] [--rest-host h] [--rest-port 8083] [--broker-port 9092]
                  [--data-dir ./data] [--log-level info]
    The embedded broker starts when no bootstrap server is given (properties, flag, TRIBUTARY_BOOTSTRAP_SERVERS).
    Environment: TRIBUTARY_REST_PORT, TRIBUTARY_BROKER_PORT, TRIBUTARY_DATA_DIR (a flag wins).
  tributary broker [--port 9092] [--host 127.0.0.1] [--data-dir ./data/broker] [--flush-policy always|interval]
  tributary plugins                          list installed connectors, converters, transforms, predicates
  tributary docs plugins [dir]               regenerate the plugin reference (docs/plugins) from the ConfigDefs
  tributary new connector <name> --type source|sink | new transform <name> | new converter <name>
        [--dir ./<name>] [--namespace com.example]   scaffold a plugin package (see docs/writing-a-connector.md)
  tributary version`);
      if (command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
