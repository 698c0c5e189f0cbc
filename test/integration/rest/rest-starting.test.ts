/** The REST listener comes up before the worker (its port forms the worker id): until then it answers 503. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startRestServer } from '../../../src/rest/rest-server.js';

describe('REST before the herder is ready', () => {
  it('answers 503 with Kafka\'s error body, and /health says starting', async () => {
    const rest = await startRestServer({ log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
    try {
      const r = await fetch(`${rest.url}/connectors`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ error_code: 503, message: expect.stringMatching(/starting/) });
      const h = await fetch(`${rest.url}/health`);
      expect(h.status).toBe(503);
      expect(await h.json()).toMatchObject({ status: 'starting' });
    } finally {
      await rest.close();
      await rest.close(); // idempotent
    }
  });
});
