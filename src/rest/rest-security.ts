/**
 * Optional REST security (all off by default): HTTP basic auth and/or bearer tokens checked on every request,
 * CORS (Kafka's `access.control.allow.origin` / `access.control.allow.methods`, as Jetty's
 * CrossOriginFilter: the request's origin is echoed when allowed; preflights are answered before auth), and
 * extra response headers (Kafka's `response.http.headers.config`, KIP-577, e.g. HSTS or X-Frame-Options).
 * TLS is the server's own option (rest-server.ts). Credentials are compared in constant time. Internal
 * worker-to-worker requests are exempt from auth, as in Kafka (isInternalRequest).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface CorsOptions {
  /** Origins, `*` or patterns with `*` (e.g. `https://*.example.com`). */
  readonly origins: readonly string[];
  /** Default GET,POST,HEAD (Jetty's). */
  readonly methods: readonly string[];
}

export interface RestSecurityOptions {
  /** user → password (basic auth); undefined or empty = basic auth off. */
  readonly basicUsers?: ReadonlyMap<string, string>;
  /** Accepted `Authorization: Bearer <token>` tokens; undefined or empty = off. */
  readonly bearerTokens?: ReadonlySet<string>;
  readonly cors?: CorsOptions;
  /** Headers added to every response (parseResponseHeaders). */
  readonly responseHeaders?: readonly ResponseHeaderRule[];
}

/** One `response.http.headers.config` entry: `set|add|setDate|addDate Name: value`. */
export interface ResponseHeaderRule {
  readonly action: 'set' | 'add' | 'setDate' | 'addDate';
  readonly name: string;
  /** The value; for the date actions, milliseconds added to now. */
  readonly value: string;
}

const DEFAULT_ALLOWED_HEADERS = 'X-Requested-With,Content-Type,Accept,Origin,Authorization';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function installRestSecurity(app: FastifyInstance, options: RestSecurityOptions): void {
  const cors = options.cors;
  const originMatchers = (cors?.origins ?? []).map((o) => (o === '*' ? /^.*$/ : new RegExp(`^${o.split('*').map(escapeRegex).join('.*')}$`)));
  const users = options.basicUsers ?? new Map<string, string>();
  const tokens = options.bearerTokens ?? new Set<string>();
  const authOn = users.size > 0 || tokens.size > 0;

  const rules = options.responseHeaders ?? [];
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    for (const rule of rules) applyHeaderRule(reply, rule);
    const origin = req.headers.origin;
    if (cors !== undefined && typeof origin === 'string' && originMatchers.some((m) => m.test(origin))) {
      reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        return reply.code(204)
          .header('Access-Control-Allow-Methods', cors.methods.join(','))
          .header('Access-Control-Allow-Headers', DEFAULT_ALLOWED_HEADERS)
          .header('Access-Control-Max-Age', '1800')
          .send();
      }
    }
    if (!authOn || isInternalRequest(req.method, req.url)) return;
    if (authorized(req.headers.authorization, users, tokens)) return;
    const schemes = [users.size > 0 ? 'Basic realm="tributary"' : '', tokens.size > 0 ? 'Bearer realm="tributary"' : ''].filter((s) => s !== '');
    return reply.code(401).header('WWW-Authenticate', schemes.join(', ')).send({ error_code: 401, message: 'Unauthorized: valid credentials are required' });
  });
}

/**
 * Worker-to-worker requests skip auth, as Kafka's JaasBasicAuthFilter lets them through: workers send no user
 * credentials, and the herder checks the request signature (KIP-507) instead. Kafka's two: a follower's task
 * configs for the leader (`POST /connectors/{name}/tasks`) and zombie fencing (`PUT /connectors/{name}/fence`).
 */
const INTERNAL_REQUESTS: ReadonlyArray<{ readonly method: string; readonly path: RegExp }> = [
  { method: 'POST', path: /^\/?connectors\/[^/]+\/tasks\/?$/ },
  { method: 'PUT', path: /^\/?connectors\/[^/]+\/fence\/?$/ },
];

function isInternalRequest(method: string, url: string): boolean {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return INTERNAL_REQUESTS.some((r) => r.method === method && r.path.test(path));
}

function authorized(header: string | undefined, users: ReadonlyMap<string, string>, tokens: ReadonlySet<string>): boolean {
  if (header === undefined) return false;
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const credential = header.slice(space + 1).trim();
  if (scheme === 'bearer' && tokens.size > 0) {
    let ok = false;
    for (const t of tokens) ok = sameSecret(t, credential) || ok; // no early exit: time does not tell which token
    return ok;
  }
  if (scheme === 'basic' && users.size > 0) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const expected = users.get(decoded.slice(0, colon));
    // compare against something even for an unknown user, so timing does not reveal which users exist
    return sameSecret(expected ?? '\u0000unknown', decoded.slice(colon + 1)) && expected !== undefined;
  }
  return false;
}

/** Jetty HeaderFilter's actions: set replaces, add appends; the date forms send now + value ms as an HTTP date. */
function applyHeaderRule(reply: FastifyReply, rule: ResponseHeaderRule): void {
  const dated = rule.action === 'setDate' || rule.action === 'addDate';
  const value = dated ? new Date(Date.now() + Number(rule.value)).toUTCString() : rule.value;
  const existing = reply.getHeader(rule.name);
  if ((rule.action === 'add' || rule.action === 'addDate') && existing !== undefined) {
    reply.header(rule.name, [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
  } else {
    reply.header(rule.name, value);
  }
}

/**
 * Kafka's `response.http.headers.config`: a comma list (entries may be double-quoted, so values can hold
 * commas) of `[action] [header name]:[header value]`, validated as Kafka's RestServerConfig does.
 */
export function parseResponseHeaders(config: string): ResponseHeaderRule[] {
  const out: ResponseHeaderRule[] = [];
  for (const entry of splitQuotedCsv(config)) {
    const [action, rest] = splitOnce(entry.trim(), /\s+/);
    if (rest === undefined) throw new Error(`response.http.headers.config: invalid entry '${entry}'; expected '[action] [header name]:[header value]'`);
    const act = (['set', 'add', 'setDate', 'addDate'] as const).find((a) => a.toLowerCase() === action.toLowerCase());
    if (act === undefined) throw new Error(`response.http.headers.config: invalid action '${action}' in '${entry}'; expected set, add, setDate or addDate`);
    const parts = rest.trim().split(':');
    if (parts.length !== 2) throw new Error(`response.http.headers.config: invalid header '${rest}' in '${entry}'; expected '[header name]:[header value]'`);
    const name = parts[0]!.trim();
    if (name === '' || /\s/.test(name)) throw new Error(`response.http.headers.config: invalid header name '${name}'; it cannot contain whitespace`);
    const value = parts[1]!.trim();
    if ((act === 'setDate' || act === 'addDate') && !/^-?\d+$/.test(value)) throw new Error(`response.http.headers.config: ${act} needs milliseconds, got '${value}'`);
    out.push({ action: act, name, value });
  }
  return out;
}

function splitOnce(s: string, sep: RegExp): [string, string | undefined] {
  const m = sep.exec(s);
  return m === null ? [s, undefined] : [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

/** `a, "b, c", d` → ['a', 'b, c', 'd'] (blank entries dropped). */
function splitQuotedCsv(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((e) => e.trim()).filter((e) => e !== '');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
