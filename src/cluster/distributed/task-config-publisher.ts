/**
 * Task configs go through the leader, as in Kafka Connect: the worker running a connector asks it for
 * `taskConfigs()`; the leader writes them to the config topic itself, any other worker POSTs them to the
 * leader's internal `POST /connectors/{name}/tasks` (body = the list of task config maps), signed with the
 * session key when it has one. The POST runs outside the herder's queue (it may wait for a rebalance on the
 * leader's side) and is retried with backoff while this worker still runs the connector.
 */
import type { Logger } from '../../api/logger.js';
import type { ConnectorProps } from '../../storage/config-store.js';
import { enc, forwardRequest } from './rest-forwarder.js';
import type { WorkerClientTls } from './worker-http-client.js';
import { signatureHeaders } from './request-signature.js';

export interface TaskConfigPublisherDeps {
  isLeader(): boolean;
  /** '' while unknown. */
  leaderUrl(): string;
  sessionKey(): Buffer | undefined;
  readonly signatureAlgorithm: string;
  /** TLS for an https leader. */
  readonly tls?: WorkerClientTls;
  /** The leader's write (task records, then the commit). */
  write(name: string, configs: readonly ConnectorProps[]): Promise<void>;
  /** Whether this worker still runs the connector (else a pending send is dropped). */
  owns(name: string): boolean;
  /** Whether the configs still need writing (a retry stops once they are committed or the connector is STOPPED). */
  needed(name: string, configs: readonly ConnectorProps[]): boolean;
  stopping(): boolean;
  readonly log: Logger;
}

const INITIAL_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

export class TaskConfigPublisher {
  readonly #d: TaskConfigPublisherDeps;
  /** connector → the latest send's id; an older send stops retrying. */
  readonly #latest = new Map<string, number>();
  #seq = 0;

  constructor(deps: TaskConfigPublisherDeps) {
    this.#d = deps;
  }

  /** Leader: writes now. Others: sends to the leader in the background (resolves at once). */
  async publish(name: string, configs: readonly ConnectorProps[]): Promise<void> {
    if (this.#d.isLeader()) {
      await this.#d.write(name, configs);
      return;
    }
    const id = ++this.#seq;
    this.#latest.set(name, id);
    void this.#sendWithRetry(name, configs, id);
  }

  /** Sends task configs to the leader (also used to pass on an internal request this worker cannot serve). */
  async sendToLeader(name: string, configs: readonly ConnectorProps[], forward = true): Promise<void> {
    const leader = this.#d.leaderUrl();
    if (leader === '') throw new Error('the leader\'s URL is not known yet (rebalance under way)');
    const key = this.#d.sessionKey();
    const algorithm = this.#d.signatureAlgorithm;
    await forwardRequest(leader, 'POST', `connectors/${enc(name)}/tasks`, configs, {
      forward,
      ...(this.#d.tls ? { tls: this.#d.tls } : {}),
      ...(key === undefined ? {} : { sign: (text: string) => signatureHeaders(key, text, algorithm) }),
    });
  }

  async #sendWithRetry(name: string, configs: readonly ConnectorProps[], id: number): Promise<void> {
    let backoff = INITIAL_BACKOFF_MS;
    for (;;) {
      if (this.#d.stopping() || this.#latest.get(name) !== id || !this.#d.owns(name) || !this.#d.needed(name, configs)) return;
      try {
        if (this.#d.isLeader()) await this.#d.write(name, configs);
        else await this.sendToLeader(name, configs);
        if (this.#latest.get(name) === id) this.#latest.delete(name);
        return;
      } catch (err) {
        this.#d.log.warn({ connector: name, err, retryInMs: backoff }, 'sending task configs to the leader failed; retrying');
      }
      await new Promise((r) => setTimeout(r, backoff).unref());
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
