/**
 * `/connectors` and `/connectors/{name}/…`: Kafka Connect's paths, JSON shapes and status codes (201 +
 * Location on create, 202 for pause/resume/restart-with-plan, 204 for stop/delete/plain restart).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConnectorInfo, ConnectorStateInfo, TargetState } from '../../cluster/herder.js';
import { BadRequestError, NotFoundError } from '../../cluster/herder-errors.js';
import { parseOffsetsBody } from '../../cluster/offsets-request.js';
import type { RouteContext } from '../route-context.js';
import { stringConfig } from './string-config.js';

type NameParams = { Params: { name: string } };
type TaskParams = { Params: { name: string; task: string } };

export function connectorRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { call } = ctx;

  app.get<{ Querystring: { expand?: string | string[] } }>('/connectors', async (req) => {
    const names = await call(ctx.herder.connectors());
    const expand = new Set(([] as string[]).concat(req.query.expand ?? []));
    const withStatus = expand.has('status');
    const withInfo = expand.has('info');
    if (!withStatus && !withInfo) return names;
    const out: Record<string, { status?: ConnectorStateInfo; info?: ConnectorInfo }> = {};
    for (const name of names) {
      try {
        const entry: { status?: ConnectorStateInfo; info?: ConnectorInfo } = {};
        if (withStatus) entry.status = await call(ctx.herder.connectorStatus(name));
        if (withInfo) entry.info = await call(ctx.herder.connectorInfo(name));
        out[name] = entry;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err; // deleted while listing: skipped, as Kafka does
      }
    }
    return out;
  });

  app.post('/connectors', async (req, reply) => {
    const body = req.body as { name?: unknown; config?: unknown; initial_state?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('Expected a JSON object with "name" and "config"');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name === '') throw new BadRequestError('Connector name must be a non-empty string');
    if (body.config === undefined || body.config === null) throw new BadRequestError(`Connector ${name} has no "config"`);
    const config = stringConfig(body.config, `connector ${name}`);
    checkName(config, name);
    const initialState = parseInitialState(body.initial_state);
    const result = await call(ctx.herder.putConnectorConfig(name, config, { allowReplace: false, ...(initialState ? { initialState } : {}) }));
    return created(reply, name, result.info);
  });

  app.get<NameParams>('/connectors/:name', async (req) => call(ctx.herder.connectorInfo(req.params.name)));
  app.get<NameParams>('/connectors/:name/config', async (req) => call(ctx.herder.connectorConfig(req.params.name)));

  app.put<NameParams>('/connectors/:name/config', async (req, reply) => {
    const name = req.params.name;
    const config = stringConfig(req.body, `connector ${name}`);
    checkName(config, name);
    const result = await call(ctx.herder.putConnectorConfig(name, config, { allowReplace: true }));
    if (result.created) return created(reply, name, result.info);
    return result.info;
  });

  app.get<NameParams>('/connectors/:name/status', async (req) => call(ctx.herder.connectorStatus(req.params.name)));
  app.get<NameParams>('/connectors/:name/tasks', async (req) => call(ctx.herder.taskConfigs(req.params.name)));
  app.get<NameParams>('/connectors/:name/offsets', async (req) => call(ctx.herder.connectorOffsets(req.params.name)));
  app.patch<NameParams>('/connectors/:name/offsets', async (req) => {
    const offsets = parseOffsetsBody(req.body);
    return { message: await call(ctx.herder.alterConnectorOffsets(req.params.name, offsets)) };
  });
  app.delete<NameParams>('/connectors/:name/offsets', async (req) => ({ message: await call(ctx.herder.resetConnectorOffsets(req.params.name)) }));

  app.get<TaskParams>('/connectors/:name/tasks/:task/status', async (req) =>
    call(ctx.herder.taskStatus({ connector: req.params.name, task: taskNumber(req.params.task) })));

  app.post<TaskParams>('/connectors/:name/tasks/:task/restart', async (req, reply) => {
    await call(ctx.herder.restartTask({ connector: req.params.name, task: taskNumber(req.params.task) }));
    return reply.code(204).send();
  });

  app.put<NameParams>('/connectors/:name/pause', async (req, reply) => {
    await call(ctx.herder.pauseConnector(req.params.name));
    return reply.code(202).send();
  });
  app.put<NameParams>('/connectors/:name/resume', async (req, reply) => {
    await call(ctx.herder.resumeConnector(req.params.name));
    return reply.code(202).send();
  });
  app.put<NameParams>('/connectors/:name/stop', async (req, reply) => {
    await call(ctx.herder.stopConnector(req.params.name));
    return reply.code(204).send();
  });

  app.post<NameParams & { Querystring: { includeTasks?: string; onlyFailed?: string } }>('/connectors/:name/restart', async (req, reply) => {
    const plan = await call(ctx.herder.restartConnector(req.params.name, {
      includeTasks: isTrue(req.query.includeTasks),
      onlyFailed: isTrue(req.query.onlyFailed),
    }));
    if (plan === undefined) return reply.code(204).send();
    return reply.code(202).send(plan);
  });

  app.delete<NameParams>('/connectors/:name', async (req, reply) => {
    await call(ctx.herder.deleteConnector(req.params.name));
    return reply.code(204).send();
  });
}

function created(reply: FastifyReply, name: string, info: ConnectorInfo): FastifyReply {
  return reply.code(201).header('Location', `/connectors/${encodeURIComponent(name)}`).send(info);
}

/** The config's `name`, if given, must be the connector's; a missing one is filled in (Kafka's checkAndPutConnectorConfigName). */
function checkName(config: Record<string, string>, name: string): void {
  const given = config['name'];
  if (given !== undefined && given.trim() !== name) {
    throw new BadRequestError(`Connector name configuration (${given}) doesn't match connector name in the URL (${name})`);
  }
  config['name'] = name;
}

function parseInitialState(value: unknown): TargetState | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (s === 'RUNNING' || s === 'PAUSED' || s === 'STOPPED') return s;
  throw new BadRequestError(`Invalid initial state ${JSON.stringify(value)}; use RUNNING, PAUSED or STOPPED`);
}

function taskNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new NotFoundError(`Unknown task: ${text}`);
  return n;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}
