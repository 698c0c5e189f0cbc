/**
 * `response.http.headers.config` (KIP-577) over real HTTP: headers on every response — API, 404s, 401s and
 * separate admin listeners — with Jetty HeaderFilter's set/add/setDate/addDate, and Kafka's validation.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorkerRest, type WorkerRest } from '../../../src/cli-worker-rest.js';
import { parseResponseHeaders } from '../../../src/rest/rest-security.js';

const servers: WorkerRest[] = [];
afterAll(async () => {
  for (const s of servers) await s.rest.close();
});

async function serve(props: Record<string, string>): Promise<WorkerRest> {
  const s = await startWorkerRest(props, {}, pino({ level: 'silent' }));
  servers.push(s);
  return s;
}

describe('response.http.headers.config', () => {
  it('adds the configured headers to every response, on every listener', async () => {
    const s = await serve({
      listeners: 'http://127.0.0.1:0',
      'admin.listeners': 'http://127.0.0.1:0',
      'response.http.headers.config':
        'add X-XSS-Protection: 1; mode=block, "add Cache-Control: no-cache, no-store, must-revalidate", set X-Frame-Options: DENY, setDate Expires: 3600000',
      'rest.auth.bearer.tokens': 'tok',
    });
    const before = Date.now();
    for (const [url, status] of [
      [`${s.rest.adminListeners[0]!.url}/admin/loggers`, 401], // auth guards the admin listener too
      [`${s.rest.url}/no-such-path`, 401],
    ] as const) {
      const r = await fetch(url);
      expect(r.status).toBe(status);
      expect(r.headers.get('x-xss-protection')).toBe('1; mode=block');
      expect(r.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      const expires = Date.parse(r.headers.get('expires')!);
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
      expect(expires).toBeLessThan(Date.now() + 3_601_000);
    }
    const ok = await fetch(`${s.rest.adminListeners[0]!.url}/admin/loggers`, { headers: { authorization: 'Bearer tok' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-frame-options')).toBe('DENY');
  });

  it('is validated as Kafka validates it', () => {
    expect(parseResponseHeaders('')).toEqual([]);
    expect(parseResponseHeaders('SET Strict-Transport-Security: max-age=31536000')).toEqual([
      { action: 'set', name: 'Strict-Transport-Security', value: 'max-age=31536000' },
    ]);
    expect(() => parseResponseHeaders('X-Frame-Options: DENY')).toThrow(/invalid action 'X-Frame-Options:'/);
    expect(() => parseResponseHeaders('set X-Frame-Options DENY')).toThrow(/\[header name\]:\[header value\]/);
    expect(() => parseResponseHeaders('set X Frame: DENY')).toThrow(/cannot contain whitespace/);
    expect(() => parseResponseHeaders('set Location: http://x')).toThrow(/invalid header/);
    expect(() => parseResponseHeaders('drop X: y')).toThrow(/invalid action 'drop'/);
    expect(() => parseResponseHeaders('setDate Expires: soon')).toThrow(/milliseconds/);
  });
});
