import { describe, expect, expectTypeOf, it } from 'vitest';
import { inspect } from 'node:util';
import { ConfigError } from '../../../../src/api/errors.js';
import {
  type ConfigOf,
  Password,
  atLeast,
  defineConfig,
  listOf,
  nonEmptyString,
  oneOf,
  oneOfIgnoreCase,
  range,
  regex,
  subConfig,
} from '../../../../src/api/config/index.js';

const def = defineConfig({
  'connection.url': { type: 'string', importance: 'high', doc: 'JDBC URL.', group: 'Connection', orderInGroup: 1 },
  'connection.password': { type: 'password', default: null, importance: 'high', doc: 'Password.', group: 'Connection' },
  'batch.size': { type: 'int', default: 3000, validator: range(1, 10000), importance: 'medium', doc: 'Rows.' },
  'max.bytes': { type: 'long', default: 9007199254740993n, importance: 'low', doc: 'Big.' },
  'poll.ratio': { type: 'double', default: 0.5, importance: 'low', doc: 'Ratio.' },
  'auto.create': { type: 'boolean', default: false, importance: 'medium', doc: 'Create tables.' },
  'pk.fields': { type: 'list', default: [], importance: 'medium', doc: 'Key fields.' },
  'insert.mode': { type: 'string', default: 'insert', validator: oneOf('insert', 'upsert'), importance: 'high', doc: 'Mode.' },
  'dialect.name': { type: 'class', default: null, importance: 'low', doc: 'Dialect.' },
  'retries': { type: 'short', default: 10, validator: atLeast(0), importance: 'low', doc: 'Retries.' },
});

describe('defineConfig types', () => {
  it('infers the config object type from the declaration', () => {
    type C = ConfigOf<typeof def>;
    expectTypeOf<C['connection.url']>().toEqualTypeOf<string>();
    expectTypeOf<C['connection.password']>().toEqualTypeOf<Password | null>();
    expectTypeOf<C['batch.size']>().toEqualTypeOf<number>();
    expectTypeOf<C['max.bytes']>().toEqualTypeOf<number>();
    expectTypeOf<C['auto.create']>().toEqualTypeOf<boolean>();
    expectTypeOf<C['pk.fields']>().toEqualTypeOf<string[]>();
    expectTypeOf<C['dialect.name']>().toEqualTypeOf<string | null>();
    expectTypeOf<C['insert.mode']>().toEqualTypeOf<'insert' | 'upsert'>();
  });
});

describe('ConfigDef.parse', () => {
  it('parses strings with Kafka rules and fills defaults', () => {
    const c = def.parse({
      'connection.url': '  jdbc:postgresql://db/x  ',
      'connection.password': ' s3cret ',
      'batch.size': ' 42 ',
      'auto.create': 'TRUE',
      'pk.fields': ' id , tenant ,x',
      'poll.ratio': '2.5e1',
      unknown: 'ignored',
    });
    expect(c['connection.url']).toBe('jdbc:postgresql://db/x');
    expect(c['connection.password']?.value()).toBe('s3cret');
    expect(c['batch.size']).toBe(42);
    expect(c['auto.create']).toBe(true);
    expect(c['pk.fields']).toEqual(['id', 'tenant', 'x']);
    expect(c['poll.ratio']).toBe(25);
    expect(c['insert.mode']).toBe('insert');
    expect(c['dialect.name']).toBeNull();
    expect(c['max.bytes']).toBe(9007199254740992);
    expect(c['retries']).toBe(10);
    expect('unknown' in c).toBe(false);
  });

  it('accepts already-typed JSON values', () => {
    const c = def.parse({ 'connection.url': 'u', 'batch.size': 7, 'auto.create': true, 'pk.fields': ['a', 'b'] });
    expect(c['batch.size']).toBe(7);
    expect(c['auto.create']).toBe(true);
    expect(c['pk.fields']).toEqual(['a', 'b']);
  });

  it('empty string list is [] and defaults are copied per parse', () => {
    const a = def.parse({ 'connection.url': 'u', 'pk.fields': '  ' });
    expect(a['pk.fields']).toEqual([]);
    const b = def.parse({ 'connection.url': 'u' });
    b['pk.fields'].push('x');
    expect(def.parse({ 'connection.url': 'u' })['pk.fields']).toEqual([]);
  });

  it('throws one ConfigError with a message per bad key', () => {
    let caught: unknown;
    try {
      def.parse({ 'batch.size': '0', 'auto.create': 'yes', 'insert.mode': 'merge', retries: '40000' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const e = caught as ConfigError;
    expect(e.code).toBe('TRIB_CONFIG_INVALID');
    expect(e.errors).toEqual({
      'connection.url': ['Missing required configuration "connection.url" which has no default value.'],
      'batch.size': ['Invalid value 0 for configuration batch.size: Value must be at least 1'],
      'auto.create': ['Invalid value yes for configuration auto.create: Expected value to be either true or false'],
      'insert.mode': ['Invalid value merge for configuration insert.mode: String must be one of: insert, upsert'],
      retries: ['Invalid value 40000 for configuration retries: Not a number of type SHORT'],
    });
    expect(e.message).toMatch(/^Configuration is invalid and contains the following 5 error\(s\):\n/);
  });

  it.each([
    ['int', '1.5', 'Not a number of type INT'],
    ['int', '2147483648', 'Not a number of type INT'],
    ['long', '9223372036854775808', 'Not a number of type LONG'],
    ['double', 'abc', 'Not a number of type DOUBLE'],
    ['boolean', '1', 'Expected value to be either true or false'],
  ] as const)('rejects %s %s', (type, raw, why) => {
    const d = defineConfig({ k: { type, importance: 'low', doc: '' } });
    expect(() => d.parse({ k: raw })).toThrow(`Invalid value ${raw} for configuration k: ${why}`);
  });

  it.each([
    ['int', '-2147483648', -2147483648],
    ['long', '+9223372036854775807', 9223372036854775807],
    ['double', '1.5f', 1.5],
    ['double', '-Infinity', -Infinity],
    ['boolean', ' False ', false],
    ['list', 'a,,b', ['a', '', 'b']],
  ] as const)('accepts %s %s', (type, raw, expected) => {
    const d = defineConfig({ k: { type, importance: 'low', doc: '' } });
    expect(d.parse({ k: raw }).k).toEqual(expected);
  });

  it('runs validators: oneOfIgnoreCase, regex, listOf, nonEmptyString, custom', () => {
    const d = defineConfig({
      tol: { type: 'string', default: 'none', validator: oneOfIgnoreCase('none', 'all'), importance: 'low', doc: '' },
      id: { type: 'string', default: 'a1', validator: regex(/[a-z]\d/), importance: 'low', doc: '' },
      modes: { type: 'list', default: [], validator: listOf(oneOf('x', 'y')), importance: 'low', doc: '' },
      name: { type: 'string', default: 'n', validator: nonEmptyString, importance: 'low', doc: '' },
      even: {
        type: 'int',
        default: 2,
        validator: (_n: string, v: unknown) => {
          if ((v as number) % 2 !== 0) throw new Error('must be even');
        },
        importance: 'low',
        doc: '',
      },
    });
    expect(d.parse({ tol: 'ALL', id: 'b2', modes: 'x,y' })).toMatchObject({ tol: 'ALL', id: 'b2', modes: ['x', 'y'] });
    const values = d.validate({ tol: 'some', id: 'b22', modes: 'x,z', name: '', even: '3' });
    expect(values.map((v) => v.errors)).toEqual([
      ['Invalid value some for configuration tol: String must be one of (case insensitive): NONE, ALL'],
      ['Invalid value b22 for configuration id: Value must match the regular expression [a-z]\\d'],
      ['Invalid value z for configuration modes: String must be one of: x, y'],
      ['Invalid value  for configuration name: String must be non-empty'],
      ['Invalid value 3 for configuration even: must be even'],
    ]);
  });

  it('rejects an invalid default at definition time', () => {
    expect(() => defineConfig({ k: { type: 'int', default: 0, validator: atLeast(1), importance: 'low', doc: '' } })).toThrow(
      'Invalid default for configuration k: Invalid value 0 for configuration k: Value must be at least 1',
    );
  });
});

describe('Password', () => {
  it('never shows the secret in JSON, String or util.inspect', () => {
    const c = def.parse({ 'connection.url': 'u', 'connection.password': 'hunter2' });
    expect(JSON.stringify(c)).not.toContain('hunter2');
    expect(JSON.stringify(c)).toContain('"connection.password":"[hidden]"');
    expect(inspect(c, { depth: 5 })).not.toContain('hunter2');
    expect(String(c['connection.password'])).toBe('[hidden]');
    expect(`${c['connection.password']}`).toBe('[hidden]');
    expect(c['connection.password']?.value()).toBe('hunter2');
    expect(new Password('a').equals(new Password('a'))).toBe(true);
  });

  it('mask() hides password-typed values only', () => {
    expect(def.mask({ 'connection.password': 'hunter2', 'connection.url': 'u', other: 'x' })).toEqual({
      'connection.password': '[hidden]',
      'connection.url': 'u',
      other: 'x',
    });
  });
});

describe('type errors and helpers', () => {
  it.each([
    ['int', true, 'Expected value to be a 32-bit integer, but it was a boolean'],
    ['short', 1.5, 'Expected value to be a 16-bit integer (short), but it was a number'],
    ['long', {}, 'Expected value to be a 64-bit integer (long), but it was a object'],
    ['list', 53, 'Expected a comma separated list.'],
    ['password', 5, 'Expected value to be a string, but it was a number'],
  ] as const)('%s rejects %s', (type, raw, why) => {
    const d = defineConfig({ k: { type, importance: 'low', doc: '' } });
    expect(d.validate({ k: raw })[0]?.errors).toEqual([`Invalid value ${String(raw)} for configuration k: ${why}`]);
  });

  it('reports dependents that are not defined, hidden', () => {
    const d = defineConfig({ a: { type: 'string', default: 'x', importance: 'low', doc: '', dependents: ['ghost'] } });
    expect(d.validate({})).toEqual([
      { name: 'a', value: 'x', recommendedValues: [], errors: [], visible: true },
      { name: 'ghost', value: null, recommendedValues: [], errors: ['ghost is referred in the dependents, but not defined.'], visible: false },
    ]);
    expect(d.toConfigInfos('C', {}).configs[0]).toEqual({
      definition: null,
      value: { name: 'ghost', value: null, recommended_values: [], errors: ['ghost is referred in the dependents, but not defined.'], visible: false },
    });
  });

  it('subConfig strips a prefix', () => {
    expect(subConfig({ 'key.converter.schemas.enable': 'false', 'key.converter': 'Json', other: '1' }, 'key.converter.')).toEqual({
      'schemas.enable': 'false',
    });
    expect(subConfig({ 'a.b': '1', c: '2' }, 'a.', { strip: false })).toEqual({ 'a.b': '1' });
  });

  it('range() with no bounds describes itself as [...]', () => {
    expect(range(undefined, undefined).description).toBe('[...]');
  });
});
