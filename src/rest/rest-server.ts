/**
 * The worker's REST listener: a fastify server over a Herder. Routes live one file per resource group in
 * `routes/`; this file wires them, Kafka Connect's error body and the JSON body parsing.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../api/logger.js';
import type { Herder } from '../cluster/herder.js';
import { HerderError } from '../cluster/herder-errors.js';
import { errorBody, errorStatus } from './error-body.js';
import { DEFAULT_REST_REQUEST_TIMEOUT_MS, withTimeout } from './request-timeout.js';
import type { RouteContext } from './route-context.js';
import { connectorPluginRoutes } from './routes/connector-plugins.js';
import { connectorRoutes } from './routes/connectors.js';
import { rootRoutes } from './routes/root.js';

export interface RestServerOptions {
  /** May be given later with `setHerder` (the REST port must be known before the worker id is); until then 503. */
  readonly herder?: Herder;
  readonly log: Logger;
  /** Default 0.0.0.0 (Kafka's `http://:8083`). */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly requestTimeoutMs?: number;
}

export interface RunningRestServer {
  readonly host: string;
  readonly port: number;
  /** e.g. http://127.0.0.1:8083 */
  readonly url: string;
  setHerder(herder: Herder): void;
  /** Idempotent. */
  close(): Promise<void>;
}

export function buildRestApp(options: Omit<RestServerOptions, 'host' | 'port'>): { app: FastifyInstance; setHerder(h: Herder): void } {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REST_REQUEST_TIMEOUT_MS;
  let herder = options.herder;
  const ctx: RouteContext = {
    get herder(): Herder {
      if (herder === undefined) throw new HerderError(503, 'The worker is still starting; retry shortly', 'TRIB_STARTING');
      return herder;
    },
    get ready(): boolean {
      return herder !== undefined;
    },
    log: options.log,
    call: (p) => withTimeout(p, timeoutMs),
  };

  // Bodies are JSON whatever the Content-Type says (curl -d sends form encoding by default); empty = none.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(Object.assign(new Error(`Request body is not valid JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const status = errorStatus(err);
    if (status >= 500) options.log.error({ err, method: req.method, url: req.url }, 'REST request failed');
    return reply.code(status).send(errorBody(err));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error_code: 404, message: 'HTTP 404 Not Found' }));

  rootRoutes(app, ctx);
  connectorRoutes(app, ctx);
  connectorPluginRoutes(app, ctx);
  return { app, setHerder: (h) => (herder = h) };
}

export async function startRestServer(options: RestServerOptions): Promise<RunningRestServer> {
  const { app, setHerder } = buildRestApp(options);
  const host = options.host ?? '0.0.0.0';
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closed: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${host === '0.0.0.0' || host === '' ? '127.0.0.1' : host}:${port}`,
    setHerder,
    close: () => (closed ??= app.close()),
  };
}
