/**
 * startWorkerRest as the worker commands call it: a bad advertised setting, only checkable once the
 * listeners are bound, closes them again before the error surfaces — nothing keeps the port or the process.
 */
import { createServer } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startWorkerRest } from '../../../src/cli-worker-rest.js';

/** Listens on `port` and closes again; rejects with EADDRINUSE while something else holds it. */
function bindOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const bound = (s.address() as { port: number }).port;
      s.close(() => resolve(bound));
    });
  });
}

describe('startWorkerRest', () => {
  it.each([
    ['rest.advertised.port', '70000', /rest\.advertised\.port must be 1-65535/],
    ['rest.advertised.listener', 'ftp', /rest\.advertised\.listener must be http or https/],
  ])('a bad %s is refused and the listener it bound is closed', async (key, value, message) => {
    const port = await bindOnce(0);
    await expect(startWorkerRest({ listeners: `http://127.0.0.1:${port}`, [key]: value }, {}, pino({ level: 'silent' }))).rejects.toThrow(message);
    await expect(bindOnce(port)).resolves.toBe(port);
  });
});
