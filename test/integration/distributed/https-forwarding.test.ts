/**
 * Two distributed workers whose REST listeners are https with a private CA and required client certificates,
 * and HTTP basic auth: writes sent to the follower reach the leader over https (with the worker's own trust
 * store and key store as its client certificate, and the client's credentials passed on, as Kafka's
 * RestClient), and a follower-owned connector's task configs reach the leader's internal endpoint (signed,
 * exempt from user auth) the same way.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistributedWorker, type RunningDistributedWorker } from '../../../src/cli-distributed.js';
import { workerHttpRequest } from '../../../src/cluster/distributed/worker-http-client.js';
import { waitFor, withBroker } from '../../support/broker.js';
import { makeTestPki } from '../rest/tls-certificates.js';

const log = pino({ level: 'silent' });

describe('distributed workers on https listeners', () => {
  const broker = withBroker();
  const pki = makeTestPki();
  const workers: RunningDistributedWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
    pki.remove();
  });

  const usersFile = join(pki.dir, 'users.properties');
  writeFileSync(usersFile, 'alice: wonderland\n');
  const client = { ca: [pki.caPem], key: pki.client.key, cert: pki.client.cert };
  const alice = { authorization: `Basic ${Buffer.from('alice:wonderland').toString('base64')}` };
  const call = async (base: string, method: string, path: string, body?: unknown, credentials: Record<string, string> = alice) => {
    const res = await workerHttpRequest(new URL(path, base), {
      method, timeoutMs: 30_000, tls: client,
      headers: { ...credentials, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.text === '' ? undefined : JSON.parse(res.text) };
  };

  const start = () =>
    startDistributedWorker({
      workerProps: {
        'bootstrap.servers': broker().bootstrap,
        'group.id': 'tls', listeners: 'https://127.0.0.1:0',
        'listeners.https.ssl.keystore.type': 'PKCS12',
        'listeners.https.ssl.keystore.location': pki.serverP12,
        'listeners.https.ssl.keystore.password': pki.storePassword,
        'listeners.https.ssl.truststore.type': 'PEM',
        'listeners.https.ssl.truststore.location': pki.caTruststorePem,
        'listeners.https.ssl.client.auth': 'required',
        'rest.auth.basic.users.file': usersFile,
        'config.storage.topic': 'tls-configs', 'offset.storage.topic': 'tls-offsets', 'status.storage.topic': 'tls-status',
        'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
        'heartbeat.interval.ms': '200', 'session.timeout.ms': '3000', 'scheduled.rebalance.max.delay.ms': '0',
      },
      log,
    });

  it('forwards writes (with the client\'s credentials) and task configs to the leader over https with a client certificate', async () => {
    workers.push(await start(), await start());
    await waitFor(() => workers.every((w) => w.herder.leaderUrl.startsWith('https://')), 'an https leader known to both');
    const follower = workers.find((w) => !w.herder.isLeader)!;
    expect(follower.restUrl.startsWith('https://')).toBe(true);

    const datagen = { 'connector.class': 'DatagenConnector', quickstart: 'users', 'max.interval': '50', 'tasks.max': '1' };
    expect((await call(follower.restUrl, 'POST', '/connectors', { name: 'x', config: { ...datagen, 'kafka.topic': 'x' } }, {})).status).toBe(401);

    // Two connectors created through the follower (forwarded): with round-robin assignment one is owned by
    // the follower, whose task configs then go to the leader's internal endpoint over https too.
    for (const name of ['a', 'b']) {
      const created = await call(follower.restUrl, 'POST', '/connectors', {
        name, config: { ...datagen, 'kafka.topic': `t-${name}` },
      });
      expect(created.status).toBe(201);
    }
    await waitFor(async () => {
      const statuses = await Promise.all(['a', 'b'].map((n) => call(follower.restUrl, 'GET', `/connectors/${n}/status`)));
      return statuses.every((s) => s.status === 200 && s.body.tasks.length === 1 && s.body.tasks[0].state === 'RUNNING');
    }, 'both connectors and their tasks RUNNING', 30_000);
    expect(workers.map((w) => w.herder.assignedHere().filter((n) => n === 'a' || n === 'b').length).sort()).toEqual([1, 1]);
  }, 90_000);
});
