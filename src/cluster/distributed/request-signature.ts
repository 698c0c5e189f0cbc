/**
 * KIP-507 internal request signing, as Kafka Connect's InternalRequestSignature: the sender puts
 * `X-Connect-Authorization: base64(HMAC(sessionKey, rawBody))` and `X-Connect-Request-Signature-Algorithm`
 * (a Java Mac name such as `HmacSHA256`) on internal requests (task configs sent to the leader); the receiver
 * recomputes the HMAC over the exact body bytes with the cluster's current session key. Pure functions.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestError, HerderError } from '../herder-errors.js';

export const SIGNATURE_HEADER = 'X-Connect-Authorization';
export const SIGNATURE_ALGORITHM_HEADER = 'X-Connect-Request-Signature-Algorithm';

/** Java Mac / KeyGenerator names → node digest and the JVM's default key size in bytes. */
const ALGORITHMS: ReadonlyMap<string, { digest: string; keyBytes: number }> = new Map([
  ['HmacSHA1', { digest: 'sha1', keyBytes: 64 }],
  ['HmacSHA224', { digest: 'sha224', keyBytes: 28 }],
  ['HmacSHA256', { digest: 'sha256', keyBytes: 32 }],
  ['HmacSHA384', { digest: 'sha384', keyBytes: 48 }],
  ['HmacSHA512', { digest: 'sha512', keyBytes: 64 }],
]);

export function isSupportedAlgorithm(name: string): boolean {
  return ALGORITHMS.has(name);
}

export const SUPPORTED_ALGORITHMS: readonly string[] = [...ALGORITHMS.keys()];

/** The cluster's shared secret, as read from (or written to) the config topic's `session-key` record. */
export interface SessionKey {
  readonly key: Buffer;
  /** Key algorithm, e.g. HmacSHA256 (`inter.worker.key.generation.algorithm`). */
  readonly algorithm: string;
  readonly creationTimestamp: number;
}

/** A new random key; `keyBits` overrides the algorithm's default size (`inter.worker.key.size`). */
export function generateSessionKey(algorithm: string, now: number, keyBits?: number): SessionKey {
  const a = ALGORITHMS.get(algorithm);
  if (a === undefined) throw new Error(`Unsupported key generation algorithm ${algorithm}; use one of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  return { key: randomBytes(keyBits === undefined ? a.keyBytes : Math.ceil(keyBits / 8)), algorithm, creationTimestamp: now };
}

export function sign(key: Buffer, body: Buffer | string, algorithm: string): Buffer {
  const a = ALGORITHMS.get(algorithm);
  if (a === undefined) throw new Error(`Algorithm ${algorithm} not available`);
  return createHmac(a.digest, key).update(body).digest();
}

/** The two headers a signed internal request carries. */
export function signatureHeaders(key: Buffer, body: Buffer | string, algorithm: string): Record<string, string> {
  return { [SIGNATURE_HEADER]: sign(key, body, algorithm).toString('base64'), [SIGNATURE_ALGORITHM_HEADER]: algorithm };
}

export interface VerifyInput {
  readonly body: Buffer;
  /** Header values as received (undefined when absent). */
  readonly signature: string | undefined;
  readonly algorithm: string | undefined;
  /** `inter.worker.verification.algorithms` */
  readonly permitted: readonly string[];
  /** The current session key; undefined before this worker has read one. */
  readonly sessionKey: Buffer | undefined;
}

/**
 * Throws Kafka Connect's answer for a request that is not properly signed: no signature → 400, an unknown
 * or not permitted algorithm or bad base64 → 400, no session key read yet → 503, wrong signature → 403.
 */
export function verifySignature(input: VerifyInput): void {
  if (input.signature === undefined || input.algorithm === undefined) throw new BadRequestError('Internal request missing required signature');
  if (!isSupportedAlgorithm(input.algorithm)) throw new BadRequestError(`Algorithm ${input.algorithm} not available`);
  if (!input.permitted.includes(input.algorithm)) {
    throw new BadRequestError(
      `This worker does not support the '${input.algorithm}' key signing algorithm used by other workers. ` +
        `This worker is currently configured to use: [${input.permitted.join(', ')}]. ` +
        'Check that all workers\' configuration files permit the same set of signature algorithms, ' +
        'and correct any misconfigured worker and restart it.',
    );
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.signature)) throw new BadRequestError('Illegal base64 character in the request signature');
  if (input.sessionKey === undefined) {
    throw new HerderError(503, 'This worker is still starting up and has not been able to read a session key from the config topic yet', 'TRIB_NO_SESSION_KEY');
  }
  const given = Buffer.from(input.signature, 'base64');
  const expected = sign(input.sessionKey, input.body, input.algorithm);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HerderError(403, 'Internal request contained invalid signature.', 'TRIB_BAD_SIGNATURE');
  }
}
