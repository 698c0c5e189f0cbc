import { describe, expect, it } from 'vitest';
import { ConfigError, silentLogger, type SourceConnectorContext } from '../../../../src/api/index.js';
import { descriptors } from '../../../../connectors/jdbc/index.js';
import { JdbcSourceConnector } from '../../../../connectors/jdbc/source/jdbc-source-connector.js';
import { JdbcSinkConnector } from '../../../../connectors/jdbc/sink/jdbc-sink-connector.js';
import { withPostgres } from '../../../support/postgres.js';
import { OffsetMap, sourceTaskConfigs } from './task-harness.js';

const pg = withPostgres();

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('JDBC connectors', () => {
  it('spread tables over tasks.max tasks, each table in exactly one task, honouring the filters', async () => {
    for (const t of ['a1', 'a2', 'a3', 'a4', 'a5', 'skip_me']) await pg().query(`CREATE TABLE ${t} (id int)`);
    await pg().query('CREATE SCHEMA other');
    await pg().query('CREATE TABLE other.a6 (id int)');
    const configs = await sourceTaskConfigs({
      'connection.url': pg().jdbcUrl, mode: 'bulk', 'topic.prefix': 'p-', 'table.include.list': '(public|other)\\.a.*',
    }, 2);
    expect(configs.map((c) => JSON.parse(c['tables']!))).toEqual([
      ['other.a6', 'public.a1', 'public.a2'],
      ['public.a3', 'public.a4', 'public.a5'],
    ]);
    const black = await sourceTaskConfigs({ 'connection.url': pg().jdbcUrl, mode: 'bulk', 'topic.prefix': 'p-', 'table.blacklist': 'a1,other.a6,a2,a3,a4,a5' }, 4);
    expect(black.map((c) => JSON.parse(c['tables']!))).toEqual([['public.skip_me']]);
  });

  it('notices a new table and asks for task reconfiguration', async () => {
    await pg().query('CREATE TABLE w1 (id int)');
    const connector = new JdbcSourceConnector();
    let reconfigurations = 0;
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => reconfigurations++,
      raiseError: () => {},
      log: silentLogger,
      offsetStorageReader: new OffsetMap().reader(),
    };
    connector.initialize(context);
    await connector.start({ 'connection.url': pg().jdbcUrl, mode: 'bulk', 'topic.prefix': 'p-', 'table.include.list': 'public\\.w.*', 'table.poll.interval.ms': '50' });
    try {
      expect((await connector.taskConfigs(3)).map((c) => c['tables'])).toEqual(['["public.w1"]']);
      await pg().query('CREATE TABLE w2 (id int)');
      await waitFor(() => reconfigurations > 0);
      expect((await connector.taskConfigs(3)).map((c) => c['tables'])).toEqual(['["public.w1"]', '["public.w2"]']);
    } finally {
      await connector.stop();
    }
  });

  it('query mode runs one task; validate reports cross-key errors on the right keys', async () => {
    const props = { 'connection.url': pg().jdbcUrl, mode: 'incrementing', query: 'SELECT 1 AS id', 'topic.prefix': 'q' };
    const connector = new JdbcSourceConnector();
    const byName = (vs: { name: string; errors: string[] }[]) => Object.fromEntries(vs.filter((v) => v.errors.length > 0).map((v) => [v.name, v.errors]));
    expect(byName(connector.validate(props))).toEqual({
      'incrementing.column.name': ['mode incrementing with a query needs incrementing.column.name (it cannot be detected from a query)'],
    });
    expect(byName(connector.validate({ ...props, mode: 'timestamp', query: '', 'table.whitelist': 'a', 'table.blacklist': 'b' }))).toEqual({
      'timestamp.column.name': ['mode timestamp needs timestamp.column.name'],
      'table.blacklist': ['table.whitelist and table.blacklist cannot both be set; use one of them'],
    });
    await expect(connector.start({ ...props })).rejects.toThrow(ConfigError);
    const sink = new JdbcSinkConnector();
    expect(byName(sink.validate({ 'connection.url': 'mysql://x', 'delete.enabled': 'true' }))).toEqual({
      'delete.enabled': ['delete.enabled=true requires pk.mode=record_key'],
      'connection.url': [expect.stringContaining('must start with jdbc:postgresql://')],
    });
  });

  it('exports descriptors under the Confluent class names, with masked passwords', () => {
    const names = descriptors.map((d) => [d.kind, d.className, d.aliases?.[0]]);
    expect(names).toEqual([
      ['source', 'io.tributary.connect.jdbc.JdbcSourceConnector', 'io.confluent.connect.jdbc.JdbcSourceConnector'],
      ['sink', 'io.tributary.connect.jdbc.JdbcSinkConnector', 'io.confluent.connect.jdbc.JdbcSinkConnector'],
    ]);
    const sink = descriptors[1]!.create() as JdbcSinkConnector;
    expect(sink.config().mask({ 'connection.password': 'secret' })).toEqual({ 'connection.password': '[hidden]' });
  });
});
