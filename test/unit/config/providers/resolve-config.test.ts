import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/api/errors.js';
import { EnvVarConfigProvider } from '../../../../src/config/providers/env-var-config-provider.js';
import { loadConfigProviders } from '../../../../src/config/providers/load-config-providers.js';
import { findReferences, resolveConfig } from '../../../../src/config/providers/resolve-config.js';

let dir: string;
const ENV_NAME = `TRIB_TEST_SECRET_${process.pid}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trib-providers-'));
  await writeFile(join(dir, 'secrets.properties'), 'db.password=p@ss:word\nuser = alice\n');
  await mkdir(join(dir, 'mounted'));
  await writeFile(join(dir, 'mounted', 'api-token'), 'tok-123\n');
  await mkdir(join(dir, 'elsewhere'));
  await writeFile(join(dir, 'elsewhere', 'x.properties'), 'k=v\n');
  process.env[ENV_NAME] = 'from-env';
});
afterAll(async () => {
  delete process.env[ENV_NAME];
  await rm(dir, { recursive: true, force: true });
});

describe('findReferences (Kafka ConfigTransformer pattern)', () => {
  it.each([
    ['${env:HOME}', [{ provider: 'env', path: '', key: 'HOME' }]],
    ['${file:/a/b.properties:k}', [{ provider: 'file', path: '/a/b.properties', key: 'k' }]],
    ['${file:/a:b:c}', [{ provider: 'file', path: '/a', key: 'b:c' }]],
    ['x${env:A}y${env:B}z', [{ provider: 'env', path: '', key: 'A' }, { provider: 'env', path: '', key: 'B' }]],
    ['${nocolon}', []],
    ['$env:A', []],
  ])('%s', (value, expected) => {
    expect(findReferences(value).map(({ provider, path, key }) => ({ provider, path, key }))).toEqual(expected);
  });
});

describe('resolveConfig', () => {
  it('resolves env, file and directory references from worker config, into a new map', async () => {
    const providers = loadConfigProviders({
      'config.providers': 'env, file,directory',
      'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.directory.class': 'DirectoryConfigProvider',
    });
    const raw = {
      'connection.user': `\${file:${dir}/secrets.properties:user}`,
      'connection.password': `\${file:${dir}/secrets.properties:db.password}`,
      'api.token': `\${directory:${dir}/mounted:api-token}`,
      'connection.url': `jdbc:postgresql://db/app?x=\${env:${ENV_NAME}}&y=1`,
      plain: 'no refs',
    };
    const before = { ...raw };
    const resolved = await resolveConfig(raw, providers);
    expect(resolved).toEqual({
      'connection.user': 'alice',
      'connection.password': 'p@ss:word',
      'api.token': 'tok-123\n',
      'connection.url': 'jdbc:postgresql://db/app?x=from-env&y=1',
      plain: 'no refs',
    });
    expect(resolved).not.toBe(raw);
    expect(raw).toEqual(before);
  });

  it('errors name the config key for unknown providers and missing keys', async () => {
    const providers = loadConfigProviders({ 'config.providers': 'file,env' });
    const raw = {
      a: '${vault:secret/db:pw}',
      b: `\${file:${dir}/secrets.properties:nope}`,
      c: '${env:TRIB_DEFINITELY_UNSET_VAR}',
      d: `\${file:${dir}/missing.properties:x}`,
    };
    const err = await resolveConfig(raw, providers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const errors = (err as ConfigError).errors;
    expect(Object.keys(errors)).toEqual(['a', 'b', 'c', 'd']);
    expect(errors['a']).toEqual([
      '${vault:secret/db:pw}: no config provider "vault" is configured (add it to config.providers in the worker config)',
    ]);
    expect(errors['b']?.[0]).toContain(`config provider "file" has no value for "nope" in ${dir}/secrets.properties`);
    expect(errors['c']?.[0]).toContain('config provider "env" has no value for "TRIB_DEFINITELY_UNSET_VAR"');
    expect(errors['d']?.[0]).toContain('Could not read config provider file');
    expect((err as Error).message).toMatch(/^Could not resolve config references:\na: /);
  });

  it("onMissing: 'keep' leaves unresolvable references as Kafka does", async () => {
    const resolved = await resolveConfig({ a: '${vault:x}', b: 'ok' }, new Map(), { onMissing: 'keep' });
    expect(resolved).toEqual({ a: '${vault:x}', b: 'ok' });
  });

  it('allowed.paths limits file and directory providers', async () => {
    const providers = loadConfigProviders({
      'config.providers': 'file,directory',
      'config.providers.file.param.allowed.paths': join(dir, 'elsewhere'),
      'config.providers.directory.param.allowed.paths': join(dir, 'elsewhere'),
    });
    expect(await resolveConfig({ k: `\${file:${dir}/elsewhere/x.properties:k}` }, providers)).toEqual({ k: 'v' });
    await expect(resolveConfig({ p: `\${file:${dir}/secrets.properties:user}` }, providers)).rejects.toThrow(/is not allowed by allowed.paths/);
    await expect(resolveConfig({ p: `\${file:${dir}/elsewhere/../secrets.properties:user}` }, providers)).rejects.toThrow(/is not allowed/);
    await expect(resolveConfig({ p: `\${directory:${dir}/mounted:api-token}` }, providers)).rejects.toThrow(/is not allowed/);
  });

  it('directory provider never reads outside the directory', async () => {
    const providers = loadConfigProviders({ 'config.providers': 'directory' });
    await expect(resolveConfig({ p: `\${directory:${dir}/mounted:../secrets.properties}` }, providers)).rejects.toThrow(
      /has no value for "..\/secrets.properties"/,
    );
  });

  it('env provider honours allowlist.pattern and rejects paths', async () => {
    const env = { ALLOWED_X: '1', BLOCKED: '2' };
    const p = new EnvVarConfigProvider({ 'allowlist.pattern': 'ALLOWED_.*' }, env);
    expect([...(await p.get('', ['ALLOWED_X', 'BLOCKED']))]).toEqual([['ALLOWED_X', '1']]);
    await expect(p.get('/some/path', ['ALLOWED_X'])).rejects.toThrow("Path is not supported for EnvVarConfigProvider, invalid value '/some/path'");
  });

  it('loadConfigProviders rejects unknown classes and aliases without a class', () => {
    expect(() => loadConfigProviders({ 'config.providers': 'vault' })).toThrow(
      'Config provider "vault" is listed in config.providers but config.providers.vault.class is not set',
    );
    expect(() =>
      loadConfigProviders({ 'config.providers': 'vault', 'config.providers.vault.class': 'com.example.VaultConfigProvider' }),
    ).toThrow(/Unknown config provider class "com.example.VaultConfigProvider" in config.providers.vault.class; known classes: org.apache.kafka/);
    expect(loadConfigProviders({}).size).toBe(0);
  });
});
