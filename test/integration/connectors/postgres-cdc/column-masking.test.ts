/**
 * column.mask.with.<N>.chars, column.truncate.to.<N>.chars and column.mask.hash.<alg>.with.salt.<salt> on a
 * real table: the snapshot, the stream and the key all carry the masked values and schema parameters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../../src/api/index.js';
import { hashMask } from '../../../../connectors/postgres-cdc/column-mappers.js';
import { startTestCluster } from '../../../../src/testing/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps } from './pg-props.js';
import { TaskHarness, waitUntil } from './task-harness.js';

type Row = { code: string; name: string; ssn: string | null; email: string; note: string | null; n: number };
const after = (r: SourceRecord) => (r.value as { after: Row }).after;

describe('postgres-cdc: column masking and truncation', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  it('masks, truncates and hashes in snapshot and stream events, keys included', async () => {
    await pg().query(`CREATE TABLE people (code varchar(20) PRIMARY KEY, name text NOT NULL, ssn char(11), email varchar(16) NOT NULL, note text, n int NOT NULL)`);
    await pg().query(`INSERT INTO people VALUES ('k1', 'Alexandra', '123-45-6789', 'alex@example.com', NULL, 7)`);
    const h = await new TaskHarness(cdcProps(pg(), 'mask1', {
      'table.include.list': 'public.people',
      'column.mask.with.5.chars': 'public.people.ssn, public.people.note',
      'column.truncate.to.4.chars': 'public.people.name',
      'column.mask.hash.SHA-256.with.salt.s4lt': 'public.people.(email|code)',
    })).start();
    running.push(h);
    const hashed = (v: string, len: number) => hashMask(v, 'sha256', Buffer.from('s4lt'), false).slice(0, len);

    const [snap] = await h.pollFor(1);
    expect(after(snap!)).toEqual({ code: hashed('k1', 20), name: 'Alex', ssn: '*****', email: hashed('alex@example.com', 16), note: '*****', n: 7 });
    expect(snap!.key).toEqual({ code: hashed('k1', 20) });
    const fields = Object.fromEntries((snap!.valueSchema!.fields![1]!.schema.fields ?? []).map((f) => [f.name, f.schema.parameters]));
    expect(fields).toEqual({ code: { masked: 'true' }, name: { truncateLength: '4' }, ssn: { masked: 'true' }, email: { masked: 'true' }, note: { masked: 'true' }, n: undefined });
    await h.commit([snap!]);

    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    await pg().query(`INSERT INTO people VALUES ('k2', 'Bo', NULL, 'bo@x.io', 'private', 8)`);
    const [ins] = await h.pollFor(1);
    expect(after(ins!)).toEqual({ code: hashed('k2', 20), name: 'Bo', ssn: '*****', email: hashed('bo@x.io', 16), note: '*****', n: 8 });
    expect(ins!.key).toEqual({ code: hashed('k2', 20) });
  });

  it('reports malformed masking keys per key through the REST validate endpoint', async () => {
    const cluster = await startTestCluster({ rest: true });
    try {
      const p = pg();
      const res = await fetch(`${cluster.restUrl}/connector-plugins/PostgresConnector/config/validate`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'masked', 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'topic.prefix': 'db',
          'database.hostname': p.host, 'database.user': p.user, 'database.dbname': p.database,
          'column.mask.with.five.chars': 'public.people.ssn',
          'column.mask.hash.SHA-256.with.salt.x': 'public.people.email',
        }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { error_count: number; configs: { definition: unknown; value: { name: string; errors: string[] } }[] };
      const withErrors = body.configs.filter((c) => (c.value?.errors.length ?? 0) > 0).map((c) => c.value.name);
      expect(withErrors).toEqual(['column.mask.with.five.chars']);
      expect(body.error_count).toBe(1);
      const byName = Object.fromEntries(body.configs.map((c) => [c.value?.name, c.value?.errors]));
      expect(byName['column.mask.with.five.chars']?.[0]).toMatch(/column\.mask\.with\.five\.chars: the length in the key name must be an integer >= 0/);
      expect(byName['column.mask.hash.SHA-256.with.salt.x']).toEqual([]);
    } finally {
      await cluster.close();
    }
  });
});
