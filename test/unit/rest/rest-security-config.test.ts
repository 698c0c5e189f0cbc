import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restSecurityFromProps } from '../../../src/rest/rest-security-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rest-sec-'));
  await writeFile(join(dir, 'users'), '# comment\nalice: wonder land\nbob=builder,admin\n');
  await writeFile(join(dir, 'tokens'), 'tok-a\n\n# not a token\ntok-b\n');
  await writeFile(join(dir, 'store.pem'), '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('restSecurityFromProps', () => {
  it('is empty (everything off) without settings', async () => {
    expect(await restSecurityFromProps({}, false)).toEqual({});
  });

  it('reads users (password before a role list), tokens from the list and the file, CORS with Jetty\'s default methods', async () => {
    const s = await restSecurityFromProps({
      'rest.auth.basic.users.file': join(dir, 'users'),
      'rest.auth.bearer.tokens': 'tok-c, tok-a',
      'rest.auth.bearer.tokens.file': join(dir, 'tokens'),
      'access.control.allow.origin': 'https://a.example, https://*.b.example',
    }, false);
    expect(s.basicUsers).toEqual(new Map([['alice', 'wonder land'], ['bob', 'builder']]));
    expect(s.bearerTokens).toEqual(new Set(['tok-c', 'tok-a', 'tok-b']));
    expect(s.cors).toEqual({ origins: ['https://a.example', 'https://*.b.example'], methods: ['GET', 'POST', 'HEAD'] });
    expect(s.tls).toBeUndefined();
  });

  it('TLS: a JKS store and a missing store are errors that say what to do (working stores: test/integration/rest/tls*.test.ts)', async () => {
    await expect(restSecurityFromProps({ 'listeners.https.ssl.keystore.type': 'JKS', 'listeners.https.ssl.keystore.location': join(dir, 'store.pem') }, true))
      .rejects.toThrow(/keytool -importkeystore .* -deststoretype PKCS12/);
    await expect(restSecurityFromProps({}, true)).rejects.toThrow(/keystore/);
    await expect(restSecurityFromProps({ 'ssl.keystore.location': join(dir, 'store.pem') }, true)).rejects.toThrow(/no certificate/);
  });
});
