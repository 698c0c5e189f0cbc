/**
 * The REST listener's security settings from worker properties (all optional; none = plain HTTP, no auth, no
 * CORS headers):
 *
 * - `listeners=https://host:port`: TLS from `listeners.https.ssl.*` (else `ssl.*`): PKCS12 or PEM key store,
 *   optional trust store and `ssl.client.auth` — see rest-security-keystore.ts. Which listeners exist, and the
 *   separate admin listeners, is rest-security-listeners.ts.
 * - `rest.auth.basic.users.file`: a properties file `user: password` (or `user=password`), one user a line
 *   (Tributary's key; Kafka configures this through a JAAS PropertyFileLoginModule).
 * - `rest.auth.bearer.tokens` (comma list) and/or `rest.auth.bearer.tokens.file` (one token a line).
 * - `access.control.allow.origin` (comma list, `*`), `access.control.allow.methods` (default GET,POST,HEAD).
 * - `response.http.headers.config`: headers added to every response (KIP-577).
 */
import { readFile } from 'node:fs/promises';
import { parseProperties } from '../config/properties.js';
import { tlsFromProps, type RestTls } from './rest-security-keystore.js';
import { parseResponseHeaders, type RestSecurityOptions } from './rest-security.js';

export type { RestTls } from './rest-security-keystore.js';

export interface RestListenerSecurity extends RestSecurityOptions {
  readonly tls?: RestTls;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Auth and CORS (every listener), plus `tls` from `listeners.https.*` when `https` (a single-listener server). */
export async function restSecurityFromProps(props: Readonly<Record<string, string>>, https: boolean): Promise<RestListenerSecurity> {
  const out: { -readonly [K in keyof RestListenerSecurity]: RestListenerSecurity[K] } = {};
  if (https) out.tls = await tlsFromProps(props, 'listeners.https.');

  const usersFile = props['rest.auth.basic.users.file']?.trim();
  if (usersFile) {
    const users = parseProperties(await readFile(usersFile, 'utf8'));
    out.basicUsers = new Map(Object.entries(users).map(([u, p]) => [u, p.split(',')[0]!.trim()]));
    if (out.basicUsers.size === 0) throw new Error(`rest.auth.basic.users.file: no users in ${usersFile}`);
  }
  const tokens = new Set(list(props['rest.auth.bearer.tokens']));
  const tokensFile = props['rest.auth.bearer.tokens.file']?.trim();
  if (tokensFile) {
    for (const line of (await readFile(tokensFile, 'utf8')).split(/\r?\n/)) if (line.trim() !== '' && !line.startsWith('#')) tokens.add(line.trim());
  }
  if (tokens.size > 0) out.bearerTokens = tokens;

  const origins = list(props['access.control.allow.origin']);
  if (origins.length > 0) {
    const methods = list(props['access.control.allow.methods']);
    out.cors = { origins, methods: methods.length > 0 ? methods : ['GET', 'POST', 'HEAD'] };
  }
  const headers = parseResponseHeaders(props['response.http.headers.config'] ?? '');
  if (headers.length > 0) out.responseHeaders = headers;
  return out;
}
