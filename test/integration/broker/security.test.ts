import { execFileSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/broker/protocol/api-keys.js';
import { ErrorCode } from '../../../src/broker/protocol/error-codes.js';
import { startTestBroker, type TestBroker } from '../../support/broker.js';
import { RawClient } from './raw-client.js';

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

  it('accepts bare SASL tokens after SaslHandshake v0 (kafka-python) and closes on a bad one', async () => {
    const raw = (token: string) => {
      const b = Buffer.from(token);
      const out = Buffer.alloc(4 + b.length);
      out.writeInt32BE(b.length, 0);
      b.copy(out, 4);
      return out;
    };
    const good = await RawClient.connect(broker.bootstrap);
    expect((await good.request(ApiKey.SaslHandshake, 0, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    good.writeRaw(raw('\u0000alice\u0000alice-secret'));
    expect((await good.nextFrame()).length).toBe(0); // an empty token: authenticated
    expect((await good.request(ApiKey.Metadata, 1, { topics: null })).brokers.length).toBe(1);
    good.close();
    const bad = await RawClient.connect(broker.bootstrap);
    expect((await bad.request(ApiKey.SaslHandshake, 0, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    bad.writeRaw(raw('\u0000alice\u0000nope'));
    await bad.waitClosed();
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

describe('embedded broker: SCRAM exchange as librdkafka 2.0 sends it', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ sasl: { mechanisms: ['SCRAM-SHA-256'], users: USERS } });
  });
  afterAll(async () => broker.close());

  /** Client side of SCRAM-SHA-256 over raw SaslHandshake/SaslAuthenticate; `echo` builds the final nonce. */
  async function scram(password: string, echo: (clientNonce: string, serverNonce: string) => string): Promise<number> {
    const c = await RawClient.connect(broker.bootstrap);
    try {
      expect((await c.request(ApiKey.SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' })).errorCode).toBe(0);
      const clientNonce = 'rdkafka-like-nonce';
      const first = `n=alice,r=${clientNonce}`;
      const r1 = await c.request(ApiKey.SaslAuthenticate, 1, { authBytes: Buffer.from(`n,,${first}`) });
      const serverFirst = String(r1.authBytes);
      const attrs = Object.fromEntries(serverFirst.split(',').map((p) => [p[0], p.slice(2)]));
      const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
      const clientKey = createHmac('sha256', salted).update('Client Key').digest();
      const storedKey = createHash('sha256').update(clientKey).digest();
      const withoutProof = `c=biws,r=${echo(clientNonce, attrs.r!)}`;
      const signature = createHmac('sha256', storedKey).update(`${first},${serverFirst},${withoutProof}`).digest();
      const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64');
      const r2 = await c.request(ApiKey.SaslAuthenticate, 1, { authBytes: Buffer.from(`${withoutProof},p=${proof}`) });
      if (r2.errorCode !== 0) return r2.errorCode;
      return (await c.request(ApiKey.Metadata, 1, { topics: null })).brokers.length === 1 ? 0 : -1;
    } finally {
      c.close();
    }
  }

  it('accepts the server nonce echoed as RFC 5802 says', async () => {
    expect(await scram('alice-secret', (_c, s) => s)).toBe(0);
  });

  it('accepts librdkafka 2.0’s echo with the client nonce repeated in front (Kafka checks endsWith)', async () => {
    expect(await scram('alice-secret', (c, s) => c + s)).toBe(0);
  });

  it('rejects a wrong password and a foreign nonce', async () => {
    expect(await scram('wrong', (_c, s) => s)).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(await scram('alice-secret', () => 'someone-else')).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
  });
});

describe('embedded broker: a PLAINTEXT and a SASL listener side by side', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ listeners: [{ sasl: { mechanisms: ['PLAIN'], users: USERS } }] });
  });
  afterAll(async () => broker.close());

  it('authenticates only on the SASL listener, and Metadata names the listener the client came through', async () => {
    expect(broker.listeners.map((l) => l.name)).toEqual(['PLAINTEXT', 'SASL_PLAINTEXT']);
    const [plain, sasl] = broker.listeners;
    const open = await RawClient.connect(plain!.bootstrap);
    expect((await open.request(ApiKey.Metadata, 1, { topics: null })).brokers[0].port).toBe(plain!.port);
    open.close();
    const guarded = await RawClient.connect(sasl!.bootstrap);
    guarded.send(ApiKey.Metadata, 1, { topics: null });
    await guarded.waitClosed();
    const kafka = new Kafka({
      brokers: [sasl!.bootstrap], clientId: 'it-listeners', logLevel: logLevel.NOTHING,
      sasl: { mechanism: 'plain', username: 'bob', password: 'bob-secret' },
    });
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    expect(cluster.brokers[0]!.port).toBe(sasl!.port);
    await admin.disconnect();
  });
});
