/**
 * Optional REST security (all off by default): HTTP basic auth and/or bearer tokens checked on every request,
 * and CORS (Kafka's `access.control.allow.origin` / `access.control.allow.methods`, as Jetty's
 * CrossOriginFilter: the request's origin is echoed when allowed; preflights are answered before auth).
 * TLS is the server's own option (rest-server.ts). Credentials are compared in constant time.
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

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
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
    if (!authOn) return;
    if (authorized(req.headers.authorization, users, tokens)) return;
    const schemes = [users.size > 0 ? 'Basic realm="tributary"' : '', tokens.size > 0 ? 'Bearer realm="tributary"' : ''].filter((s) => s !== '');
    return reply.code(401).header('WWW-Authenticate', schemes.join(', ')).send({ error_code: 401, message: 'Unauthorized: valid credentials are required' });
  });
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

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
