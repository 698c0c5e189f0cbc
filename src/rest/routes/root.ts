import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../route-context.js';

/** `GET /` (version, commit, Kafka cluster id) and `GET /health` (KIP-1017). */
export function rootRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/', async () => ctx.call(ctx.herder.serverInfo()));

  app.get('/health', async (_req, reply) => {
    if (!ctx.ready) return reply.code(503).send({ status: 'starting', message: 'Worker is still starting up.' });
    return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' };
  });
}
