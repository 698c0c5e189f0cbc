/**
 * The worker commands' REST start-up, shared by standalone and distributed: listeners (main and admin, with
 * their TLS) and auth/CORS from the worker properties, the --rest-host/--rest-port override, and the
 * advertised URL that names the worker (`worker_id`) and that other workers forward requests to.
 */
import type { Logger as PinoLogger } from 'pino';
import { buildInfo } from './cluster/build-info.js';
import { restSecurityFromProps } from './rest/rest-security-config.js';
import { advertisedRestUrl, restListenersFromProps } from './rest/rest-security-listeners.js';
import { startRestServer, type RunningRestServer } from './rest/rest-server.js';

export interface WorkerRest {
  readonly rest: RunningRestServer;
  /** e.g. http://10.0.0.5:8083 (no trailing slash). */
  readonly advertisedUrl: string;
  /** `host:port` of the advertised URL, as Kafka's worker id. */
  readonly workerId: string;
}

export async function startWorkerRest(
  props: Readonly<Record<string, string>>,
  override: { readonly host?: string | undefined; readonly port?: number | undefined },
  log: PinoLogger,
): Promise<WorkerRest> {
  const plan = await restListenersFromProps(props, override);
  const security = await restSecurityFromProps(props, false);
  const flag = (key: string) => (props[key] ?? 'true').trim().toLowerCase() !== 'false';
  const rest = await startRestServer({
    log,
    listeners: plan.listeners,
    ...(plan.adminListeners !== undefined ? { adminListeners: plan.adminListeners } : {}),
    security,
    version: buildInfo().version,
    topicTracking: { enable: flag('topic.tracking.enable'), allowReset: flag('topic.tracking.allow.reset') },
  });
  let advertised: ReturnType<typeof advertisedRestUrl>;
  try {
    advertised = advertisedRestUrl(props, rest.listeners);
  } catch (err) {
    await rest.close(); // a bad rest.advertised.* must not leave the listeners open (the process would not exit)
    throw err;
  }
  return { rest, advertisedUrl: advertised.url, workerId: `${advertised.host}:${advertised.port}` };
}
