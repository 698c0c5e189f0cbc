/** Shared by the distributed-mode tests: JSON over a worker's REST, and reading the datagen topics back. */
import pino from 'pino';
import { silentLogger } from '../../../src/api/logger.js';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import { waitFor } from '../../support/broker.js';

export async function http(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, base), { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Every `viewtime` of the pageviews records in `topic` (datagen writes one distinct value per record). */
export async function viewtimes(bootstrap: string, topic: string): Promise<number[]> {
  const out: number[] = [];
  const reader = new KafkaBasedLog({ topic, clientProps: { 'bootstrap.servers': bootstrap }, log: silentLogger, onRecord: (r) => {
    const v = JSON.parse(r.value ?? 'null') as { viewtime?: number; payload?: { viewtime?: number } } | null;
    const t = v?.payload?.viewtime ?? v?.viewtime;
    if (typeof t === 'number') out.push(t);
  } });
  await reader.start();
  await reader.stop();
  return out;
}

/**
 * Worker properties for an in-process test worker of cluster `name` (group `cluster-<name>`, internal topics
 * `<name>-configs/-offsets/-status` with replication 1, quick heartbeats, no rebalance delay); `extra` wins.
 */
export function clusterWorkerProps(bootstrap: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'group.id': `cluster-${name}`,
    'config.storage.topic': `${name}-configs`, 'offset.storage.topic': `${name}-offsets`, 'status.storage.topic': `${name}-status`,
    'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
    'heartbeat.interval.ms': '200', 'session.timeout.ms': '5000', 'scheduled.rebalance.max.delay.ms': '0',
    ...extra,
  };
}

/** Starts an in-process distributed worker of cluster `name` with REST on a free 127.0.0.1 port. */
export function startClusterWorker(bootstrap: string, name: string, extra: Record<string, string> = {}): Promise<RunningDistributedWorker> {
  return startDistributedWorker({ workerProps: clusterWorkerProps(bootstrap, name, extra), restHost: '127.0.0.1', restPort: 0, log: pino({ level: 'silent' }) });
}

/**
 * Waits until every datagen pageviews record (viewtime 1, 11, 21, … for `iterations` records) is in each
 * `pv-<name>` topic; resolves with how many duplicates the topics hold (at-least-once delivery).
 */
export async function everyPageviewArrived(bootstrap: string, names: readonly string[], iterations: number): Promise<number> {
  const expected = Array.from({ length: iterations }, (_, i) => 1 + i * 10);
  let dups = 0;
  await waitFor(async () => {
    dups = 0;
    for (const name of names) {
      const seen = await viewtimes(bootstrap, `pv-${name}`);
      const set = new Set(seen);
      if (!expected.every((v) => set.has(v))) return false;
      dups += seen.length - set.size;
    }
    return true;
  }, 'every record in every topic', 90_000);
  return dups;
}
