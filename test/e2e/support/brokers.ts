/**
 * The Kafka clusters the e2e tests run against: the embedded broker, and librdkafka's mock cluster (a Kafka
 * nobody here wrote), so the worker is shown to depend on Kafka's protocol, not on our broker's quirks.
 */
import { buildMockCluster, startMockCluster } from '../../support/mock-cluster.js';
import { startTestBroker } from '../../support/broker.js';

export interface E2eCluster {
  readonly bootstrap: string;
  close(): Promise<void>;
}

export interface ClusterKind {
  readonly name: string;
  /** Why this kind cannot run here (then its tests are skipped, loudly); undefined = available. */
  readonly unavailable: string | undefined;
  start(topics: Record<string, number>): Promise<E2eCluster>;
}

const mockUnavailable = (() => {
  try {
    buildMockCluster();
    return undefined;
  } catch (err) {
    console.warn(`e2e: skipping the librdkafka mock cluster runs: ${(err as Error).message}`);
    return (err as Error).message;
  }
})();

export const clusterKinds: readonly ClusterKind[] = [
  {
    name: 'embedded broker',
    unavailable: undefined,
    start: async () => {
      const b = await startTestBroker();
      return { bootstrap: b.bootstrap, close: () => b.close() };
    },
  },
  {
    name: 'librdkafka mock cluster',
    unavailable: mockUnavailable,
    start: (topics) => startMockCluster({ topics }),
  },
];
