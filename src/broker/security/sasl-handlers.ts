import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { Handler } from '../server/request-context.js';
import { AUTHENTICATED } from './sasl-gate.js';
import { authenticatePlain } from './plain-authenticator.js';
import { ScramServerSession, type ScramMechanism } from './scram-server.js';

const MECHANISM = 'sasl.mechanism';
const SCRAM = 'sasl.scram';

/** SaslHandshake: picks the mechanism for this connection. */
const handleSaslHandshake: Handler = async (body: { mechanism: string }, ctx) => {
  const offered = ctx.broker.sasl?.mechanisms ?? [];
  if (!offered.includes(body.mechanism as never)) {
    return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [...offered] };
  }
  ctx.conn.attributes.set(MECHANISM, body.mechanism);
  ctx.conn.attributes.delete(SCRAM);
  return { errorCode: ErrorCode.NONE, mechanisms: [...offered] };
};

/** SaslAuthenticate: runs PLAIN in one step, SCRAM in two; marks the connection authenticated. */
const handleSaslAuthenticate: Handler = async (body: { authBytes: Buffer }, ctx) => {
  const users = ctx.broker.sasl?.users ?? {};
  const mech = ctx.conn.attributes.get(MECHANISM) as string | undefined;
  const failure = (errorCode: number, errorMessage: string) =>
    ({ errorCode, errorMessage, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 });
  if (mech === undefined) return failure(ErrorCode.ILLEGAL_SASL_STATE, 'SaslHandshake must come first');
  if (mech === 'PLAIN') {
    const user = authenticatePlain(body.authBytes, users);
    if (user === null) return failure(ErrorCode.SASL_AUTHENTICATION_FAILED, 'Authentication failed: Invalid username or password');
    ctx.conn.attributes.set(AUTHENTICATED, true);
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
  }
  let session = ctx.conn.attributes.get(SCRAM) as ScramServerSession | undefined;
  if (!session) {
    session = new ScramServerSession(mech as ScramMechanism, users);
    ctx.conn.attributes.set(SCRAM, session);
  }
  try {
    const reply = session.step(body.authBytes);
    if (session.done) ctx.conn.attributes.set(AUTHENTICATED, true);
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: reply, sessionLifetimeMs: 0 };
  } catch (err) {
    return failure(ErrorCode.SASL_AUTHENTICATION_FAILED, (err as Error).message);
  }
};

/** The SASL handlers, added to the table only when the broker has SASL configured. */
export function saslHandlers(): Map<number, Handler> {
  return new Map<number, Handler>([
    [ApiKey.SaslHandshake, handleSaslHandshake],
    [ApiKey.SaslAuthenticate, handleSaslAuthenticate],
  ]);
}
