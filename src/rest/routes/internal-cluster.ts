/**
 * Kafka Connect's inter-worker endpoint `POST /connectors/{name}/tasks` (InternalClusterResource): a worker
 * running a connector sends its new task configs (a JSON list of string maps) to the leader, which writes
 * them. The signature (KIP-507) covers the exact body bytes, so this route reads the body raw in its own
 * encapsulated context instead of through the server's JSON parser. Hidden from /openapi.json.
 */
import type { FastifyInstance } from 'fastify';
import { handlesInternalRequests } from '../../cluster/distributed/internal-request-handler.js';
import { SIGNATURE_ALGORITHM_HEADER, SIGNATURE_HEADER } from '../../cluster/distributed/request-signature.js';
import { BadRequestError, HerderError } from '../../cluster/herder-errors.js';
import type { RouteContext } from '../route-context.js';

type Req = { Params: { name: string }; Querystring: { forward?: string } };

export function internalClusterRoutes(app: FastifyInstance, ctx: RouteContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post<Req>('/connectors/:name/tasks', { schema: { hide: true } }, async (req, reply) => {
      const herder = ctx.herder;
      if (!handlesInternalRequests(herder)) throw new HerderError(404, 'HTTP 404 Not Found', 'TRIB_NOT_FOUND');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const forward = req.query.forward === undefined ? undefined : req.query.forward === 'true';
      await ctx.call(herder.putTaskConfigs(req.params.name, taskConfigsOf(body), {
        body, forward, signature: header(req.headers[SIGNATURE_HEADER.toLowerCase()]), algorithm: header(req.headers[SIGNATURE_ALGORITHM_HEADER.toLowerCase()]),
      }));
      return reply.code(204).send();
    });
  });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function taskConfigsOf(body: Buffer): Array<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`Request body is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new BadRequestError('Expected a JSON list of task configs');
  return parsed.map((c, i) => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new BadRequestError(`Task config ${i} is not a JSON object`);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
      if (typeof v !== 'string') throw new BadRequestError(`Task config ${i}: value of ${k} must be a string`);
      out[k] = v;
    }
    return out;
  });
}
