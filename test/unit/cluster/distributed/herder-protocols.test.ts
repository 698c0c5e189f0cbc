/**
 * What a worker offers in JoinGroup, per `connect.protocol`: sessioned (v2 metadata) first, then compatible
 * (v1), or compatible alone. The herder is built over stores that are never started (no broker needed).
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/api/logger.js';
import { decodeSubscription } from '../../../../src/cluster/distributed/connect-protocol.js';
import { DistributedHerder, type DistributedHerderOptions } from '../../../../src/cluster/distributed/distributed-herder.js';
import { parseOverridePolicy } from '../../../../src/kafka/override-policy.js';
import { PluginRegistry } from '../../../../src/plugins/plugin-registry.js';
import { ConfigStore } from '../../../../src/storage/config-store.js';
import { StatusStore } from '../../../../src/storage/status-store.js';

function herder(workerProps: Record<string, string>): DistributedHerder {
  const client = { 'bootstrap.servers': '127.0.0.1:1' };
  return new DistributedHerder({
    worker: {} as DistributedHerderOptions['worker'], offsetsAdmin: {} as DistributedHerderOptions['offsetsAdmin'],
    configStore: new ConfigStore('cfg', client, silentLogger), statusStore: new StatusStore('st', client, silentLogger),
    plugins: new PluginRegistry(), workerId: 'w:1', restUrl: 'http://w:1/', overridePolicy: parseOverridePolicy('All'),
    scheduledRebalanceMaxDelayMs: 0, kafkaClusterId: async () => 'c', version: '0', commit: '0', log: silentLogger, workerProps,
  });
}

describe('JoinGroup protocols offered', () => {
  it('sessioned by default: sessioned with v2 metadata, then compatible with v1', () => {
    const offered = herder({}).groupHooks().protocols();
    expect(offered.map((p) => p.name)).toEqual(['sessioned', 'compatible']);
    expect(offered.map((p) => p.metadata.readInt16BE(0))).toEqual([2, 1]);
    for (const p of offered) expect(decodeSubscription(p.metadata)).toEqual({ url: 'http://w:1/', configOffset: 0, allocation: { error: 0, leader: '', leaderUrl: '', configOffset: -1, assigned: new Map(), revoked: new Map(), delayMs: 0 } });
  });

  it('compatible only with connect.protocol=compatible; eager and bad settings are refused at start', () => {
    expect(herder({ 'connect.protocol': 'compatible' }).groupHooks().protocols().map((p) => p.name)).toEqual(['compatible']);
    expect(() => herder({ 'connect.protocol': 'eager' })).toThrow(/eager is not supported/);
    expect(() => herder({ 'inter.worker.signature.algorithm': 'HmacSHA384' })).toThrow(/verification/);
  });
});

describe('internal task config requests before the worker joined', () => {
  const req = { body: Buffer.from('[]'), signature: undefined, algorithm: undefined, forward: undefined };
  it('sessioned: an unsigned request is refused before anything else (400)', async () => {
    await expect(herder({}).putTaskConfigs('c', [], req)).rejects.toMatchObject({ status: 400, message: 'Internal request missing required signature' });
  });
  it('compatible: no signature needed; without a known leader it is a 409', async () => {
    await expect(herder({ 'connect.protocol': 'compatible' }).putTaskConfigs('c', [], req)).rejects.toMatchObject({
      status: 409, message: 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.',
    });
  });
});
