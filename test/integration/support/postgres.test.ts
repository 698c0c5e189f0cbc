import { describe, expect, it } from 'vitest';
import { withPostgres } from '../../support/postgres.js';

describe('test PostgreSQL', () => {
  const pg = withPostgres();
  it('runs a real server with logical replication enabled', async () => {
    const r = await pg().query<{ wal_level: string }>('SHOW wal_level');
    expect(r.rows[0]!.wal_level).toBe('logical');
    await pg().query('CREATE TABLE t (id int primary key, v text)');
    await pg().query("INSERT INTO t VALUES (1, 'a')");
    expect((await pg().query('SELECT v FROM t')).rows).toEqual([{ v: 'a' }]);
  });
});
