// The embedded broker's public surface for the rest of the project (CLI, tests, standalone mode).
export { startBroker, CONSUMER_OFFSETS_TOPIC, TRANSACTION_STATE_TOPIC } from './start-broker.js';
export type { BrokerOptions, ListenerAddress, ListenerOptions, RunningBroker } from './start-broker.js';
export type { SaslOptions } from './security/sasl-options.js';
export type { TlsOptions } from './net/tcp-listener.js';
export { defaultBrokerLogger, type BrokerLogger } from './server/broker-logger.js';
export { runBrokerCommand } from './cli-broker.js';
export { DataDirLockedError } from './server/data-dir-lock.js';
