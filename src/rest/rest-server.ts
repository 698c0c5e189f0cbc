/**
 * The worker's REST listener: a fastify server over a Herder. Routes live one file per resource group in
 * `routes/`, each declaring JSON schemas (validation, serialization and /openapi.json); this file wires them,
 * Kafka Connect's error body, JSON body parsing and the optional security (TLS, auth, CORS).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { Logger } from '../api/logger.js';
import type { Herder } from '../cluster/herder.js';
import { HerderError } from '../cluster/herder-errors.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import { RestMetrics } from '../metrics/rest-metrics.js';
import { errorBody, errorStatus } from './error-body.js';
import { LoggerLevels } from './logger-levels.js';
import { OpenApiCollector } from './openapi.js';
import { DEFAULT_REST_REQUEST_TIMEOUT_MS, withTimeout } from './request-timeout.js';
import type { PreviewSupport, RouteContext } from './route-context.js';
import { installRestSecurity } from './rest-security.js';
import type { RestListenerSecurity } from './rest-security-config.js';
import { adminLoggerRoutes } from './routes/admin-loggers.js';
import { connectorPluginRoutes } from './routes/connector-plugins.js';
import { connectorRoutes } from './routes/connectors.js';
import { extraRoutes } from './routes/extras.js';
import { rootRoutes } from './routes/root.js';

export interface RestServerOptions {
  /** May be given later with `setHerder` (the REST port must be known before the worker id is); until then 503. */
  readonly herder?: Herder;
  /** When it is a pino logger, `/admin/loggers` changes levels of it and its children at run time. */
  readonly log: Logger;
  /** Default 0.0.0.0 (Kafka's `http://:8083`). */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly requestTimeoutMs?: number;
  /** TLS, auth, CORS (restSecurityFromProps); none by default. */
  readonly security?: RestListenerSecurity;
  /** Kafka's `topic.tracking.enable` / `topic.tracking.allow.reset` (both default true); off = 403 on the topics endpoints. */
  readonly topicTracking?: { readonly enable: boolean; readonly allowReset: boolean };
  /** The version shown in /openapi.json. */
  readonly version?: string;
}

export interface RunningRestServer {
  readonly host: string;
  readonly port: number;
  /** e.g. http://127.0.0.1:8083 (https:// with TLS) */
  readonly url: string;
  setHerder(herder: Herder): void;
  /** `/preview` answers 503 until set. */
  setPreview(preview: PreviewSupport): void;
  /** `/metrics` answers 503 until set. */
  setMetrics(metrics: MetricsSource): void;
  /** Idempotent. */
  close(): Promise<void>;
}

interface RestApp {
  readonly app: FastifyInstance;
  setHerder(h: Herder): void;
  setPreview(p: PreviewSupport): void;
  setMetrics(m: MetricsSource): void;
}

function isPino(log: Logger): log is Logger & PinoLogger {
  return typeof (log as Partial<PinoLogger>).bindings === 'function' && 'onChild' in log && 'levels' in log;
}

// Errors fastify raises before routing (bad URL encoding, a parameter too long) keep Kafka's error body too.
const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (err, _req, reply) => {
  const status = errorStatus(err) >= 500 ? 400 : errorStatus(err);
  const r = reply as unknown as { code(n: number): { send(body: unknown): void } }; // the generic reply type is too narrow here
  r.code(status).send({ error_code: status, message: err.message });
};

export function buildRestApp(options: Omit<RestServerOptions, 'host' | 'port'>): RestApp {
  const tls = options.security?.tls;
  const base = {
    logger: false,
    bodyLimit: 16 * 1024 * 1024,
    // Kafka allows long connector names; fastify's default caps a path parameter at 100 characters (then 414).
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors,
  };
  const app = (tls ? Fastify({ ...base, https: tls }) : Fastify(base)) as unknown as FastifyInstance;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REST_REQUEST_TIMEOUT_MS;
  let herder = options.herder;
  let preview: PreviewSupport | undefined;
  let metrics: MetricsSource | undefined;
  const loggers = isPino(options.log) ? new LoggerLevels(options.log) : undefined;
  const starting = () => new HerderError(503, 'The worker is still starting; retry shortly', 'TRIB_STARTING');
  const ctx: RouteContext = {
    get herder(): Herder {
      if (herder === undefined) throw starting();
      return herder;
    },
    get ready(): boolean {
      return herder !== undefined;
    },
    log: options.log,
    loggers,
    topicTracking: options.topicTracking ?? { enable: true, allowReset: true },
    get preview(): PreviewSupport {
      if (preview === undefined) throw starting();
      return preview;
    },
    get metrics(): MetricsSource | undefined {
      return metrics;
    },
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

  const restMetrics = new RestMetrics();
  app.addHook('onResponse', async (req, reply) => {
    restMetrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  if (options.security) installRestSecurity(app, options.security);
  const openapi = new OpenApiCollector();
  openapi.attach(app);
  rootRoutes(app, ctx);
  connectorRoutes(app, ctx);
  connectorPluginRoutes(app, ctx);
  adminLoggerRoutes(app, ctx);
  extraRoutes(app, ctx, openapi, options.version ?? '0.0.0', restMetrics);
  return {
    app,
    setHerder: (h) => (herder = h),
    setPreview: (p) => (preview = p),
    setMetrics: (m) => (metrics = m),
  };
}

export async function startRestServer(options: RestServerOptions): Promise<RunningRestServer> {
  const { app, setHerder, setPreview, setMetrics } = buildRestApp(options);
  const host = options.host ?? '0.0.0.0';
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closed: Promise<void> | undefined;
  const scheme = options.security?.tls ? 'https' : 'http';
  return {
    host,
    port,
    url: `${scheme}://${host === '0.0.0.0' || host === '' ? '127.0.0.1' : host}:${port}`,
    setHerder,
    setPreview,
    setMetrics,
    close: () => (closed ??= app.close()),
  };
}
