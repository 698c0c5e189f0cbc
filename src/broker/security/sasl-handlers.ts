import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { Connection } from '../net/connection.js';
import type { Handler } from '../server/request-context.js';
import type { SaslOptions } from './sasl-options.js';
import { AUTHENTICATED } from './sasl-gate.js';
import { authenticatePlain } from './plain-authenticator.js';
import { ScramServerSession, type ScramMechanism } from './scram-server.js';

const MECHANISM = 'sasl.mechanism';
const SCRAM = 'sasl.scram';
/** Set after SaslHandshake v0: the following frames are bare SASL tokens, not Kafka requests. */
export const RAW_TOKENS = 'sasl.raw';

type StepResult = { reply: Buffer } | { error: string };

/** One SASL step for the connection's mechanism; marks the connection authenticated when done. */
function authenticateStep(conn: Connection, sasl: SaslOptions | undefined, token: Buffer): StepResult {
  const users = sasl?.users ?? {};
  const mech = conn.attributes.get(MECHANISM) as string | undefined;
  if (mech === undefined) return { error: 'SaslHandshake must come first' };
  if (mech === 'PLAIN') {
    if (authenticatePlain(token, users) === null) return { error: 'Authentication failed: Invalid username or password' };
    conn.attributes.set(AUTHENTICATED, true);
    return { reply: Buffer.alloc(0) };
  }
  let session = conn.attributes.get(SCRAM) as ScramServerSession | undefined;
  if (!session) {
    session = new ScramServerSession(mech as ScramMechanism, users);
    conn.attributes.set(SCRAM, session);
  }
  try {
    const reply = session.step(token);
    if (session.done) conn.attributes.set(AUTHENTICATED, true);
    return { reply };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * A bare token after SaslHandshake v0 (kafka-python does this): the reply goes back as a bare
 * size-prefixed token; a failure is answered by closing the connection, as Kafka does.
 */
export function handleRawSaslToken(conn: Connection, sasl: SaslOptions | undefined, token: Buffer): Buffer | { error: string } {
  const res = authenticateStep(conn, sasl, token);
  if ('error' in res) return res;
  if (conn.attributes.get(AUTHENTICATED) === true) conn.attributes.delete(RAW_TOKENS);
  const out = Buffer.alloc(4 + res.reply.length);
  out.writeInt32BE(res.reply.length, 0);
  res.reply.copy(out, 4);
  return out;
}

/** SaslHandshake: picks the mechanism for this connection (v0: raw tokens follow). */
const handleSaslHandshake: Handler = async (body: { mechanism: string }, ctx) => {
  const offered = ctx.conn.sasl?.mechanisms ?? [];
  if (!offered.includes(body.mechanism as never)) {
    return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [...offered] };
  }
  ctx.conn.attributes.set(MECHANISM, body.mechanism);
  ctx.conn.attributes.delete(SCRAM);
  if (ctx.apiVersion === 0) ctx.conn.attributes.set(RAW_TOKENS, true);
  return { errorCode: ErrorCode.NONE, mechanisms: [...offered] };
};

/** SaslAuthenticate: runs PLAIN in one step, SCRAM in two. */
const handleSaslAuthenticate: Handler = async (body: { authBytes: Buffer }, ctx) => {
  const res = authenticateStep(ctx.conn, ctx.conn.sasl, body.authBytes);
  if ('error' in res) {
    const code = ctx.conn.attributes.has(MECHANISM) ? ErrorCode.SASL_AUTHENTICATION_FAILED : ErrorCode.ILLEGAL_SASL_STATE;
    return { errorCode: code, errorMessage: res.error, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: res.reply, sessionLifetimeMs: 0 };
};

/** The SASL handlers, added to the table only when some listener has SASL configured. */
export function saslHandlers(): Map<number, Handler> {
  return new Map<number, Handler>([
    [ApiKey.SaslHandshake, handleSaslHandshake],
    [ApiKey.SaslAuthenticate, handleSaslAuthenticate],
  ]);
}
