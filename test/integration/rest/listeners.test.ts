/**
 * REST listeners as Kafka Connect reads them, over real HTTP: several `listeners` all serve the API,
 * `admin.listeners` (KIP-495) moves /admin to its own server or turns it off, the advertised URL names the
 * worker. The parsing rules (RestServerConfig / RestServer) are checked beside them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneWorker, type RunningStandaloneWorker } from '../../../src/cli-standalone.js';
import {
  advertisedRestUrl, machineAddress, mainListeners, adminListeners, parseListener, restListenersFromProps,
} from '../../../src/rest/rest-security-listeners.js';
import { waitFor, withBroker } from '../../support/broker.js';

const broker = withBroker();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rest-listeners-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const started: RunningStandaloneWorker[] = [];
afterAll(async () => {
  for (const w of started) await w.stop();
});

async function worker(props: Record<string, string>): Promise<RunningStandaloneWorker> {
  const w = await startStandaloneWorker({
    workerProps: { 'bootstrap.servers': broker().bootstrap, ...props },
    defaultOffsetsFile: join(dir, `offsets-${started.length}.json`),
    log: pino({ level: 'silent' }),
  });
  started.push(w);
  return w;
}

const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status;

describe('listeners', () => {
  it('every listener serves the whole API', async () => {
    const w = await worker({ listeners: 'http://127.0.0.1:0, HTTP://localhost:0' });
    expect(w.rest.listeners.map((l) => [l.scheme, l.host])).toEqual([['http', '127.0.0.1'], ['http', 'localhost']]);
    expect(w.rest.listeners[0]!.port).not.toBe(w.rest.listeners[1]!.port);
    for (const l of w.rest.listeners) {
      expect(await status(`${l.url}/connectors`)).toBe(200);
      expect(await status(`${l.url}/admin/loggers`)).toBe(200);
    }
    expect(w.restUrl).toBe(w.rest.listeners[0]!.url);
    expect(w.rest.adminListeners).toEqual([]);
  });

  it('admin.listeners set but empty: /admin answers 404, the rest of the API is served', async () => {
    const w = await worker({ listeners: 'http://127.0.0.1:0', 'admin.listeners': '' });
    expect(await status(`${w.restUrl}/connectors`)).toBe(200);
    const r = await fetch(`${w.restUrl}/admin/loggers`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error_code: 404, message: expect.any(String) });
    expect(await status(`${w.restUrl}/admin/loggers/root`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"level":"DEBUG"}' })).toBe(404);
    expect(w.rest.adminListeners).toEqual([]);
  });

  it('admin.listeners with URLs: /admin only there, on its own server that serves nothing else', async () => {
    const w = await worker({ listeners: 'http://127.0.0.1:0', 'admin.listeners': 'http://127.0.0.1:0' });
    const [admin] = w.rest.adminListeners;
    expect(admin).toBeDefined();
    expect(admin!.port).not.toBe(w.rest.listeners[0]!.port);
    expect(await status(`${w.restUrl}/admin/loggers`)).toBe(404);
    expect(await status(`${admin!.url}/connectors`)).toBe(404);
    expect(await status(`${admin!.url}/`)).toBe(404);
    const loggers = await fetch(`${admin!.url}/admin/loggers`);
    expect(loggers.status).toBe(200);
    expect(await loggers.json()).toHaveProperty('root');
    const put = await fetch(`${admin!.url}/admin/loggers/root`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"level":"WARN"}' });
    expect(put.status).toBe(200);
    expect(((await (await fetch(`${admin!.url}/admin/loggers/root`)).json()) as { level: string }).level).toBe('WARN');
    // the main API is untouched
    expect(await status(`${w.restUrl}/connectors`)).toBe(200);
  });

  it('the advertised host, port and listener form the worker id in statuses', async () => {
    const w = await worker({
      listeners: 'http://127.0.0.1:0',
      'rest.advertised.host.name': 'connect-1.example.com', 'rest.advertised.port': '18083', 'rest.advertised.listener': 'https',
    });
    expect(w.workerId).toBe('connect-1.example.com:18083');
    const created = await fetch(`${w.restUrl}/connectors`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dg', config: { 'connector.class': 'DatagenConnector', 'kafka.topic': 'adv', quickstart: 'users', 'max.interval': '1000', iterations: '1' } }),
    });
    expect(created.status).toBe(201);
    await waitFor(async () => {
      const s = await (await fetch(`${w.restUrl}/connectors/dg/status`)).json() as { connector?: { worker_id: string } };
      return s.connector?.worker_id === 'connect-1.example.com:18083';
    }, 'worker_id from the advertised address');
  });

  it('a listener on every interface advertises this machine\'s address and its bound port', async () => {
    const w = await worker({ listeners: 'http://:0' });
    expect(w.rest.listeners[0]!.host).toBe('0.0.0.0');
    expect(w.workerId).toBe(`${machineAddress()}:${w.rest.listeners[0]!.port}`);
    expect(await status(`${w.restUrl}/connectors`)).toBe(200);
  });
});

describe('listener parsing (Kafka Connect rules)', () => {
  it('protocol://host:port, protocol in any case, empty host = every interface, [IPv6] literals', () => {
    expect(parseListener('HTTP://:8083')).toEqual({ scheme: 'http', host: '', port: 8083 });
    expect(parseListener('https://0.0.0.0:8443')).toEqual({ scheme: 'https', host: '0.0.0.0', port: 8443 });
    expect(parseListener('http://[::1]:8083')).toEqual({ scheme: 'http', host: '::1', port: 8083 });
    expect(parseListener(' http://my-host.example.com:1/ ')).toEqual({ scheme: 'http', host: 'my-host.example.com', port: 1 });
  });

  it('refuses what Kafka refuses: no port, unknown protocol, empty list, blank entries', () => {
    expect(() => parseListener('http://localhost')).toThrow(/protocol:\/\/host:port/);
    expect(() => parseListener('localhost:8083')).toThrow(/protocol:\/\/host:port/);
    expect(() => parseListener('ftp://x:21')).toThrow(/unknown protocol 'ftp'/);
    expect(() => parseListener('http://x:70000')).toThrow(/0-65535/);
    expect(() => mainListeners({ listeners: '' })).toThrow(/at least one URL/);
    expect(() => mainListeners({ listeners: 'http://:1,,http://:2' })).toThrow(/empty URL/);
    expect(() => adminListeners({ 'admin.listeners': 'http://:1, ' })).toThrow(/empty URL/);
  });

  it('an admin listener on a main listener\'s port is refused before anything binds', async () => {
    await expect(restListenersFromProps({ listeners: 'http://:8083', 'admin.listeners': 'http://127.0.0.1:8083' })).rejects.toThrow(/own port/);
    await expect(restListenersFromProps({ listeners: 'http://127.0.0.1:0', 'admin.listeners': 'http://127.0.0.1:0' })).resolves.toBeDefined();
  });

  it('defaults: http://:8083, else the older rest.host.name / rest.port; admin.listeners unset vs empty', () => {
    expect(mainListeners({})).toEqual([{ scheme: 'http', host: '', port: 8083 }]);
    expect(mainListeners({ 'rest.host.name': 'h', 'rest.port': '9000' })).toEqual([{ scheme: 'http', host: 'h', port: 9000 }]);
    expect(mainListeners({ listeners: 'https://:1', 'rest.port': '9000' })).toEqual([{ scheme: 'https', host: '', port: 1 }]);
    expect(adminListeners({})).toBeUndefined();
    expect(adminListeners({ 'admin.listeners': '' })).toEqual([]);
    expect(adminListeners({ 'admin.listeners': 'https://127.0.0.1:8444' })).toEqual([{ scheme: 'https', host: '127.0.0.1', port: 8444 }]);
  });

  it('advertised URL: http is preferred when both kinds listen, unless rest.advertised.listener says otherwise', () => {
    const bound = [{ scheme: 'https', host: 'a', port: 1 }, { scheme: 'http', host: 'b', port: 2 }] as const;
    expect(advertisedRestUrl({}, bound).url).toBe('http://b:2');
    expect(advertisedRestUrl({ 'rest.advertised.listener': 'https' }, bound).url).toBe('https://a:1');
    expect(advertisedRestUrl({ 'rest.advertised.listener': 'https', 'rest.advertised.host.name': 'x', 'rest.advertised.port': '9' }, bound).url).toBe('https://x:9');
    // https behind a TLS-terminating proxy: no https listener, the first listener's address with the advertised scheme
    expect(advertisedRestUrl({ 'rest.advertised.listener': 'https' }, [{ scheme: 'http', host: 'c', port: 3 }]).url).toBe('https://c:3');
    expect(advertisedRestUrl({}, [{ scheme: 'http', host: '::1', port: 3 }]).url).toBe('http://[::1]:3');
    // Kafka's RestServerTest.testAdvertisedUri cases
    expect(advertisedRestUrl({}, [{ scheme: 'https', host: 'localhost', port: 8443 }]).url).toBe('https://localhost:8443');
    expect(advertisedRestUrl({ 'rest.advertised.listener': 'http', 'rest.advertised.host.name': 'somehost', 'rest.advertised.port': '10000' },
      [{ scheme: 'https', host: 'localhost', port: 8443 }]).url).toBe('http://somehost:10000');
    expect(advertisedRestUrl({ 'rest.advertised.listener': 'HTTP' },
      [{ scheme: 'https', host: 'encrypted-localhost', port: 42069 }, { scheme: 'http', host: 'plaintext-localhost', port: 4761 }]).url).toBe('http://plaintext-localhost:4761');
    expect(() => advertisedRestUrl({ 'rest.advertised.listener': 'ftp' }, bound)).toThrow(/http or https/);
    expect(() => advertisedRestUrl({ 'rest.advertised.port': 'x' }, bound)).toThrow(/rest.advertised.port/);
  });
});
