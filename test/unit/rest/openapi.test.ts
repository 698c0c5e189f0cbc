import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OpenApiCollector, toOpenApi } from '../../../src/rest/openapi.js';
import '../../../src/rest/schemas.js';

describe('OpenAPI generation', () => {
  it('turns JSON Schema null unions into nullable', () => {
    expect(toOpenApi({ type: ['integer', 'null'] })).toEqual({ type: 'integer', nullable: true });
    expect(toOpenApi({ type: 'object', properties: { a: { type: ['string', 'number'] } } }))
      .toEqual({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }, { type: 'number' }] } } });
  });

  it('documents routes from their schemas: path params, query, body, responses; hidden routes are left out', async () => {
    const app = Fastify();
    const collector = new OpenApiCollector();
    collector.attach(app);
    app.put('/things/:name', {
      schema: {
        summary: 'Put a thing', tags: ['t'],
        params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        querystring: { type: 'object', properties: { force: { type: 'string' } } },
        body: { type: 'object' },
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, 204: { type: 'null', description: 'No content' }, '4xx': { type: 'object' } },
      },
    }, async () => ({ ok: true }));
    app.get('/secret', { schema: { hide: true } }, async () => 'x');
    app.get('/text', { schema: { produces: 'text' } }, async () => 'x');
    await app.ready();
    const doc = collector.document({ title: 't', version: '1' }) as any;
    expect(Object.keys(doc.paths).sort()).toEqual(['/text', '/things/{name}']);
    const op = doc.paths['/things/{name}'].put;
    expect(op.summary).toBe('Put a thing');
    expect(op.parameters).toEqual([
      { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'force', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(op.requestBody.content['application/json'].schema).toEqual({ type: 'object' });
    expect(op.responses['200'].content['application/json'].schema.properties.ok).toEqual({ type: 'boolean' });
    expect(op.responses['204']).toEqual({ description: 'No content' });
    expect(op.responses['4XX'].description).toBe('Error');
    expect(doc.paths['/text'].get.responses['200'].content['text/plain']).toBeDefined();
    await app.close();
  });
});
