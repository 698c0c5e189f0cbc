import { ApiKey } from '../protocol/api-keys.js';
import type { Connection } from '../net/connection.js';

export const AUTHENTICATED = 'sasl.authenticated';

/** With SASL on, only ApiVersions and the SASL APIs may precede a successful authentication. */
export function saslGate(conn: Connection, apiKey: number): boolean {
  if (conn.attributes.get(AUTHENTICATED) === true) return true;
  return apiKey === ApiKey.ApiVersions || apiKey === ApiKey.SaslHandshake || apiKey === ApiKey.SaslAuthenticate;
}
