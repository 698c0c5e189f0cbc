import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defineConfig } from '../../../src/api/config/index.js';
import { looksSecret, maskSecrets } from '../../../src/config/mask.js';

describe('maskSecrets', () => {
  it.each([
    ['connection.password', true],
    ['ssl.key.password', true],
    ['producer.override.sasl.jaas.config', true],
    ['aws.secret.access.key', true],
    ['api.key', true],
    ['auth.token', true],
    ['key.converter', false],
    ['tasks.max', false],
    ['secrets.dir', false],
    ['passwordless.mode', false],
  ])('looksSecret(%s) = %s', (key, expected) => {
    expect(looksSecret(key)).toBe(expected);
  });

  it('hides secret values, keeps provider references and other keys', () => {
    const def = defineConfig({ 'db.pass': { type: 'password', importance: 'high', doc: '' } });
    const masked = maskSecrets(
      {
        'connection.password': 'hunter2',
        'db.pass': 'swordfish',
        'ssl.truststore.password': '${file:/etc/secrets.properties:ts}',
        'connection.url': 'jdbc:x',
      },
      { isSecret: (k) => def.isSecret(k) },
    );
    expect(masked).toEqual({
      'connection.password': '[hidden]',
      'db.pass': '[hidden]',
      'ssl.truststore.password': '${file:/etc/secrets.properties:ts}',
      'connection.url': 'jdbc:x',
    });
    expect(inspect(masked)).not.toMatch(/hunter2|swordfish/);
  });
});
