import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { pino } from 'pino';
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

describe('parsed passwords in real log output', () => {
  it('pino never writes the secret of a Password value', () => {
    const def = defineConfig({
      'connection.password': { type: 'password', importance: 'high', doc: '' },
      'connection.user': { type: 'string', importance: 'high', doc: '' },
    });
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ base: null, timestamp: false }, sink);
    const config = def.parse({ 'connection.password': 'hunter2', 'connection.user': 'app' });
    log.info({ config }, 'connector configured');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).config).toEqual({ 'connection.password': '[hidden]', 'connection.user': 'app' });
    expect(lines.join('')).not.toContain('hunter2');
    expect(inspect(config['connection.password'])).toBe('Password [hidden]');
  });
});
