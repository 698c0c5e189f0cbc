/**
 * `/connectors/{name}/…` lifecycle and state: status, task status, pause/resume/stop, restarts and offsets
 * (KIP-875). Kafka's status codes: 202 for pause/resume and a restart with a plan, 204 for stop and a plain
 * restart.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../cluster/herder-errors.js';
import { parseOffsetsBody } from '../../cluster/offsets-request.js';
import { forwarded } from './forwarded.js';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';

type NameParams = { Params: { name: string } };
type TaskParams = { Params: { name: string; task: string } };
const tags = ['connectors'];
const errors = { '4xx': S.error };
const schema = (summary: string, params: object, response: object, extra: object = {}) =>
  ({ schema: { summary, tags, params, response: { ...response, ...errors }, ...extra } });

export function connectorStateRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { call } = ctx;

  app.get<NameParams>('/connectors/:name/status', schema('Connector and task states', S.nameParams, { 200: S.stateInfo }), async (req) =>
    call(ctx.herder.connectorStatus(req.params.name)));

  app.get<TaskParams>('/connectors/:name/tasks/:task/status', schema('One task\'s state', S.taskParams, { 200: S.taskState }), async (req) =>
    call(ctx.herder.taskStatus({ connector: req.params.name, task: taskNumber(req.params.task) })));

  app.post<TaskParams>('/connectors/:name/tasks/:task/restart', schema('Restart one task', S.taskParams, { 204: S.empty }), async (req, reply) => {
    await call(forwarded(req, () => ctx.herder.restartTask({ connector: req.params.name, task: taskNumber(req.params.task) })));
    return reply.code(204).send();
  });

  app.put<NameParams>('/connectors/:name/pause', schema('Pause the connector and its tasks', S.nameParams, { 202: S.empty }), async (req, reply) => {
    await call(ctx.herder.pauseConnector(req.params.name));
    return reply.code(202).send();
  });
  app.put<NameParams>('/connectors/:name/resume', schema('Resume a paused or stopped connector', S.nameParams, { 202: S.empty }), async (req, reply) => {
    await call(ctx.herder.resumeConnector(req.params.name));
    return reply.code(202).send();
  });
  app.put<NameParams>('/connectors/:name/stop', schema('Stop the connector and its tasks (STOPPED)', S.nameParams, { 204: S.empty }), async (req, reply) => {
    await call(forwarded(req, () => ctx.herder.stopConnector(req.params.name)));
    return reply.code(204).send();
  });

  app.post<NameParams & { Querystring: { includeTasks?: string; onlyFailed?: string } }>('/connectors/:name/restart', schema(
    'Restart the connector; with includeTasks/onlyFailed answers 202 with the plan', S.nameParams,
    { 202: S.stateInfo, 204: S.empty },
    { querystring: { type: 'object', properties: { includeTasks: { type: 'string' }, onlyFailed: { type: 'string' }, forward: { type: 'string' } } } },
  ), async (req, reply) => {
    const plan = await call(forwarded(req, () => ctx.herder.restartConnector(req.params.name, {
      includeTasks: isTrue(req.query.includeTasks),
      onlyFailed: isTrue(req.query.onlyFailed),
    })));
    if (plan === undefined) return reply.code(204).send();
    return reply.code(202).send(plan);
  });

  app.get<NameParams>('/connectors/:name/offsets', schema('Committed offsets', S.nameParams, { 200: S.offsets }), async (req) =>
    call(ctx.herder.connectorOffsets(req.params.name)));
  app.patch<NameParams>('/connectors/:name/offsets', schema('Alter offsets (connector must be STOPPED)', S.nameParams, { 200: S.message }, { body: S.objectBody }), async (req) => {
    const offsets = parseOffsetsBody(req.body);
    return { message: await call(forwarded(req, () => ctx.herder.alterConnectorOffsets(req.params.name, offsets))) };
  });
  app.delete<NameParams>('/connectors/:name/offsets', schema('Reset offsets (connector must be STOPPED)', S.nameParams, { 200: S.message }), async (req) =>
    ({ message: await call(forwarded(req, () => ctx.herder.resetConnectorOffsets(req.params.name))) }));
}

function taskNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new NotFoundError(`Unknown task: ${text}`);
  return n;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}

