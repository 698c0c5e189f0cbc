/**
 * Test certificates made at test time with the openssl CLI: a CA, a server certificate for 127.0.0.1 signed by
 * it (as PEM, encrypted PEM and PKCS12), a client certificate signed by it, a client certificate from another
 * CA, and the CA as PEM and PKCS12 trust stores.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  readonly dir: string;
  readonly caPem: string;
  /** PEM: server key + certificate chain (server, CA). */
  readonly serverKeystorePem: string;
  /** PEM: the same with the key encrypted by `keyPassword`. */
  readonly serverKeystoreEncryptedPem: string;
  readonly serverKeyEncrypted: string;
  readonly serverChain: string;
  /** PKCS12 with `storePassword`. */
  readonly serverP12: string;
  readonly caTruststorePem: string;
  /** PKCS12 trust store (certificates only) with `storePassword`. */
  readonly caTruststoreP12: string;
  readonly client: { readonly key: string; readonly cert: string };
  readonly rogueClient: { readonly key: string; readonly cert: string };
  /** A file that starts like a Java KeyStore. */
  readonly fakeJks: string;
  readonly storePassword: string;
  readonly keyPassword: string;
  remove(): void;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'rest-pki-'));
  const storePassword = 'store-secret';
  const keyPassword = 'key-secret';
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const ca = (name: string) => openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
  const leaf = (name: string, signer: string, extFile?: string) => {
    openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.pem`, '-CAkey', `${signer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2',
      ...(extFile ? ['-extfile', extFile] : []));
  };
  ca('test-ca');
  ca('rogue-ca');
  leaf('server', 'test-ca', ext);
  leaf('client', 'test-ca');
  leaf('rogue-client', 'rogue-ca');
  openssl(dir, 'pkcs8', '-topk8', '-in', 'server.key', '-out', 'server-enc.key', '-v2', 'aes-256-cbc', '-passout', `pass:${keyPassword}`);
  openssl(dir, 'pkcs12', '-export', '-inkey', 'server.key', '-in', 'server.pem', '-certfile', 'test-ca.pem', '-out', 'server.p12', '-passout', `pass:${storePassword}`);
  openssl(dir, 'pkcs12', '-export', '-nokeys', '-in', 'test-ca.pem', '-out', 'truststore.p12', '-passout', `pass:${storePassword}`);

  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const serverChain = read('server.pem') + read('test-ca.pem');
  writeFileSync(join(dir, 'keystore.pem'), read('server.key') + serverChain);
  writeFileSync(join(dir, 'keystore-enc.pem'), read('server-enc.key') + serverChain);
  writeFileSync(join(dir, 'keystore.jks'), Buffer.concat([Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]), Buffer.alloc(64)]));
  return {
    dir,
    caPem: read('test-ca.pem'),
    serverKeystorePem: join(dir, 'keystore.pem'),
    serverKeystoreEncryptedPem: join(dir, 'keystore-enc.pem'),
    serverKeyEncrypted: read('server-enc.key'),
    serverChain,
    serverP12: join(dir, 'server.p12'),
    caTruststorePem: join(dir, 'test-ca.pem'),
    caTruststoreP12: join(dir, 'truststore.p12'),
    client: { key: read('client.key'), cert: read('client.pem') },
    rogueClient: { key: read('rogue-client.key'), cert: read('rogue-client.pem') },
    fakeJks: join(dir, 'keystore.jks'),
    storePassword,
    keyPassword,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
