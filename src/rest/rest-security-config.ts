/**
 * The REST listener's security settings from worker properties (all optional; none = plain HTTP, no auth, no
 * CORS headers):
 *
 * - `listeners=https://host:port`: TLS with a PEM key and certificate chain — `listeners.https.ssl.keystore.location`
 *   (one PEM file with the private key and the certificates; `ssl.keystore.type` must be PEM, the only kind
 *   supported) or inline `listeners.https.ssl.keystore.key` + `…ssl.keystore.certificate.chain`; `…ssl.key.password`
 *   decrypts an encrypted key. Each key falls back to the same key without the `listeners.https.` prefix, as Kafka.
 * - `rest.auth.basic.users.file`: a properties file `user: password` (or `user=password`), one user a line
 *   (Tributary's key; Kafka configures this through a JAAS PropertyFileLoginModule).
 * - `rest.auth.bearer.tokens` (comma list) and/or `rest.auth.bearer.tokens.file` (one token a line).
 * - `access.control.allow.origin` (comma list, `*`), `access.control.allow.methods` (default GET,POST,HEAD).
 */
import { readFile } from 'node:fs/promises';
import { parseProperties } from '../config/properties.js';
import type { RestSecurityOptions } from './rest-security.js';

export interface RestTls {
  readonly key: string;
  readonly cert: string;
  readonly passphrase?: string;
}

export interface RestListenerSecurity extends RestSecurityOptions {
  readonly tls?: RestTls;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

export async function restSecurityFromProps(props: Readonly<Record<string, string>>, https: boolean): Promise<RestListenerSecurity> {
  const out: { -readonly [K in keyof RestListenerSecurity]: RestListenerSecurity[K] } = {};
  if (https) out.tls = await tlsFromProps(props);

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
  return out;
}

async function tlsFromProps(props: Readonly<Record<string, string>>): Promise<RestTls> {
  const get = (key: string) => (props[`listeners.https.${key}`] ?? props[key])?.trim() || undefined;
  const type = (get('ssl.keystore.type') ?? 'PEM').toUpperCase();
  if (type !== 'PEM') throw new Error(`ssl.keystore.type=${type}: the REST listener supports PEM key stores only`);
  const passphrase = get('ssl.key.password');
  const location = get('ssl.keystore.location');
  let key = get('ssl.keystore.key');
  let cert = get('ssl.keystore.certificate.chain');
  if (location !== undefined) {
    const pem = await readFile(location, 'utf8');
    key ??= pem;
    cert ??= pem;
  }
  if (key === undefined || cert === undefined) {
    throw new Error('listeners=https://… needs listeners.https.ssl.keystore.location (a PEM file with key and certificate) or ssl.keystore.key + ssl.keystore.certificate.chain');
  }
  return passphrase === undefined ? { key, cert } : { key, cert, passphrase };
}
