/**
 * KIP-507 key rotation with a short `inter.worker.key.ttl.ms`: the leader writes a new `session-key` record
 * when the current one expires, and every worker follows it. A group with a `compatible`-only worker runs
 * `compatible`, and then nobody demands signatures. Built like `tributary distributed` builds a
 * worker (stores, runtime Worker, herder, group member) minus REST, because the herder reads
 * `inter.worker.*` from the worker properties it is given.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { DistributedHerder } from '../../../src/cluster/distributed/distributed-herder.js';
import { WorkerGroupMember } from '../../../src/cluster/distributed/worker-group-member.js';
import { GroupMembership } from '../../../src/kafka/group-membership.js';
import { KafkaAdmin } from '../../../src/kafka/kafka-admin.js';
import { parseOverridePolicy } from '../../../src/kafka/override-policy.js';
import { PluginRegistry } from '../../../src/plugins/plugin-registry.js';
import { ConnectorOffsetsAdmin } from '../../../src/runtime/connector-offsets-admin.js';
import { Worker } from '../../../src/runtime/worker.js';
import { ConfigStore } from '../../../src/storage/config-store.js';
import { ensureInternalTopic } from '../../../src/storage/internal-topics.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import { KafkaOffsetStore } from '../../../src/storage/kafka-offset-store.js';
import { StatusStore } from '../../../src/storage/status-store.js';
import { waitFor, withBroker } from '../../support/broker.js';

const TTL_MS = 1500;

describe('session key rotation', () => {
  const broker = withBroker();
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  async function startWorker(n: number, group = 'cluster-keys', extra: Record<string, string> = {}): Promise<DistributedHerder> {
    const props: Record<string, string> = {
      'bootstrap.servers': broker().bootstrap, 'group.id': group,
      'config.storage.topic': `${group}-configs`, 'offset.storage.topic': `${group}-offsets`, 'status.storage.topic': `${group}-status`,
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'inter.worker.key.ttl.ms': String(TTL_MS),
      ...extra,
    };
    const client = { 'bootstrap.servers': broker().bootstrap };
    const admin = new KafkaAdmin(client, silentLogger);
    const topics = { config: await ensureInternalTopic(admin, 'config', props), offset: await ensureInternalTopic(admin, 'offset', props), status: await ensureInternalTopic(admin, 'status', props) };
    await admin.close();
    const configStore = new ConfigStore(topics.config, client, silentLogger);
    const statusStore = new StatusStore(topics.status, client, silentLogger);
    const offsetStore = new KafkaOffsetStore(topics.offset, client, silentLogger);
    await Promise.all([configStore.start(), statusStore.start(), offsetStore.start()]);
    const plugins = new PluginRegistry();
    const workerId = `127.0.0.1:${9000 + n}`;
    const worker = new Worker({ workerId, workerConfig: props, plugins, offsetStore, log: silentLogger });
    await worker.start();
    const herder = new DistributedHerder({
      worker, plugins, workerId, restUrl: `http://${workerId}/`, log: silentLogger, configStore, statusStore,
      offsetsAdmin: new ConnectorOffsetsAdmin(props, plugins, offsetStore, silentLogger), overridePolicy: parseOverridePolicy('All'),
      scheduledRebalanceMaxDelayMs: 0, kafkaClusterId: async () => 'c', version: '0', commit: '0', workerProps: props,
    });
    const membership = new GroupMembership(client, { groupId: group, protocolType: 'connect', sessionTimeoutMs: 5000, rebalanceTimeoutMs: 10_000 }, silentLogger);
    const member = new WorkerGroupMember(membership, herder.groupHooks(), 200, silentLogger);
    herder.attach(member);
    member.start();
    closers.push(() => Promise.all([configStore.stop(), statusStore.stop(), offsetStore.stop()]), () => worker.stop(), () => herder.stop());
    return herder;
  }

  it('the leader distributes a new key every inter.worker.key.ttl.ms and followers follow', async () => {
    const herders = [await startWorker(1), await startWorker(2)];
    await waitFor(() => herders.every((h) => h.sessionKey !== undefined && h.leaderUrl !== ''), 'both workers have a key');
    const first = herders[0]!.sessionKey!;
    await waitFor(() => herders.every((h) => h.sessionKey !== undefined && !h.sessionKey.equals(first)), 'a rotated key on both workers', 15_000);
    expect(herders[0]!.sessionKey!.equals(herders[1]!.sessionKey!)).toBe(true);

    const stamps: number[] = [];
    const reader = new KafkaBasedLog({ topic: 'cluster-keys-configs', clientProps: { 'bootstrap.servers': broker().bootstrap }, log: silentLogger, onRecord: (r) => {
      if (r.key === 'session-key') stamps.push((JSON.parse(r.value!) as { 'creation-timestamp': number })['creation-timestamp']);
    } });
    await reader.start();
    await reader.stop();
    expect(stamps.length).toBeGreaterThanOrEqual(2);
    // one key per TTL: each new key is written once the previous one expired, not before
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(TTL_MS);
  }, 60_000);

  it('one compatible-only worker makes the group run compatible: internal requests need no signature', async () => {
    const sessioned = await startWorker(3, 'cluster-mixed');
    const compatible = await startWorker(4, 'cluster-mixed', { 'connect.protocol': 'compatible' });
    const both = [sessioned, compatible];
    await waitFor(() => both.some((h) => h.isLeader) && both.every((h) => h.leaderUrl !== '' && !h.rebalancePending), 'group formed');
    const leader = both.find((h) => h.isLeader)!;
    expect(leader).toBe(sessioned); // the first member to join leads; it is configured sessioned, yet must not demand signatures
    const unsigned = { body: Buffer.from('[]'), signature: undefined, algorithm: undefined, forward: undefined };
    // not a signature error (400) but the next check: the connector does not exist
    await expect(leader.putTaskConfigs('nope', [], unsigned)).rejects.toMatchObject({ status: 404, message: 'Connector nope not found' });
  }, 60_000);
});
