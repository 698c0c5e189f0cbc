/**
 * REST security over real sockets: TLS with a self-signed certificate (made with the openssl CLI) checked by a
 * real HTTPS client that trusts only that certificate, basic auth from a users file, bearer tokens, and CORS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRestWorker } from './rest-harness.js';

let dir: string;
let cert: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rest-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  writeFileSync(join(dir, 'keystore.pem'), readFileSync(join(dir, 'key.pem'), 'utf8') + cert);
  writeFileSync(join(dir, 'users.properties'), '# user: password\nalice: wonderland\nbob=builder\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { worker } = withRestWorker(() => ({
  listeners: 'https://127.0.0.1:0',
  'listeners.https.ssl.keystore.type': 'PEM',
  'listeners.https.ssl.keystore.location': join(dir, 'keystore.pem'),
  'rest.auth.basic.users.file': join(dir, 'users.properties'),
  'rest.auth.bearer.tokens': 'tok-123',
  'access.control.allow.origin': 'https://ui.example.com',
  'access.control.allow.methods': 'GET,POST,PUT,DELETE',
  'topic.tracking.allow.reset': 'false',
}));

function httpsGet(path: string, headers: Record<string, string> = {}, method = 'GET', ca: string | undefined = cert) {
  const url = new URL(worker().restUrl + path);
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
const basic = (user: string, pw: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });

describe('REST security', () => {
  it('serves HTTPS with the configured certificate; a client that does not trust it is refused', async () => {
    expect(worker().restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsGet('/', basic('alice', 'wonderland'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ version: expect.any(String) });
    await expect(httpsGet('/', basic('alice', 'wonderland'), 'GET', '')).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('basic auth: users from the file; wrong or missing credentials are 401 with Kafka\'s error body', async () => {
    expect((await httpsGet('/connectors', basic('bob', 'builder'))).status).toBe(200);
    for (const headers of [{}, basic('alice', 'wrong'), basic('mallory', 'wonderland'), { authorization: 'Basic !!!' }, { authorization: 'Digest x' }]) {
      const r = await httpsGet('/connectors', headers);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toEqual({ error_code: 401, message: expect.any(String) });
      expect(r.headers['www-authenticate']).toMatch(/Basic/);
    }
  });

  it('worker-to-worker requests skip auth as in Kafka (POST tasks, PUT fence); the user API beside them does not', async () => {
    // A standalone worker has no internal endpoints: 404 means the request got past auth to the route.
    const internal = await httpsGet('/connectors/any/tasks?forward=true', {}, 'POST');
    expect(internal.status).toBe(404);
    expect((await httpsGet('/connectors/any/fence', {}, 'PUT')).status).not.toBe(401);
    for (const [path, method] of [['/connectors/any/tasks', 'GET'], ['/connectors/any/tasks/0/restart', 'POST'], ['/connectors/any/tasks/x/y', 'POST'], ['/connectors', 'POST']] as const) {
      expect((await httpsGet(path, {}, method)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('bearer tokens are accepted alongside basic auth', async () => {
    expect((await httpsGet('/connectors', { authorization: 'Bearer tok-123' })).status).toBe(200);
    expect((await httpsGet('/connectors', { authorization: 'Bearer tok-124' })).status).toBe(401);
  });

  it('CORS: an allowed origin is echoed and preflights are answered without credentials; others get no CORS headers', async () => {
    const pre = await httpsGet('/connectors', { origin: 'https://ui.example.com', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://ui.example.com');
    expect(pre.headers['access-control-allow-methods']).toBe('GET,POST,PUT,DELETE');
    const get = await httpsGet('/connectors', { origin: 'https://ui.example.com', ...basic('alice', 'wonderland') });
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBe('https://ui.example.com');
    const other = await httpsGet('/connectors', { origin: 'https://evil.example.com', ...basic('alice', 'wonderland') });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('topic.tracking.allow.reset=false: PUT topics/reset is 403, GET topics still answers', async () => {
    const auth = basic('alice', 'wonderland');
    const reset = await httpsGet('/connectors/any/topics/reset', auth, 'PUT');
    expect(reset.status).toBe(403);
    expect(JSON.parse(reset.body)).toEqual({ error_code: 403, message: 'Topic tracking reset is disabled.' });
    expect((await httpsGet('/connectors/any/topics', auth)).status).toBe(404);
  });
});
