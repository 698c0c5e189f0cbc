/**
 * `GET /openapi.json`: an OpenAPI 3.0 document built from the schemas the routes declare (params, querystring,
 * body, response) — collected with fastify's `onRoute` hook, so a route without schemas still shows up and
 * the document cannot drift from the validation that actually runs.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

type Json = Record<string, unknown>;

interface RouteDoc {
  readonly method: string;
  readonly url: string;
  readonly schema: Json;
}

export class OpenApiCollector {
  readonly #routes: RouteDoc[] = [];

  /** Call before registering routes. */
  attach(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        if ((route.schema as Json | undefined)?.['hide'] === true) continue;
        this.#routes.push({ method: method.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Json });
      }
    });
  }

  document(info: { title: string; version: string }): Json {
    const paths: Record<string, Record<string, Json>> = {};
    for (const r of this.#routes) {
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      (paths[path] ??= {})[r.method] = operation(r);
    }
    return {
      openapi: '3.0.3',
      info: { ...info, description: 'Kafka Connect–compatible REST API of a Tributary worker, plus Tributary extras (/preview, /metrics, /openapi.json).' },
      paths,
    };
  }
}

function operation(r: RouteDoc): Json {
  const s = r.schema;
  const op: Json = {};
  if (typeof s['summary'] === 'string') op['summary'] = s['summary'];
  if (Array.isArray(s['tags'])) op['tags'] = s['tags'];
  const parameters: Json[] = [];
  addParameters(parameters, s['params'] as Json | undefined, 'path');
  addParameters(parameters, s['querystring'] as Json | undefined, 'query');
  if (parameters.length > 0) op['parameters'] = parameters;
  if (s['body'] !== undefined) {
    op['requestBody'] = { required: true, content: { 'application/json': { schema: toOpenApi(s['body']) } } };
  }
  const responses: Json = {};
  for (const [code, schema] of Object.entries((s['response'] ?? {}) as Record<string, Json>)) {
    const key = code.toUpperCase(); // '4xx' → '4XX' as OpenAPI spells ranges
    const description = typeof schema['description'] === 'string' ? schema['description'] : key.startsWith('2') ? 'OK' : 'Error';
    responses[key] = schema['type'] === 'null'
      ? { description }
      : { description, content: { 'application/json': { schema: toOpenApi(schema) } } };
  }
  if (s['produces'] === 'text' && responses['200'] === undefined) {
    responses['200'] = { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } };
  }
  op['responses'] = Object.keys(responses).length > 0 ? responses : { default: { description: 'Response' } };
  return op;
}

function addParameters(out: Json[], schema: Json | undefined, where: 'path' | 'query'): void {
  const props = (schema?.['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((schema?.['required'] ?? []) as string[]);
  for (const [name, p] of Object.entries(props)) {
    out.push({ name, in: where, required: where === 'path' || required.has(name), schema: toOpenApi(p) });
  }
}

/** JSON Schema (draft 7, as fastify's ajv) → OpenAPI 3.0 schema: type arrays with null become `nullable`. */
export function toOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApi);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'type' && Array.isArray(v)) {
      const types = v.filter((t) => t !== 'null');
      if (types.length < v.length) out['nullable'] = true;
      if (types.length === 1) out['type'] = types[0];
      else out['anyOf'] = types.map((t) => ({ type: t }));
    } else if (k === 'type' && v === 'null') {
      out['nullable'] = true;
    } else {
      out[k] = toOpenApi(v);
    }
  }
  return out;
}
