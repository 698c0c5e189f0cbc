import type { GroupCoordinator } from '../group/group-coordinator.js';
import type { TransactionCoordinator } from '../txn/transaction-coordinator.js';
import type { TopicManager } from '../topics/topic-manager.js';
import type { FlushPolicy } from '../topics/topic-config.js';
import type { AppendNotifier } from './append-notifier.js';
import type { BrokerLogger } from './broker-logger.js';

export interface ApiVersionRange { apiKey: number; minVersion: number; maxVersion: number }

/** The broker-wide state every handler works against. */
export interface BrokerContext {
  readonly nodeId: number;
  readonly clusterId: string;
  /** Host/port to advertise in Metadata; when unset, the address the client connected to. */
  readonly advertisedHost: string | undefined;
  readonly advertisedPort: number | undefined;
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  readonly flushPolicy: FlushPolicy;
  readonly topics: TopicManager;
  readonly groups: GroupCoordinator;
  readonly txns: TransactionCoordinator;
  readonly notifier: AppendNotifier;
  readonly logger: BrokerLogger;
  readonly clock: () => number;
  /** What ApiVersions advertises: the versions both the codec and a handler serve. */
  readonly apiVersions: ReadonlyArray<ApiVersionRange>;
  /** Broker-level configs reported by DescribeConfigs for the BROKER resource. */
  readonly brokerConfigs: Readonly<Record<string, string>>;
}
