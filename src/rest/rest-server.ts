/**
 * The worker's REST listeners: fastify servers over a Herder. Routes live one file per resource group in
 * `routes/`, each declaring JSON schemas (validation, serialization and /openapi.json); this file wires them,
 * Kafka Connect's error body, JSON body parsing and the optional security (TLS, auth, CORS).
 *
 * One fastify instance per listener (TLS is per server); they share the herder, log levels and request
 * metrics. The `/admin` endpoints are on the main listeners, on none, or only on their own listeners
 * (KIP-495's `admin.listeners`, see rest-security-listeners.ts).
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
import type { ListenerAddress, RestListenerSpec } from './rest-security-listeners.js';
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
  /** One listener: default 0.0.0.0 (Kafka's `http://:8083`). Ignored when `listeners` is given. */
  readonly host?: string;
  /** One listener: 0 picks a free port. Ignored when `listeners` is given. */
  readonly port?: number;
  /** Every main listener with its TLS (restListenersFromProps); overrides host/port/security.tls. */
  readonly listeners?: readonly RestListenerSpec[];
  /** undefined: /admin on the main listeners; []: /admin off (404); else /admin only on these. */
  readonly adminListeners?: readonly RestListenerSpec[];
  readonly requestTimeoutMs?: number;
  /** Auth and CORS for every listener, and TLS for the host/port form (restSecurityFromProps); none by default. */
  readonly security?: RestListenerSecurity;
  /** Kafka's `topic.tracking.enable` / `topic.tracking.allow.reset` (both default true); off = 403 on the topics endpoints. */
  readonly topicTracking?: { readonly enable: boolean; readonly allowReset: boolean };
  /** The version shown in /openapi.json. */
  readonly version?: string;
}

export interface BoundListener extends ListenerAddress {
  /** A URL to reach it from this machine, e.g. http://127.0.0.1:8083 (no trailing slash). */
  readonly url: string;
}

export interface RunningRestServer {
  /** The first main listener's bound host and port. */
  readonly host: string;
  readonly port: number;
  /** The first main listener's URL, e.g. http://127.0.0.1:8083 (https:// with TLS). */
  readonly url: string;
  /** Every main listener with its real port. */
  readonly listeners: readonly BoundListener[];
  /** The separate admin listeners (empty when /admin is on the main listeners or off). */
  readonly adminListeners: readonly BoundListener[];
  setHerder(herder: Herder): void;
  /** `/preview` answers 503 until set. */
  setPreview(preview: PreviewSupport): void;
  /** `/metrics` answers 503 until set. */
  setMetrics(metrics: MetricsSource): void;
  /** Idempotent; closes every listener. */
  close(): Promise<void>;
}

/** Which routes a listener serves. */
type ListenerRole = 'api+admin' | 'api' | 'admin';

function isPino(log: Logger): log is Logger & PinoLogger {
  return typeof (log as Partial<PinoLogger>).bindings === 'function' && 'onChild' in log && 'levels' in log;
}

// Errors fastify raises before routing (bad URL encoding, a parameter too long) keep Kafka's error body too.
const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (err, _req, reply) => {
  const status = errorStatus(err) >= 500 ? 400 : errorStatus(err);
  const r = reply as unknown as { code(n: number): { send(body: unknown): void } }; // the generic reply type is too narrow here
  r.code(status).send({ error_code: status, message: err.message });
};

/** What every listener of one worker shares. */
interface SharedState {
  readonly ctx: RouteContext;
  readonly restMetrics: RestMetrics;
  setHerder(h: Herder): void;
  setPreview(p: PreviewSupport): void;
  setMetrics(m: MetricsSource): void;
}

function sharedState(options: RestServerOptions): SharedState {
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
  return {
    ctx,
    restMetrics: new RestMetrics(),
    setHerder: (h) => (herder = h),
    setPreview: (p) => (preview = p),
    setMetrics: (m) => (metrics = m),
  };
}

function buildListenerApp(options: RestServerOptions, shared: SharedState, role: ListenerRole, tls: RestListenerSpec['tls']): FastifyInstance {
  const base = {
    logger: false,
    bodyLimit: 16 * 1024 * 1024,
    // Kafka allows long connector names; fastify's default caps a path parameter at 100 characters (then 414).
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors,
  };
  const app = (tls ? Fastify({ ...base, https: tls }) : Fastify(base)) as unknown as FastifyInstance;
  const { ctx, restMetrics } = shared;

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
    // 503 while the worker starts is expected (clients retry), not a server fault worth a stack trace.
    if (status === 503) options.log.debug({ method: req.method, url: req.url, message: (err as Error).message }, 'REST request refused: service unavailable');
    else if (status >= 500) options.log.error({ err, method: req.method, url: req.url }, 'REST request failed');
    return reply.code(status).send(errorBody(err));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error_code: 404, message: 'HTTP 404 Not Found' }));

  app.addHook('onResponse', async (req, reply) => {
    restMetrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  if (options.security) installRestSecurity(app, options.security);
  if (role === 'admin') {
    adminLoggerRoutes(app, ctx);
    return app;
  }
  const openapi = new OpenApiCollector();
  openapi.attach(app);
  rootRoutes(app, ctx);
  connectorRoutes(app, ctx);
  connectorPluginRoutes(app, ctx);
  if (role === 'api+admin') adminLoggerRoutes(app, ctx);
  extraRoutes(app, ctx, openapi, options.version ?? '0.0.0', restMetrics);
  return app;
}

const localHost = (host: string) => (host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);
const bracket = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function startRestServer(options: RestServerOptions): Promise<RunningRestServer> {
  const shared = sharedState(options);
  const mains: readonly RestListenerSpec[] = options.listeners ?? [{
    scheme: options.security?.tls ? 'https' : 'http',
    host: options.host ?? '0.0.0.0',
    port: options.port ?? 8083,
    ...(options.security?.tls ? { tls: options.security.tls } : {}),
  }];
  if (mains.length === 0) throw new Error('the REST server needs at least one listener');
  const admins = options.adminListeners ?? [];
  const mainRole: ListenerRole = options.adminListeners === undefined ? 'api+admin' : 'api';
  const apps: FastifyInstance[] = [];
  const close = async () => {
    for (const app of apps) await app.close().catch((err: unknown) => options.log.error({ err }, 'closing a REST listener failed'));
  };
  const listen = async (spec: RestListenerSpec, role: ListenerRole): Promise<BoundListener> => {
    const app = buildListenerApp(options, shared, role, spec.tls);
    apps.push(app);
    const host = spec.host === '' ? '0.0.0.0' : spec.host;
    await app.listen({ host, port: spec.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : spec.port;
    return { scheme: spec.scheme, host, port, url: `${spec.scheme}://${bracket(localHost(host))}:${port}` };
  };
  try {
    const bound: BoundListener[] = [];
    for (const spec of mains) bound.push(await listen(spec, mainRole));
    const boundAdmin: BoundListener[] = [];
    for (const spec of admins) boundAdmin.push(await listen(spec, 'admin'));
    let closed: Promise<void> | undefined;
    const first = bound[0]!;
    return {
      host: first.host,
      port: first.port,
      url: first.url,
      listeners: bound,
      adminListeners: boundAdmin,
      setHerder: shared.setHerder,
      setPreview: shared.setPreview,
      setMetrics: shared.setMetrics,
      close: () => (closed ??= close()),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
