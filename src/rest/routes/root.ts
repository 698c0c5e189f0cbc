import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';

/** `GET /` (version, commit, Kafka cluster id) and `GET /health` (KIP-1017). */
export function rootRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/', { schema: { summary: 'Worker version, commit and Kafka cluster id', tags: ['root'], response: { 200: S.serverInfo } } }, async () =>
    ctx.call(ctx.herder.serverInfo()));

  app.get('/health', {
    schema: { summary: 'healthy once the worker has started (503 before)', tags: ['root'], response: { 200: S.health, 503: S.health } },
  }, async (_req, reply) => {
    if (!ctx.ready) return reply.code(503).send({ status: 'starting', message: 'Worker is still starting up.' });
    return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' };
  });
}
