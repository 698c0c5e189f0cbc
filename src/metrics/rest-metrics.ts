/**
 * Metrics of the REST listener itself: requests by method, route template and status, and their latency.
 * Kept in their own registry because the REST server starts before the worker (whose metrics come later);
 * `GET /metrics` serves both expositions.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import type { MetricsSource } from './metrics-source.js';

export class RestMetrics implements MetricsSource {
  readonly #registry = new Registry();
  readonly #requests = new Counter({
    name: 'tributary_rest_requests_total', help: 'REST requests answered', labelNames: ['method', 'route', 'status'], registers: [this.#registry],
  });
  readonly #latency = new Histogram({
    name: 'tributary_rest_request_duration_seconds', help: 'REST request latency', labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60], registers: [this.#registry],
  });

  get contentType(): string {
    return this.#registry.contentType;
  }

  /** `route` is the route template (`/connectors/:name`), or `unmatched`, so label cardinality stays bounded. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.#requests.inc({ method, route, status: String(status) });
    this.#latency.observe({ method, route }, seconds);
  }

  metrics(): Promise<string> {
    return this.#registry.metrics();
  }
}
