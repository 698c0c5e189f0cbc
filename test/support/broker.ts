import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { defaultBrokerLogger, startBroker, type BrokerOptions, type RunningBroker } from '../../src/broker/index.js';

export interface TestBroker extends RunningBroker {
  /** The data directory (null for an in-memory broker). */
  readonly dataDir: string | null;
}

/**
 * Starts an embedded broker on a free port for a test: in memory unless `persistent`, with a fast
 * initial rebalance. Call close() yourself, or use withBroker().
 */
export async function startTestBroker(
  options: BrokerOptions & { persistent?: boolean } = {},
): Promise<TestBroker & { removeDataDir(): Promise<void> }> {
  const { persistent, ...rest } = options;
  const dataDir = rest.dataDir ?? (persistent ? await mkdtemp(join(tmpdir(), 'tributary-broker-')) : null);
  const broker = await startBroker({
    port: 0, groupInitialRebalanceDelayMs: 0, minSessionTimeoutMs: 1000, logger: defaultBrokerLogger('error'), ...rest, dataDir,
  });
  const removeDataDir = async () => {
    if (dataDir !== null && rest.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
  };
  return { ...broker, dataDir, removeDataDir };
}

/**
 * Registers beforeAll/afterAll hooks that run one broker for the enclosing describe block; the
 * returned getter gives the running broker inside tests.
 */
export function withBroker(options: BrokerOptions & { persistent?: boolean } = {}): () => TestBroker {
  let broker: (TestBroker & { removeDataDir(): Promise<void> }) | undefined;
  beforeAll(async () => {
    broker = await startTestBroker(options);
  });
  afterAll(async () => {
    await broker?.close();
    await broker?.removeDataDir();
  });
  return () => {
    if (!broker) throw new Error('the test broker has not started (use it inside a test)');
    return broker;
  };
}

/** Polls `condition` until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
