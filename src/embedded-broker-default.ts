/**
 * The zero-setup default of the worker commands: when the worker properties name no `bootstrap.servers`,
 * start the embedded broker and point the worker at it. The worker itself then talks to it like to any
 * Kafka cluster — nothing downstream knows which broker it got.
 */
import { defaultBrokerLogger } from './broker/server/broker-logger.js';
import { startBroker, type RunningBroker } from './broker/start-broker.js';

export interface EmbeddedBrokerSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | null;
}

/** Starts the embedded broker unless `props` has `bootstrap.servers`; sets it in `props` when it does start one. */
export async function startEmbeddedBrokerIfUnconfigured(
  props: Record<string, string>,
  settings: EmbeddedBrokerSettings = { host: '127.0.0.1', port: 9092, dataDir: null },
): Promise<RunningBroker | undefined> {
  if (props['bootstrap.servers']?.trim()) return undefined;
  const broker = await startBroker({ host: settings.host, port: settings.port, dataDir: settings.dataDir,
    // As Kafka's sample server.properties for one machine: no 3 s wait before a new group's first assignment.
    groupInitialRebalanceDelayMs: 0,
    logger: defaultBrokerLogger('warn') });
  props['bootstrap.servers'] = broker.bootstrap;
  return broker;
}
