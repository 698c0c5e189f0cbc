import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ColumnMappers,
  hashMask,
  javaSerializedString,
  validateColumnMappers,
} from '../../../../connectors/postgres-cdc/column-mappers.js';
import { mapColumnType, PgOid, type PgTypeInfo } from '../../../../connectors/postgres-cdc/column-types.js';
import { PostgresCdcConnector } from '../../../../connectors/postgres-cdc/postgres-cdc-connector.js';

const opts = { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' } as const;
const type = (oid: number, typeMod = -1): PgTypeInfo => ({ oid, typeMod, typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null });
const apply = (m: ColumnMappers, column: string, t: PgTypeInfo) => m.apply('public', 'users', column, t, mapColumnType(t, true, opts));

describe('column masking and truncation (Debezium key names)', () => {
  it('serializes strings as Java ObjectOutputStream does (the V1 hash input)', () => {
    expect(javaSerializedString('bar').toString('hex')).toBe('aced0005740003626172');
    // Modified UTF-8: NUL as C0 80, é in two bytes, an astral character as two 3-byte surrogates.
    expect(javaSerializedString('a\u0000é😀').toString('hex')).toBe('aced000574000b' + '61' + 'c080' + 'c3a9' + 'eda0bd' + 'edb880');
    const long = 'x'.repeat(70_000);
    const ser = javaSerializedString(long);
    expect(ser.subarray(0, 13).toString('hex')).toBe('aced00057c' + (70_000).toString(16).padStart(16, '0'));
  });

  it('hashes salt ‖ serialized value (V1) or salt ‖ UTF-8 value (v2), as lowercase hex', () => {
    const v1 = createHash('sha256').update('pepper').update(Buffer.from('aced0005740003626172', 'hex')).digest('hex');
    expect(hashMask('bar', 'sha256', Buffer.from('pepper'), false)).toBe(v1);
    expect(hashMask('bar', 'sha256', Buffer.from('pepper'), true)).toBe(createHash('sha256').update('pepperbar').digest('hex'));
  });

  it('gives the digests Debezium\'s own tests expect (salt "salt")', () => {
    const salt = Buffer.from('salt');
    expect(hashMask('hello', 'sha256', salt, false)).toBe('af5843a0f0e728ab0332c8888b6e1190bfb79e584f0d40538de8f10df6ef29c6');
    expect(hashMask('world', 'md5', salt, false)).toBe('030f632140d9c9591b0d8c21098024b8');
    expect(hashMask('hello', 'sha256', salt, true)).toBe('cd31b3b98ece60cb739c0bf770b2de892ae0ad133f645513c3d83f08757a843a');
    expect(hashMask('world', 'md5', salt, true)).toBe('172c8e95398cc72ab5358ead6981e7e5');
  });

  it('masks, truncates and hashes character columns that match, and leaves the rest alone', () => {
    const m = new ColumnMappers({
      'column.mask.with.4.chars': 'public\\.users\\.(ssn|secret)',
      'column.truncate.to.3.chars': 'public.users.name, public.users.short',
      'column.mask.hash.SHA-256.with.salt.CzQMA0cB5K': 'public.users.email',
    });
    const ssn = apply(m, 'ssn', type(PgOid.text));
    expect(ssn.mapping.fromText('123-45')).toBe('****');
    expect(ssn.nullValue).toBe('****'); // Debezium's mask converter replaces null too
    expect(ssn.mapping.schema.parameters).toEqual({ masked: 'true' });
    expect(apply(m, 'SECRET', type(PgOid.varchar)).mapping.fromText('x')).toBe('****'); // case-insensitive, as Debezium

    const name = apply(m, 'name', type(PgOid.text));
    expect(name.mapping.fromText('Alexander')).toBe('Ale');
    expect(name.mapping.fromText('Al')).toBe('Al');
    expect(name.nullValue).toBeNull();
    expect(name.mapping.schema.parameters).toEqual({ truncateLength: '3' });
    // varchar(3) cannot be longer than 3: nothing to do, no parameter (as Debezium).
    expect(apply(m, 'short', type(PgOid.varchar, 3 + 4)).mapping.schema.parameters).toBeUndefined();

    const email = apply(m, 'email', type(PgOid.varchar, 12 + 4));
    expect(email.mapping.fromText('a@b.c')).toBe(hashMask('a@b.c', 'sha256', Buffer.from('CzQMA0cB5K'), false).slice(0, 12));
    expect(apply(m, 'email', type(PgOid.text)).mapping.fromText('a@b.c')).toHaveLength(64);

    // Not a character column, or not matched: unchanged.
    expect(apply(m, 'ssn', type(PgOid.int4)).mapping.fromText('5')).toBe(5);
    expect(apply(m, 'other', type(PgOid.text)).mapping.fromText('keep')).toBe('keep');
  });

  it('reports each malformed key with what to write instead', () => {
    const values = validateColumnMappers({
      'column.mask.with.x.chars': 'a.b.c',
      'column.truncate.to.0.chars': 'a.b.c',
      'column.mask.hash.SHA-999.with.salt.s': 'a.b.c',
      'column.mask.with.2.chars': 'a.b.(',
      'column.mask.sometimes': 'a.b.c',
      'column.mask.hash.v2.MD5.with.salt.s': 'a.b.c',
      'topic.prefix': 'x',
    });
    const errors = Object.fromEntries(values.map((v) => [v.name, v.errors.join(' ')]));
    expect(Object.keys(errors)).toHaveLength(6);
    expect(errors['column.mask.with.x.chars']).toMatch(/integer >= 0/);
    expect(errors['column.truncate.to.0.chars']).toMatch(/integer >= 1/);
    expect(errors['column.mask.hash.SHA-999.with.salt.s']).toMatch(/unknown hash algorithm SHA-999/);
    expect(errors['column.mask.with.2.chars']).toMatch(/not a regular expression/);
    expect(errors['column.mask.sometimes']).toMatch(/column\.mask\.with\.<N>\.chars/);
    expect(errors['column.mask.hash.v2.MD5.with.salt.s']).toBe('');
  });

  it('surfaces them in the connector\'s validate() and refuses to start with them', () => {
    const base = { 'topic.prefix': 'db', 'database.hostname': 'h', 'database.user': 'u', 'database.dbname': 'd' };
    const c = new PostgresCdcConnector();
    const values = c.validate({ ...base, 'column.truncate.to.-1.chars': 'public.t.c', 'column.mask.with.3.chars': 'public.t.c' });
    expect(values.find((v) => v.name === 'column.truncate.to.-1.chars')?.errors[0]).toMatch(/integer >= 1/);
    expect(values.find((v) => v.name === 'column.mask.with.3.chars')?.errors).toEqual([]);
    expect(() => c.start({ ...base, 'column.mask.with.z.chars': 'public.t.c' })).toThrow(/column\.mask\.with\.z\.chars/);
  });
});
