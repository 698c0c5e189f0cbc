// Server side of SASL/SCRAM-SHA-256/512 (RFC 5802, 7677) with plain-text users from the broker options.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

const ITERATIONS = 4096;

interface Credential { salt: Buffer; storedKey: Buffer; serverKey: Buffer }

function algorithm(mech: ScramMechanism): 'sha256' | 'sha512' {
  return mech === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
}

function hmac(alg: string, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(alg, key).update(data).digest();
}

/** Salted credentials derived once per (user, mechanism). */
function credentialFor(mech: ScramMechanism, password: string, salt: Buffer): Credential {
  const alg = algorithm(mech);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, alg === 'sha256' ? 32 : 64, alg);
  const clientKey = hmac(alg, salted, 'Client Key');
  return { salt, storedKey: createHash(alg).update(clientKey).digest(), serverKey: hmac(alg, salted, 'Server Key') };
}

function attributes(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function saslName(s: string): string {
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** One SCRAM exchange: step() takes each client message and returns the server's reply. */
export class ScramServerSession {
  #state: 'first' | 'final' | 'done' = 'first';
  #clientFirstBare = '';
  #serverFirst = '';
  #nonce = '';
  #cred: Credential | undefined;
  #user = '';

  constructor(private readonly mech: ScramMechanism, private readonly users: Readonly<Record<string, string>>) {}

  get username(): string {
    return this.#user;
  }

  /** Returns the reply, or throws an Error whose message is safe to send back. */
  step(message: Buffer): Buffer {
    const text = message.toString('utf8');
    if (this.#state === 'first') {
      // gs2 header "n,," (no channel binding; an authzid is ignored), then the bare message.
      const parts = text.split(',');
      if (parts.length < 4 || (parts[0] !== 'n' && parts[0] !== 'y')) throw new Error('invalid SCRAM client-first message');
      this.#clientFirstBare = parts.slice(2).join(',');
      const attrs = attributes(this.#clientFirstBare);
      const user = saslName(attrs.get('n') ?? '');
      const clientNonce = attrs.get('r');
      if (!clientNonce) throw new Error('invalid SCRAM client-first message');
      const password = this.users[user];
      this.#user = user;
      // An unknown user still gets a server-first message; the proof check then fails.
      this.#cred = credentialFor(this.mech, password ?? randomBytes(16).toString('hex'), randomBytes(16));
      this.#nonce = clientNonce + randomBytes(18).toString('base64');
      this.#serverFirst = `r=${this.#nonce},s=${this.#cred.salt.toString('base64')},i=${ITERATIONS}`;
      this.#state = 'final';
      if (password === undefined) this.#user = '';
      return Buffer.from(this.#serverFirst);
    }
    if (this.#state === 'final') {
      this.#state = 'done';
      const attrs = attributes(text);
      const proof = attrs.get('p');
      // endsWith, as Kafka checks it: librdkafka 2.0 sends its client nonce again in front of ours.
      if (!(attrs.get('r') ?? '').endsWith(this.#nonce) || !proof) throw new Error('Authentication failed: invalid SCRAM nonce or proof');
      const withoutProof = text.slice(0, text.lastIndexOf(',p='));
      const authMessage = `${this.#clientFirstBare},${this.#serverFirst},${withoutProof}`;
      const alg = algorithm(this.mech);
      const cred = this.#cred!;
      const signature = hmac(alg, cred.storedKey, authMessage);
      const given = Buffer.from(proof, 'base64');
      if (given.length !== signature.length || this.#user === '') throw new Error('Authentication failed: invalid credentials');
      const clientKey = Buffer.alloc(given.length);
      for (let i = 0; i < given.length; i++) clientKey[i] = given[i]! ^ signature[i]!;
      const stored = createHash(alg).update(clientKey).digest();
      if (!timingSafeEqual(stored, cred.storedKey)) throw new Error('Authentication failed: invalid credentials');
      return Buffer.from(`v=${hmac(alg, cred.serverKey, authMessage).toString('base64')}`);
    }
    throw new Error('SCRAM exchange already finished');
  }

  get done(): boolean {
    return this.#state === 'done';
  }
}
