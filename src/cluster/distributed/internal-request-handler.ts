/**
 * What the internal REST endpoints (`src/rest/routes/internal-cluster.ts`) ask of a distributed herder —
 * Kafka Connect's inter-worker requests, which carry a signature over the exact body bytes (KIP-507).
 * Standalone herders do not implement it; the endpoints then answer 404.
 */
export interface InternalRequest {
  /** The request body exactly as received (the signature covers these bytes). */
  readonly body: Buffer;
  /** `X-Connect-Authorization` */
  readonly signature: string | undefined;
  /** `X-Connect-Request-Signature-Algorithm` */
  readonly algorithm: string | undefined;
  /** The hidden `forward` query parameter: undefined on the first hop. */
  readonly forward: boolean | undefined;
}

export interface InternalRequestHandler {
  /** `POST /connectors/{name}/tasks`: a connector's new task configs, sent to the leader to write. */
  putTaskConfigs(name: string, configs: Array<Record<string, string>>, request: InternalRequest): Promise<void>;
}

export function handlesInternalRequests(herder: unknown): herder is InternalRequestHandler {
  return typeof (herder as Partial<InternalRequestHandler> | null)?.putTaskConfigs === 'function';
}
