import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../route-context.js';

/** `GET /`: version, commit and the Kafka cluster id. */
export function rootRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/', async () => ctx.call(ctx.herder.serverInfo()));
}
