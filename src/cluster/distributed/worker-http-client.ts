/**
 * One HTTP(S) request from this worker to another worker's REST API. node:http/https rather than fetch so an
 * https listener signed by a private CA (or demanding a client certificate) can be reached with the worker's
 * own trust and key stores, as Kafka Connect's RestClient does with `listeners.https.ssl.*`.
 */
import http from 'node:http';
import https from 'node:https';

/** TLS options for calling other workers (built from worker properties by the REST layer). */
export interface WorkerClientTls {
  readonly ca?: string[];
  readonly key?: string;
  readonly cert?: string;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  /** Set (to a no-op) when `ssl.endpoint.identification.algorithm` is empty: host names are not checked. */
  readonly checkServerIdentity?: () => undefined;
}

export interface WorkerHttpRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly tls?: WorkerClientTls;
}

export function workerHttpRequest(url: URL, req: WorkerHttpRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const options = { method: req.method, headers, timeout: req.timeoutMs };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const request = url.protocol === 'https:'
      ? https.request(url, { ...options, ...(req.tls ?? {}) }, onResponse)
      : http.request(url, options, onResponse);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(req.body);
  });
}
