import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../support/broker.js';

const USERS = { alice: 'alice-secret', bob: 'bob-secret' };

describe('embedded broker: SASL and TLS', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], users: USERS } });
  });
  afterAll(async () => broker.close());

  const roundTrip = async (kafka: Kafka, topic: string) => {
    const producer = kafka.producer();
    await producer.connect();
    const [res] = await producer.send({ topic, messages: [{ value: 'secret' }] });
    await producer.disconnect();
    return res!.errorCode;
  };

  it.each([
    ['plain', { mechanism: 'plain', username: 'alice', password: 'alice-secret' }],
    ['scram-sha-256', { mechanism: 'scram-sha-256', username: 'bob', password: 'bob-secret' }],
    ['scram-sha-512', { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }],
  ] as Array<[string, SASLOptions]>)('authenticates with SASL/%s', async (name, sasl) => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: `it-${name}`, sasl, logLevel: logLevel.NOTHING });
    expect(await roundTrip(kafka, `sasl-${name}`)).toBe(0);
  });

  it.each([
    ['plain', { mechanism: 'plain', username: 'alice', password: 'wrong' }],
    ['scram-sha-256', { mechanism: 'scram-sha-256', username: 'bob', password: 'wrong' }],
    ['unknown user', { mechanism: 'scram-sha-512', username: 'mallory', password: 'x' }],
  ] as Array<[string, SASLOptions]>)('rejects bad credentials (%s)', async (name, sasl) => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'it-bad', sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow(/SASL|auth/i);
    void name;
  });

  it('closes connections that skip authentication', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'it-nosasl', logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000, requestTimeout: 2000 });
    const admin = kafka.admin();
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
    await admin.disconnect();
  });
});

describe('embedded broker: TLS listener', () => {
  let dir: string;
  let broker: TestBroker;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    broker = await startTestBroker({ tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) } });
  });
  afterAll(async () => {
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves kafkajs over TLS with the given certificate', async () => {
    const kafka = new Kafka({
      brokers: [broker.bootstrap], clientId: 'it-tls', logLevel: logLevel.NOTHING,
      ssl: { ca: [readFileSync(join(dir, 'cert.pem'), 'utf8')] },
    });
    const producer = kafka.producer();
    await producer.connect();
    const [res] = await producer.send({ topic: 'tls', messages: [{ value: 'over tls' }] });
    expect(res!.errorCode).toBe(0);
    await producer.disconnect();
  });
});
