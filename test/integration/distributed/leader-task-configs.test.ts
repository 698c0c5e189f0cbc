/**
 * Task configs are written by the leader (Kafka Connect's internal `POST /connectors/{c}/tasks`): a
 * connector owned by a follower gets its tasks through the leader, whose REST metrics count the internal
 * requests. With the default `sessioned` protocol the group runs sub-protocol `sessioned`, the leader puts a
 * `session-key` record on the config topic, and the internal endpoint accepts only requests signed with it:
 * unsigned → 400, wrong signature → 403 (Kafka Connect's answers), signed → 204 and written. User requests keep
 * Kafka's hop budget (`forward=false` on a worker that would have to forward → 409).
 */
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import type { RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { signatureHeaders } from '../../../src/cluster/distributed/request-signature.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { http, startClusterWorker } from './cluster-test-kit.js';

const log = pino({ level: 'silent' });

async function postTasks(base: string, name: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(`/connectors/${name}/tasks`, base), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('task configs through the leader, signed (KIP-507)', () => {
  const broker = withBroker();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  const start = () => startClusterWorker(broker().bootstrap, 'tc');

  it('a follower\'s connector gets its tasks via the leader; the internal endpoint checks signatures', async () => {
    workers.push(await start(), await start());
    await waitFor(() => workers.some((w) => w.herder.isLeader) && workers.every((w) => w.herder.leaderUrl !== '' && w.herder.sessionKey !== undefined), 'leader and session key known to both');
    const leader = workers.find((w) => w.herder.isLeader)!;
    const follower = workers.find((w) => !w.herder.isLeader)!;
    expect(follower.herder.sessionKey!.equals(leader.herder.sessionKey!)).toBe(true);

    const names = ['c1', 'c2', 'c3'];
    for (const name of names) {
      const r = await http(leader.restUrl, 'POST', '/connectors', { name, config: { 'connector.class': 'DatagenConnector', 'kafka.topic': `${name}-t`, quickstart: 'pageviews', 'max.interval': '100', 'tasks.max': '2' } });
      expect(r.status).toBe(201);
    }
    const running = async (name: string) => {
      const s = await http(follower.restUrl, 'GET', `/connectors/${name}/status`);
      return s.body?.tasks?.length === 2 && s.body.tasks.every((t: any) => t.state === 'RUNNING');
    };
    await waitFor(async () => (await Promise.all(names.map(running))).every(Boolean), 'every connector\'s 2 tasks RUNNING', 30_000);
    const followerOwns = names.filter((n) => follower.herder.assignedHere().includes(n));
    expect(followerOwns.length).toBeGreaterThan(0); // connectors are balanced: 3 over 2 workers

    // the follower's connectors' task configs reached the leader's internal endpoint
    const metrics = (await (await fetch(new URL('/metrics', leader.restUrl))).text()).split('\n');
    const line = metrics.find((l) => l.startsWith('tributary_rest_requests_total{') && l.includes('method="POST"') && l.includes('route="/connectors/:name/tasks"') && l.includes('status="204"'));
    expect(line, 'internal task config requests answered by the leader').toBeDefined();
    expect(Number(line!.split(' ').at(-1))).toBeGreaterThanOrEqual(followerOwns.length);

    // the group chose sessioned; the key is on the config topic in Kafka Connect's format
    const kafka = new Kafka({ brokers: [broker().bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    let group = (await admin.describeGroups(['cluster-tc'])).groups[0]!;
    await waitFor(async () => (group = (await admin.describeGroups(['cluster-tc'])).groups[0]!).state === 'Stable', 'group stable');
    await admin.disconnect();
    expect({ protocolType: group.protocolType, protocol: group.protocol }).toEqual({ protocolType: 'connect', protocol: 'sessioned' });
    const records: Array<{ key: string | null; value: string | null }> = [];
    const reader = new KafkaBasedLog({ topic: 'tc-configs', clientProps: { 'bootstrap.servers': broker().bootstrap }, log: silentLogger, onRecord: (r) => records.push(r) });
    await reader.start();
    await reader.stop();
    const keyRecord = records.filter((r) => r.key === 'session-key').at(-1)!;
    const stored = JSON.parse(keyRecord.value!) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['key', 'algorithm', 'creation-timestamp']);
    expect(stored['algorithm']).toBe('HmacSHA256');
    expect(typeof stored['creation-timestamp']).toBe('number');
    expect(Buffer.from(stored['key'] as string, 'base64').equals(leader.herder.sessionKey!)).toBe(true);

    // the internal endpoint: unsigned 400, bad signature 403, signed 204 (and written)
    const current = (await http(leader.restUrl, 'GET', '/connectors/c1/tasks')).body.map((t: any) => t.config);
    const body = JSON.stringify(current.map((c: Record<string, string>) => ({ ...c, 'signed.test': 'yes' })));
    const unsigned = await postTasks(leader.restUrl, 'c1', body);
    expect(unsigned).toEqual({ status: 400, body: { error_code: 400, message: 'Internal request missing required signature' } });
    const forged = await postTasks(leader.restUrl, 'c1', body, signatureHeaders(Buffer.alloc(32, 9), body, 'HmacSHA256'));
    expect(forged).toEqual({ status: 403, body: { error_code: 403, message: 'Internal request contained invalid signature.' } });
    const tampered = await postTasks(leader.restUrl, 'c1', body, signatureHeaders(leader.herder.sessionKey!, `${body} `, 'HmacSHA256'));
    expect(tampered.status).toBe(403);
    const signed = await postTasks(leader.restUrl, 'c1', body, signatureHeaders(leader.herder.sessionKey!, body, 'HmacSHA256'));
    expect(signed.status).toBe(204);
    await waitFor(async () => {
      const r = await http(follower.restUrl, 'GET', '/connectors/c1/tasks');
      return r.status === 200 && r.body.length === 2 && r.body.every((t: any) => t.config['signed.test'] === 'yes');
    }, 'signed task configs written and seen by the follower');
    // a follower passes a signed request on to the leader
    const viaFollower = JSON.stringify(current);
    expect((await postTasks(follower.restUrl, 'c1', viaFollower, signatureHeaders(follower.herder.sessionKey!, viaFollower, 'HmacSHA256'))).status).toBe(204);
    await waitFor(async () => {
      const r = await http(leader.restUrl, 'GET', '/connectors/c1/tasks');
      return r.status === 200 && r.body.every((t: any) => t.config['signed.test'] === undefined);
    }, 'configs sent through the follower written');

    // Kafka's hop budget on user requests: forward=false means "already forwarded twice"; forward=true one more hop
    const c4 = { name: 'c4', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'c4-t', quickstart: 'pageviews', 'max.interval': '100', 'tasks.max': '1' } };
    const spent = await http(follower.restUrl, 'POST', '/connectors?forward=false', c4);
    expect(spent).toEqual({ status: 409, body: { error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' } });
    expect((await http(follower.restUrl, 'POST', '/connectors?forward=true', c4)).status).toBe(201);
  }, 120_000);
});
