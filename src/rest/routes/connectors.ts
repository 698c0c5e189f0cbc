/**
 * `/connectors` and `/connectors/{name}/…`: Kafka Connect's paths, JSON shapes and status codes (201 +
 * Location on create, 202 for pause/resume/restart-with-plan, 204 for stop/delete/plain restart). Every config
 * in a response has its password values `[hidden]` (secret-redactor.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConnectorInfo, ConnectorStateInfo, Herder, TargetState } from '../../cluster/herder.js';
import { BadRequestError, HerderError, NotFoundError, RebalanceNeededError } from '../../cluster/herder-errors.js';
import { forwarded } from './forwarded.js';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';
import { HIDDEN, passwordKeys, redactConfig, restoreHidden } from '../secret-redactor.js';
import { connectorStateRoutes } from './connector-state.js';
import { internalClusterRoutes } from './internal-cluster.js';
import { stringConfig } from './string-config.js';

type NameParams = { Params: { name: string } };
const tags = ['connectors'];
const errors = { '4xx': S.error };
const byName = (summary: string, response: object, extra: object = {}) =>
  ({ schema: { summary, tags, params: S.nameParams, response: { ...response, ...errors }, ...extra } });

export function connectorRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { call } = ctx;
  const redactInfo = (info: ConnectorInfo): ConnectorInfo => ({ ...info, config: redactConfig(info.config, passwordKeys(ctx.herder, info.config)) });
  // Kafka lists `?expand=info` from its config snapshot without the rebalance check a single connector's GET
  // has; a distributed herder offers that read.
  const infoForListing = async (name: string): Promise<ConnectorInfo> => {
    const h = ctx.herder as Herder & { connectorInfoUnchecked?: (n: string) => ConnectorInfo };
    return h.connectorInfoUnchecked ? h.connectorInfoUnchecked(name) : call(h.connectorInfo(name));
  };

  app.get<{ Querystring: { expand?: string | string[] } }>('/connectors', {
    schema: {
      summary: 'Connector names; ?expand=status and/or ?expand=info add their status and info', tags,
      querystring: { type: 'object', properties: { expand: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } } },
      response: { 200: S.connectorList },
    },
  }, async (req) => {
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
        if (withInfo) entry.info = redactInfo(await infoForListing(name));
        out[name] = entry;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err; // deleted while listing: skipped, as Kafka does
      }
    }
    return out;
  });

  app.post('/connectors', {
    schema: {
      summary: 'Create a connector ({name, config, initial_state?})', tags,
      body: { type: 'object', properties: { name: { type: 'string' }, config: { type: 'object' }, initial_state: { type: 'string' } } },
      response: { 201: S.connectorInfo, ...errors },
    },
  }, async (req, reply) => {
    const body = req.body as { name?: unknown; config?: unknown; initial_state?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('Expected a JSON object with "name" and "config"');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name === '') throw new BadRequestError('Connector name must be a non-empty string');
    if (body.config === undefined || body.config === null) throw new BadRequestError(`Connector ${name} has no "config"`);
    const config = stringConfig(body.config, `connector ${name}`);
    checkName(config, name);
    const initialState = parseInitialState(body.initial_state);
    const result = await call(forwarded(req, () => ctx.herder.putConnectorConfig(name, config, { allowReplace: false, ...(initialState ? { initialState } : {}) })));
    return created(reply, name, redactInfo(result.info));
  });

  app.get<NameParams>('/connectors/:name', byName('Connector info', { 200: S.connectorInfo }), async (req) =>
    redactInfo(await call(ctx.herder.connectorInfo(req.params.name))));

  app.get<NameParams>('/connectors/:name/config', byName('Connector config as submitted (passwords [hidden])', { 200: S.stringMap }), async (req) => {
    const config = await call(ctx.herder.connectorConfig(req.params.name));
    return redactConfig(config, passwordKeys(ctx.herder, config));
  });

  app.put<NameParams>('/connectors/:name/config', byName('Create (201) or update (200) a connector', { 200: S.connectorInfo, 201: S.connectorInfo }, { body: S.objectBody }), async (req, reply) => {
    const name = req.params.name;
    const config = stringConfig(req.body, `connector ${name}`);
    checkName(config, name);
    // The stored config only serves to restore `[hidden]` values; during a rebalance (409 on reads) a config
    // without any goes ahead, and the herder's write waits for the rebalance as Kafka's does.
    const stored = await call(ctx.herder.connectorConfig(name)).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      if (err instanceof RebalanceNeededError && !Object.values(config).includes(HIDDEN)) return undefined;
      throw err;
    });
    restoreHidden(config, stored, passwordKeys(ctx.herder, config));
    const result = await call(forwarded(req, () => ctx.herder.putConnectorConfig(name, config, { allowReplace: true })));
    if (result.created) return created(reply, name, redactInfo(result.info));
    return redactInfo(result.info);
  });

  app.patch<NameParams>('/connectors/:name/config', byName('Merge keys into the config (null removes a key)', { 200: S.connectorInfo }, { body: S.patchBody }), async (req) => {
    const name = req.params.name;
    const body = req.body as Record<string, unknown>;
    const stored = await call(ctx.herder.connectorConfig(name));
    const patch: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(body)) {
      if (value !== null && typeof value === 'object') throw new BadRequestError(`Config value of ${key} must be a string, number, boolean or null`);
      patch[key] = value === null ? null : String(value);
    }
    if (typeof patch['name'] === 'string' && patch['name'].trim() !== name) {
      throw new BadRequestError(`Connector name configuration (${patch['name']}) doesn't match connector name in the URL (${name})`);
    }
    if ('name' in patch && patch['name'] === null) delete patch['name'];
    const merged: Record<string, string> = { ...stored };
    for (const [k, v] of Object.entries(patch)) if (v !== null) merged[k] = v;
    const secrets = passwordKeys(ctx.herder, merged);
    for (const [k, v] of Object.entries(patch)) if (v === HIDDEN && secrets.has(k) && stored[k] !== undefined) delete patch[k];
    return redactInfo(await call(forwarded(req, () => ctx.herder.patchConnectorConfig(name, patch))));
  });

  app.get<NameParams>('/connectors/:name/tasks', byName('Task ids and configs', { 200: S.taskInfos }), async (req) => {
    const name = req.params.name;
    const [tasks, config] = await Promise.all([call(ctx.herder.taskConfigs(name)), call(ctx.herder.connectorConfig(name))]);
    const secrets = passwordKeys(ctx.herder, config);
    return tasks.map((t) => ({ id: t.id, config: redactConfig(t.config, secrets) }));
  });

  app.get<NameParams>('/connectors/:name/tasks-config', byName('Deprecated: {"<name>-<id>": task config}', { 200: S.tasksConfig }), async (req) => {
    const name = req.params.name;
    const [tasks, config] = await Promise.all([call(ctx.herder.taskConfigs(name)), call(ctx.herder.connectorConfig(name))]);
    const secrets = passwordKeys(ctx.herder, config);
    return Object.fromEntries(tasks.map((t) => [`${t.id.connector}-${t.id.task}`, redactConfig(t.config, secrets)]));
  });

  app.get<NameParams>('/connectors/:name/topics', byName('Active topics (KIP-558)', { 200: S.activeTopics }), async (req) => {
    if (!ctx.topicTracking.enable) throw new HerderError(403, 'Topic tracking is disabled.', 'TRIB_FORBIDDEN');
    return { [req.params.name]: { topics: await call(ctx.herder.connectorActiveTopics(req.params.name)) } };
  });

  app.put<NameParams>('/connectors/:name/topics/reset', byName('Forget the active topics', { 202: S.empty }), async (req, reply) => {
    if (!ctx.topicTracking.enable) throw new HerderError(403, 'Topic tracking is disabled.', 'TRIB_FORBIDDEN');
    if (!ctx.topicTracking.allowReset) throw new HerderError(403, 'Topic tracking reset is disabled.', 'TRIB_FORBIDDEN');
    await call(ctx.herder.resetConnectorActiveTopics(req.params.name));
    return reply.code(202).send(); // Kafka Connect: 202 Accepted, no body
  });

  app.delete<NameParams>('/connectors/:name', byName('Delete the connector', { 204: S.empty }), async (req, reply) => {
    await call(forwarded(req, () => ctx.herder.deleteConnector(req.params.name)));
    return reply.code(204).send();
  });

  connectorStateRoutes(app, ctx);
  internalClusterRoutes(app, ctx);
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

