/**
 * An https listener's TLS settings from Kafka's SSL keys, read all or nothing under a prefix
 * (`listeners.https.` or `admin.listeners.https.`, else the bare `ssl.*` keys — Kafka's
 * `valuesWithPrefixAllOrNothing`), turned into Node's TLS server options:
 *
 * - key store `ssl.keystore.type` PKCS12 (`pfx` + `ssl.keystore.password`) or PEM (`ssl.keystore.location`
 *   to one PEM file with key and chain, or inline `ssl.keystore.key` + `ssl.keystore.certificate.chain`;
 *   `ssl.key.password` for an encrypted key). Unset type: guessed from the file (Kafka's default is JKS).
 * - trust store (client certificates) `ssl.truststore.type` PEM (`ssl.truststore.location` or inline
 *   `ssl.truststore.certificates`) or PKCS12 (`ssl.truststore.password`); without one, Node's root CAs.
 * - `ssl.client.auth` none | requested | required; `ssl.enabled.protocols` → the allowed TLS versions.
 * - JKS stores cannot be read by Node: they are refused with the keytool command that converts them.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext as tlsContext, type SecureVersion } from 'node:tls';
import { pkcs12Certificates } from './rest-security-pkcs12.js';
import type { WorkerClientTls } from '../cluster/distributed/worker-http-client.js';

/** Options for Node's https.createServer. */
export interface RestTls {
  readonly key?: string;
  readonly cert?: string;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  readonly ca?: string[];
  readonly requestCert?: boolean;
  readonly rejectUnauthorized?: boolean;
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
}

type StoreType = 'PEM' | 'PKCS12' | 'JKS';

const JKS_MAGIC = 0xfeedfeed;
const VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The SSL keys that apply to a listener: prefixed ones if any key has the prefix, else the bare ones. */
export function sslSettings(props: Readonly<Record<string, string>>, prefix: string): (key: string) => string | undefined {
  const prefixed = Object.keys(props).some((k) => k.startsWith(prefix));
  return (key) => (prefixed ? props[prefix + key] : props[key])?.trim() || undefined;
}

export async function tlsFromProps(props: Readonly<Record<string, string>>, prefix = 'listeners.https.'): Promise<RestTls> {
  const get = sslSettings(props, prefix);
  const name = (key: string) => (Object.keys(props).some((k) => k.startsWith(prefix)) ? prefix + key : key);
  const out: { -readonly [K in keyof RestTls]: RestTls[K] } = { ...(await keyStore(get, name)) };

  const clientAuth = (get('ssl.client.auth') ?? 'none').toLowerCase();
  if (!['none', 'requested', 'required'].includes(clientAuth)) {
    throw new Error(`${name('ssl.client.auth')} must be none, requested or required, got '${clientAuth}'`);
  }
  if (clientAuth !== 'none') {
    out.requestCert = true;
    out.rejectUnauthorized = clientAuth === 'required';
  }
  const ca = await trustStore(get, name);
  if (ca !== undefined) out.ca = ca;

  const protocols = get('ssl.enabled.protocols');
  if (protocols !== undefined) {
    const enabled = protocols.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const known = enabled.filter((p): p is SecureVersion => (VERSIONS as readonly string[]).includes(p));
    if (known.length === 0) throw new Error(`${name('ssl.enabled.protocols')}: none of '${protocols}' is a TLS version Node supports (${VERSIONS.join(', ')})`);
    const idx = known.map((p) => VERSIONS.indexOf(p));
    out.minVersion = VERSIONS[Math.min(...idx)]!;
    out.maxVersion = VERSIONS[Math.max(...idx)]!;
  }
  try {
    tlsContext(out); // wrong passwords and broken files fail here, at start-up, not on the first request
  } catch (err) {
    throw new Error(`https listener (${name('ssl.keystore.location')}): cannot use the key or trust store (${(err as Error).message}); check the files and passwords`);
  }
  return out;
}

/** TLS options for an https client of another worker's REST API (Kafka's RestClient, used to forward requests). */
/** The TLS options one worker uses to call another (the type the distributed herder's HTTP client takes). */
export type RestClientTls = WorkerClientTls;

/**
 * What a worker uses to call other workers over https, as Kafka's RestClient: the `listeners.https.*` (else
 * `ssl.*`) trust store, and its key store as the client certificate when there is one. Usable as options of
 * node:https `request` or an undici Agent's `connect`.
 */
export async function restClientTlsFromProps(props: Readonly<Record<string, string>>): Promise<RestClientTls> {
  const prefix = 'listeners.https.';
  const get = sslSettings(props, prefix);
  const name = (key: string) => (Object.keys(props).some((k) => k.startsWith(prefix)) ? prefix + key : key);
  const out: { -readonly [K in keyof RestClientTls]: RestClientTls[K] } = {};
  const ca = await trustStore(get, name);
  if (ca !== undefined) out.ca = ca;
  if (get('ssl.keystore.location') !== undefined || get('ssl.keystore.key') !== undefined) Object.assign(out, await keyStore(get, name));
  if (get('ssl.endpoint.identification.algorithm') === undefined && name('ssl.endpoint.identification.algorithm') in props) out.checkServerIdentity = () => undefined;
  return out;
}

async function keyStore(get: (k: string) => string | undefined, name: (k: string) => string): Promise<Partial<RestTls>> {
  const location = get('ssl.keystore.location');
  const bytes = location === undefined ? undefined : await readFile(location);
  const type = storeType(get('ssl.keystore.type'), bytes, name('ssl.keystore.type'), location);
  if (type === 'JKS') throw jksError('key', name, location);
  const storePassword = get('ssl.keystore.password');
  const keyPassword = get('ssl.key.password');
  if (type === 'PKCS12') {
    if (bytes === undefined) throw new Error(`${name('ssl.keystore.type')}=PKCS12 needs ${name('ssl.keystore.location')}`);
    if (keyPassword !== undefined && storePassword !== undefined && keyPassword !== storePassword) {
      throw new Error(`${name('ssl.key.password')} differs from ${name('ssl.keystore.password')}: Node reads a PKCS12 key store with one password; re-export it with the same password for both`);
    }
    const passphrase = storePassword ?? keyPassword;
    return passphrase === undefined ? { pfx: bytes } : { pfx: bytes, passphrase };
  }
  if (storePassword !== undefined) {
    throw new Error(`${name('ssl.keystore.password')} cannot be used with a PEM key store (as in Kafka); set only ${name('ssl.key.password')} for an encrypted key`);
  }
  const pem = bytes?.toString('utf8');
  const key = get('ssl.keystore.key') ?? (pem === undefined ? undefined : pemBlocks(pem, /PRIVATE KEY/).join(''));
  const cert = get('ssl.keystore.certificate.chain') ?? (pem === undefined ? undefined : pemBlocks(pem, /^CERTIFICATE$/).join(''));
  if (!key || !cert) {
    throw new Error(`an https listener needs ${name('ssl.keystore.location')} (a PKCS12 file, or a PEM file with the private key and certificate chain) or ${name('ssl.keystore.key')} + ${name('ssl.keystore.certificate.chain')}`
      + (location !== undefined ? `; ${location} has ${key ? 'no certificate' : 'no private key'}` : ''));
  }
  return keyPassword === undefined ? { key, cert } : { key, cert, passphrase: keyPassword };
}

async function trustStore(get: (k: string) => string | undefined, name: (k: string) => string): Promise<string[] | undefined> {
  const location = get('ssl.truststore.location');
  const inline = get('ssl.truststore.certificates');
  if (location === undefined && inline === undefined) return undefined;
  const bytes = location === undefined ? undefined : await readFile(location);
  const type = storeType(get('ssl.truststore.type'), bytes, name('ssl.truststore.type'), location);
  if (type === 'JKS') throw jksError('trust', name, location);
  if (type === 'PKCS12') {
    if (bytes === undefined) throw new Error(`${name('ssl.truststore.type')}=PKCS12 needs ${name('ssl.truststore.location')}`);
    const ders = pkcs12Certificates(bytes, get('ssl.truststore.password') ?? '', location!);
    return ders.map((der) => new X509Certificate(der).toString());
  }
  const certs = pemBlocks(inline ?? bytes!.toString('utf8'), /^CERTIFICATE$/);
  if (certs.length === 0) throw new Error(`${location ?? name('ssl.truststore.certificates')}: no PEM certificate found`);
  return certs;
}

/** The declared store type, checked against the file; unset = guessed from the file's first bytes. */
function storeType(declared: string | undefined, bytes: Buffer | undefined, key: string, location: string | undefined): StoreType {
  const sniffed: StoreType | undefined = bytes === undefined ? undefined
    : bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC ? 'JKS'
      : bytes[0] === 0x30 ? 'PKCS12'
        : 'PEM';
  if (declared === undefined) return sniffed ?? 'PEM';
  const type = declared.toUpperCase();
  if (type !== 'PEM' && type !== 'PKCS12' && type !== 'JKS') throw new Error(`${key}=${declared}: supported store types are PKCS12 and PEM (JKS must be converted)`);
  // A JKS file is still refused when declared as PKCS12 (Java's PKCS12 store reads JKS, Node cannot).
  if (sniffed === 'JKS' && type !== 'JKS') return 'JKS';
  if (sniffed !== undefined && sniffed !== type && type !== 'JKS') throw new Error(`${key}=${type} but ${location} looks like a ${sniffed} file`);
  return type;
}

function jksError(kind: 'key' | 'trust', name: (k: string) => string, location: string | undefined): Error {
  const src = location ?? `${kind}store.jks`;
  const dest = src.replace(/\.(jks|keystore|truststore)$/i, '') + '.p12';
  return new Error(
    `${name(`ssl.${kind}store.type`)}=JKS: Node.js cannot read Java KeyStores. Convert ${src} once with\n`
    + `  keytool -importkeystore -srckeystore ${src} -srcstoretype JKS -destkeystore ${dest} -deststoretype PKCS12\n`
    + `then set ${name(`ssl.${kind}store.location`)}=${dest} and ${name(`ssl.${kind}store.type`)}=PKCS12 (the same password works).`,
  );
}

/** The PEM blocks whose label matches, e.g. /PRIVATE KEY/ (also `ENCRYPTED PRIVATE KEY`, `RSA PRIVATE KEY`). */
export function pemBlocks(text: string, label: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)) if (label.test(m[1]!)) out.push(m[0] + '\n');
  return out;
}
