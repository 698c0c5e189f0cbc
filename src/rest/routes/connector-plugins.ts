import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../../cluster/herder-errors.js';
import type { RouteContext } from '../route-context.js';
import { stringConfig } from './string-config.js';

/** `/connector-plugins`: list plugins, their config keys, and validate a config (ConfigInfos). */
export function connectorPluginRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: { connectorsOnly?: string } }>('/connector-plugins', async (req) => {
    const connectorsOnly = (req.query.connectorsOnly ?? 'true').toLowerCase() !== 'false';
    return ctx.herder.connectorPlugins(connectorsOnly);
  });

  app.get<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config', async (req) => ctx.herder.pluginConfig(req.params.plugin));

  app.put<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config/validate', async (req) => {
    const plugin = req.params.plugin;
    const config = stringConfig(req.body, 'the validate request');
    const included = config['connector.class'];
    // Kafka's check: the body's connector.class must name the plugin in the URL (an alias' "Connector" suffix may differ).
    if (included !== undefined && !sameClass(included, plugin)) {
      throw new BadRequestError(`Included connector type ${included} does not match request type ${plugin}`);
    }
    config['connector.class'] ??= plugin;
    return ctx.call(ctx.herder.validateConnectorConfig(config));
  });
}

function sameClass(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/Connector$/, '');
  const x = norm(a);
  const y = norm(b);
  return x.endsWith(y) || y.endsWith(x);
}
