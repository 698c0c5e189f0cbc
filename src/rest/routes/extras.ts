/**
 * Tributary extras (not in Kafka Connect): `POST /preview` (run sample records through converters and SMTs,
 * see record-preview.ts), `GET /metrics` (Prometheus) and `GET /openapi.json`.
 */
import type { FastifyInstance } from 'fastify';
import { BadRequestError, HerderError } from '../../cluster/herder-errors.js';
import type { MetricsSource } from '../../metrics/metrics-source.js';
import type { OpenApiCollector } from '../openapi.js';
import { previewRecords, type PreviewInputRecord } from '../record-preview.js';
import type { RouteContext } from '../route-context.js';
import { S } from '../schemas.js';
import { stringConfig } from './string-config.js';

const tags = ['tributary'];
const record = {
  type: 'object',
  properties: {
    topic: { type: 'string' }, partition: { type: 'integer' }, offset: { type: 'integer' }, timestamp: { type: ['integer', 'null'] },
    key: {}, value: {}, headers: { type: 'object' },
  },
} as const;
const stage = {
  type: 'object',
  properties: {
    stage: { type: 'string' }, class: { type: 'string' }, record: {},
    error: { type: 'object', properties: { class: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

export function extraRoutes(app: FastifyInstance, ctx: RouteContext, openapi: OpenApiCollector, version: string, rest: MetricsSource): void {
  app.post('/preview', {
    schema: {
      summary: 'Run sample records through a connector-like config\'s converters and SMTs; each stage\'s output or error',
      tags,
      body: {
        type: 'object',
        required: ['config', 'records'],
        properties: {
          config: { type: 'object' },
          direction: { type: 'string', enum: ['sink', 'source'] },
          records: { type: 'array', items: record, maxItems: 1000 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: { records: { type: 'array', items: { type: 'object', properties: { stages: { type: 'array', items: stage }, output: {}, failed: { type: 'boolean' } } } } },
        },
        '4xx': S.error,
      },
    },
  }, async (req) => {
    const body = req.body as { config: unknown; direction?: 'sink' | 'source'; records: PreviewInputRecord[] };
    const config = stringConfig(body.config, 'the preview config');
    const support = ctx.preview;
    if (body.records.length === 0) throw new BadRequestError('"records" is empty: give at least one sample record');
    return previewRecords({ config, records: body.records, ...(body.direction ? { direction: body.direction } : {}) }, support.plugins, support.workerConfig);
  });

  app.get('/metrics', {
    schema: { summary: 'Prometheus exposition: connector/task states and per-task counters', tags, produces: 'text' },
  }, async (_req, reply) => {
    const m = ctx.metrics;
    if (m === undefined) throw new HerderError(503, 'Metrics are not available yet; the worker is still starting', 'TRIB_STARTING');
    return reply.type(m.contentType).send((await m.metrics()) + (await rest.metrics()));
  });

  app.get('/openapi.json', { schema: { summary: 'This document', tags, hide: true } }, async () => openapi.document({ title: 'Tributary REST API', version }));
}
