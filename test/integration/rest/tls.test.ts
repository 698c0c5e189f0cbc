/**
 * HTTPS listeners configured as Kafka Connect configures them (`listeners.https.ssl.*`, `admin.listeners.https.*`),
 * over real TLS with node:https clients that trust only the test CA: PKCS12 and PEM key stores, client
 * certificates (`ssl.client.auth`) checked against PEM and PKCS12 trust stores, TLS versions, JKS refused.
 * The REST servers are started exactly as the worker commands start them (startWorkerRest).
 */
import { request } from 'node:https';
import type { SecureVersion } from 'node:tls';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerRest, type WorkerRest } from '../../../src/cli-worker-rest.js';
import { restClientTlsFromProps } from '../../../src/rest/rest-security-keystore.js';
import { makeTestPki, type TestPki } from './tls-certificates.js';

let pki: TestPki;
const servers: WorkerRest[] = [];
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(async () => {
  for (const s of servers) await s.rest.close();
  pki?.remove();
});

async function serve(props: Record<string, string>): Promise<WorkerRest> {
  const s = await startWorkerRest(props, {}, pino({ level: 'silent' }));
  servers.push(s);
  return s;
}

interface Answer { status: number; body: string; peerSubject: string | undefined }
interface ClientOptions {
  cert?: { key: string; cert: string }; ca?: string | string[]; maxVersion?: SecureVersion; method?: string; body?: string;
  tls?: Record<string, unknown>;
}

function httpsCall(url: string, options: ClientOptions = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: u.port, path: u.pathname, method: options.method ?? 'GET', agent: false,
      ca: options.ca ?? pki.caPem,
      ...(options.cert ? { key: options.cert.key, cert: options.cert.cert } : {}),
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
      headers: options.body ? { 'content-type': 'application/json' } : {},
      ...options.tls,
    }, (res) => {
      let body = '';
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, peerSubject: String(peer?.subject?.CN) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTPS listeners', () => {
  it('PKCS12 key store (ssl.keystore.type=PKCS12 + password): the server presents the CA-signed certificate', async () => {
    const s = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.type': 'PKCS12',
      'listeners.https.ssl.keystore.location': pki.serverP12,
      'listeners.https.ssl.keystore.password': pki.storePassword,
      'listeners.https.ssl.key.password': pki.storePassword,
    });
    expect(s.rest.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.advertisedUrl).toBe(s.rest.url);
    const r = await httpsCall(`${s.rest.url}/admin/loggers`);
    expect(r.status).toBe(200);
    expect(r.peerSubject).toBe('server');
    await expect(httpsCall(`${s.rest.url}/admin/loggers`, { ca: pki.client.cert })).rejects.toThrow(/certificate/i);
  });

  it('PEM key store: one file (key type guessed from it), an encrypted key with ssl.key.password, or inline key + chain', async () => {
    const file = await serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': pki.serverKeystorePem });
    expect((await httpsCall(`${file.rest.url}/admin/loggers`)).status).toBe(200);
    const encrypted = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.type': 'PEM',
      'listeners.https.ssl.keystore.location': pki.serverKeystoreEncryptedPem,
      'listeners.https.ssl.key.password': pki.keyPassword,
    });
    expect((await httpsCall(`${encrypted.rest.url}/admin/loggers`)).peerSubject).toBe('server');
    const inline = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.type': 'PEM',
      'listeners.https.ssl.keystore.key': pki.serverKeyEncrypted,
      'listeners.https.ssl.keystore.certificate.chain': pki.serverChain,
      'listeners.https.ssl.key.password': pki.keyPassword,
    });
    expect((await httpsCall(`${inline.rest.url}/admin/loggers`)).status).toBe(200);
  });

  it('ssl.client.auth=required with a PEM trust store: only clients with a certificate from that CA get in', async () => {
    const s = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.location': pki.serverP12,
      'listeners.https.ssl.keystore.password': pki.storePassword,
      'listeners.https.ssl.truststore.type': 'PEM',
      'listeners.https.ssl.truststore.location': pki.caTruststorePem,
      'listeners.https.ssl.client.auth': 'required',
    });
    expect((await httpsCall(`${s.rest.url}/admin/loggers`, { cert: pki.client })).status).toBe(200);
    await expect(httpsCall(`${s.rest.url}/admin/loggers`)).rejects.toThrow();
    await expect(httpsCall(`${s.rest.url}/admin/loggers`, { cert: pki.rogueClient })).rejects.toThrow();
  });

  it('ssl.client.auth=required with a PKCS12 trust store; requested lets clients without a certificate in', async () => {
    const required = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.location': pki.serverKeystorePem,
      'listeners.https.ssl.truststore.type': 'PKCS12',
      'listeners.https.ssl.truststore.location': pki.caTruststoreP12,
      'listeners.https.ssl.truststore.password': pki.storePassword,
      'listeners.https.ssl.client.auth': 'REQUIRED',
    });
    expect((await httpsCall(`${required.rest.url}/admin/loggers`, { cert: pki.client })).status).toBe(200);
    await expect(httpsCall(`${required.rest.url}/admin/loggers`, { cert: pki.rogueClient })).rejects.toThrow();
    const requested = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.location': pki.serverKeystorePem,
      'listeners.https.ssl.truststore.location': pki.caTruststorePem,
      'listeners.https.ssl.client.auth': 'requested',
    });
    expect((await httpsCall(`${requested.rest.url}/admin/loggers`)).status).toBe(200);
    expect((await httpsCall(`${requested.rest.url}/admin/loggers`, { cert: pki.client })).status).toBe(200);
  });

  it('listeners.https.* keys win all or nothing: bare ssl.* keys (the Kafka clients\' JKS trust store) are not mixed in', async () => {
    const s = await serve({
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.location': pki.serverP12,
      'listeners.https.ssl.keystore.type': 'PKCS12',
      'listeners.https.ssl.keystore.password': pki.storePassword,
      'ssl.truststore.type': 'JKS',
      'ssl.truststore.location': pki.fakeJks,
      'ssl.client.auth': 'required',
    });
    expect((await httpsCall(`${s.rest.url}/admin/loggers`)).status).toBe(200); // no client auth: the bare key did not apply
  });

  it('ssl.enabled.protocols limits the TLS versions', async () => {
    const s = await serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': pki.serverKeystorePem, 'ssl.enabled.protocols': 'TLSv1.3' });
    expect((await httpsCall(`${s.rest.url}/admin/loggers`)).status).toBe(200);
    await expect(httpsCall(`${s.rest.url}/admin/loggers`, { maxVersion: 'TLSv1.2' })).rejects.toThrow();
  });

  it('an https admin listener beside an http API: /admin only over TLS with a client certificate, from admin.listeners.https.*', async () => {
    const s = await serve({
      listeners: 'http://127.0.0.1:0',
      'admin.listeners': 'https://127.0.0.1:0',
      'admin.listeners.https.ssl.keystore.type': 'PKCS12',
      'admin.listeners.https.ssl.keystore.location': pki.serverP12,
      'admin.listeners.https.ssl.keystore.password': pki.storePassword,
      'admin.listeners.https.ssl.truststore.location': pki.caTruststorePem,
      'admin.listeners.https.ssl.client.auth': 'required',
    });
    const admin = s.rest.adminListeners[0]!;
    expect(admin.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.advertisedUrl).toBe(s.rest.url); // the admin listener is never advertised
    expect((await fetch(`${s.rest.url}/admin/loggers`)).status).toBe(404);
    const put = await httpsCall(`${admin.url}/admin/loggers/root`, { cert: pki.client, method: 'PUT', body: '{"level":"ERROR"}' });
    expect(put.status).toBe(200);
    expect(JSON.parse((await httpsCall(`${admin.url}/admin/loggers/root`, { cert: pki.client })).body)).toMatchObject({ level: 'ERROR' });
    await expect(httpsCall(`${admin.url}/admin/loggers`)).rejects.toThrow();
  });
});

describe('worker-to-worker calls (Kafka\'s RestClient)', () => {
  it('use the listeners.https trust store, and the key store as client certificate', async () => {
    const props = {
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.type': 'PKCS12',
      'listeners.https.ssl.keystore.location': pki.serverP12,
      'listeners.https.ssl.keystore.password': pki.storePassword,
      'listeners.https.ssl.truststore.location': pki.caTruststorePem,
      'listeners.https.ssl.client.auth': 'required',
    };
    const other = await serve(props);
    const tls = await restClientTlsFromProps(props);
    expect(tls.pfx).toBeDefined();
    expect((await httpsCall(`${other.rest.url}/admin/loggers`, { tls: { ...tls } })).status).toBe(200);
    // without the key store the other worker refuses the call
    await expect(httpsCall(`${other.rest.url}/admin/loggers`, { tls: { ca: tls.ca } })).rejects.toThrow();
    // an empty ssl.endpoint.identification.algorithm turns the host name check off (here: 'localhost' is in the SAN anyway)
    expect((await restClientTlsFromProps({ ...props, 'listeners.https.ssl.endpoint.identification.algorithm': '' })).checkServerIdentity).toBeTypeOf('function');
    expect((await restClientTlsFromProps(props)).checkServerIdentity).toBeUndefined();
  });
});

describe('TLS settings refused at start-up, saying what to do', () => {
  it('JKS (declared, or a JKS file declared as PKCS12): the keytool command that converts it', async () => {
    for (const type of ['JKS', 'PKCS12']) {
      await expect(serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.type': type, 'ssl.keystore.location': pki.fakeJks, 'ssl.keystore.password': 'x' }))
        .rejects.toThrow(new RegExp(`keytool -importkeystore -srckeystore ${pki.fakeJks.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -srcstoretype JKS -destkeystore \\S+\\.p12 -deststoretype PKCS12`));
    }
    await expect(serve({
      listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': pki.serverKeystorePem, 'ssl.truststore.location': pki.fakeJks, 'ssl.client.auth': 'required',
    })).rejects.toThrow(/ssl.truststore.type=JKS: Node.js cannot read Java KeyStores/);
  });

  it('a wrong PKCS12 password, a PEM store with a store password, a bad ssl.client.auth, a missing key store', async () => {
    await expect(serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': pki.serverP12, 'ssl.keystore.password': 'nope' }))
      .rejects.toThrow(/cannot use the key or trust store/);
    await expect(serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': pki.serverKeystorePem, 'ssl.keystore.password': 'x' }))
      .rejects.toThrow(/cannot be used with a PEM key store/);
    await expect(serve({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': pki.serverKeystorePem, 'ssl.client.auth': 'maybe' }))
      .rejects.toThrow(/ssl.client.auth must be none, requested or required/);
    await expect(serve({ listeners: 'https://127.0.0.1:0', 'admin.listeners': 'https://127.0.0.1:0', 'listeners.https.ssl.keystore.location': pki.serverKeystorePem }))
      .rejects.toThrow(/ssl.keystore.location/);
    await expect(serve({ listeners: 'https://127.0.0.1:0', 'ssl.truststore.type': 'PKCS12', 'ssl.truststore.location': pki.caTruststoreP12, 'ssl.truststore.password': 'nope', 'ssl.keystore.location': pki.serverKeystorePem }))
      .rejects.toThrow(/wrong ssl.truststore.password/);
  });
});
