import type { FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError } from '../../cluster/herder-errors.js';
import { InvalidLogLevelError, type LoggerLevels } from '../logger-levels.js';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';

/**
 * `/admin/loggers` (KIP-495, KIP-976): read and set log levels at run time. `scope=worker` (the default)
 * answers 200 with the affected logger names; `scope=cluster` answers 204 — a standalone worker is the whole
 * cluster, so both change this worker only.
 */
export function adminLoggerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const levels = (): LoggerLevels => {
    if (ctx.loggers === undefined) throw new NotFoundError('Log levels cannot be changed on this worker (no pino root logger)');
    return ctx.loggers;
  };

  app.get('/admin/loggers', {
    schema: { summary: 'Every known logger and its level', tags: ['admin'], response: { 200: S.loggerLevels } },
  }, async () => levels().all());

  app.get<{ Params: { logger: string } }>('/admin/loggers/:logger', {
    schema: { summary: 'One logger\'s level', tags: ['admin'], params: S.loggerParams, response: { 200: S.loggerLevel, '4xx': S.error } },
  }, async (req) => {
    const level = levels().get(req.params.logger);
    if (level === undefined) throw new NotFoundError(`Logger ${req.params.logger} not found.`);
    return level;
  });

  app.put<{ Params: { logger: string }; Querystring: { scope?: string }; Body: { level?: unknown } }>('/admin/loggers/:logger', {
    schema: {
      summary: 'Set a logger\'s level (and every logger below it)',
      tags: ['admin'],
      params: S.loggerParams,
      querystring: { type: 'object', properties: { scope: { type: 'string' } } },
      body: { type: 'object', properties: { level: { type: 'string' } } },
      response: { 200: { type: 'array', items: { type: 'string' } }, 204: S.empty, '4xx': S.error },
    },
  }, async (req, reply) => {
    const level = req.body?.level;
    if (typeof level !== 'string' || level.trim() === '') throw new BadRequestError("Desired 'level' parameter was not specified in request.");
    let affected: string[];
    try {
      affected = levels().set(req.params.logger, level);
    } catch (err) {
      if (err instanceof InvalidLogLevelError) throw new BadRequestError(err.message);
      throw err;
    }
    ctx.log.info({ logger: req.params.logger, level: level.toUpperCase() }, 'log level changed');
    if ((req.query.scope ?? 'worker').toLowerCase() === 'cluster') return reply.code(204).send();
    return affected;
  });
}
