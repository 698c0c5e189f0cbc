/** What `GET /metrics` serves: a Prometheus exposition and its content type. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}
