import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../../cluster/herder-errors.js';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';
import { stringConfig } from './string-config.js';

const tags = ['connector-plugins'];

/** `/connector-plugins`: list plugins (every kind with connectorsOnly=false), their config keys, and validate a config (ConfigInfos). */
export function connectorPluginRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: { connectorsOnly?: string } }>('/connector-plugins', {
    schema: {
      summary: 'Installed connector plugins; connectorsOnly=false adds converters, transformations and predicates', tags,
      querystring: { type: 'object', properties: { connectorsOnly: { type: 'string' } } },
      response: { 200: S.pluginInfos },
    },
  }, async (req) => {
    const connectorsOnly = (req.query.connectorsOnly ?? 'true').toLowerCase() !== 'false';
    return ctx.herder.connectorPlugins(connectorsOnly);
  });

  app.get<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config', {
    schema: { summary: 'Config keys of any plugin (connectors include the framework keys)', tags, params: S.pluginParams, response: { 200: S.configKeyInfos, '4xx': S.error } },
  }, async (req) => ctx.herder.pluginConfig(req.params.plugin));

  app.put<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config/validate', {
    schema: {
      summary: 'Validate a connector config (200 with per-key errors even when invalid)', tags,
      params: S.pluginParams, body: S.objectBody, response: { 200: S.configInfos, '4xx': S.error },
    },
  }, async (req) => {
    const plugin = req.params.plugin;
    const config = stringConfig(req.body, 'the validate request');
    const included = config['connector.class'];
    // Kafka's ConnectorPluginsResource: the body's connector.class must end with the URL's type (both without a
    // "Connector" suffix); the URL's type is then what gets validated.
    if (included !== undefined && !normalized(included).endsWith(normalized(plugin))) {
      throw new BadRequestError(`Included connector type ${included} does not match request type ${plugin}`);
    }
    config['connector.class'] = plugin;
    return ctx.call(ctx.herder.validateConnectorConfig(config));
  });
}

/** Kafka's normalizedPluginName: drops a trailing "Connector" (unless that is the whole name). */
function normalized(name: string): string {
  const s = name.trim();
  return s.endsWith('Connector') && s.length > 'Connector'.length ? s.slice(0, -'Connector'.length) : s;
}
