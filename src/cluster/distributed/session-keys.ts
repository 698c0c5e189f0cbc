/**
 * KIP-507 session keys: the key every worker read last from the config topic, and the leader's duty to
 * distribute a new one when there is none, when it is older than `inter.worker.key.ttl.ms`, or when its
 * algorithm or size differs from this worker's `inter.worker.key.*` settings (Kafka Connect's
 * checkForKeyRotation). Followers keep the expiry too, in case they become leader.
 */
import type { Logger } from '../../api/logger.js';
import type { StoredSessionKey } from '../../storage/config-store.js';
import type { DistributedConfig } from './distributed-config.js';
import { generateSessionKey } from './request-signature.js';

export interface SessionKeyWriter {
  putSessionKey(key: StoredSessionKey): Promise<void>;
}

export class SessionKeys {
  readonly #config: DistributedConfig;
  readonly #writer: SessionKeyWriter;
  readonly #log: Logger;
  #current: StoredSessionKey | undefined;

  constructor(config: DistributedConfig, writer: SessionKeyWriter, initial: StoredSessionKey | undefined, log: Logger) {
    this.#config = config;
    this.#writer = writer;
    this.#current = initial;
    this.#log = log;
  }

  get current(): StoredSessionKey | undefined {
    return this.#current;
  }

  /** A `session-key` record was read. */
  onKey(key: StoredSessionKey): void {
    this.#current = key;
  }

  /** When the current key expires (ms since epoch); undefined without a key; never with a TTL of 0 (as Kafka). */
  get expiresAt(): number | undefined {
    if (this.#current === undefined) return undefined;
    const ttl = this.#config['inter.worker.key.ttl.ms'];
    return ttl > 0 ? this.#current.creationTimestamp + ttl : Number.POSITIVE_INFINITY;
  }

  /** Whether the leader must distribute a new key now. */
  rotationDue(now: number): boolean {
    const key = this.#current;
    if (key === undefined) return true;
    if ((this.expiresAt ?? 0) <= now) return true;
    const wanted = this.#config['inter.worker.key.generation.algorithm'];
    const bits = this.#config['inter.worker.key.size'];
    const size = generateSessionKey(wanted, now, bits ?? undefined).key.length;
    return key.algorithm !== wanted || key.key.length !== size;
  }

  /** Leader only: writes a fresh key when due; resolves true when it wrote one. */
  async rotateIfDue(now: number): Promise<boolean> {
    if (!this.rotationDue(now)) return false;
    const bits = this.#config['inter.worker.key.size'];
    const key = generateSessionKey(this.#config['inter.worker.key.generation.algorithm'], now, bits ?? undefined);
    this.#log.info({ algorithm: key.algorithm, reason: this.#current === undefined ? 'none yet' : 'expired or settings changed' }, 'distributing a new session key');
    await this.#writer.putSessionKey(key);
    this.#current = key;
    return true;
  }
}
