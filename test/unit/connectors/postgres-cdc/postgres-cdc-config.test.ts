import { describe, expect, it } from 'vitest';
import { PostgresCdcConnector } from '../../../../connectors/postgres-cdc/postgres-cdc-connector.js';
import { parsePostgresCdcConfig, postgresCdcConfigDef } from '../../../../connectors/postgres-cdc/postgres-cdc-config.js';
import { descriptors } from '../../../../connectors/postgres-cdc/index.js';

const required = { 'topic.prefix': 'dbserver1', 'database.hostname': 'h', 'database.user': 'u', 'database.dbname': 'd' };

describe('postgres-cdc config', () => {
  it("uses Debezium's names and defaults", () => {
    const c = parsePostgresCdcConfig(required);
    expect(c['database.port']).toBe(5432);
    expect(c['slot.name']).toBe('debezium');
    expect(c['publication.name']).toBe('dbz_publication');
    expect(c['publication.autocreate.mode']).toBe('all_tables');
    expect(c['snapshot.mode']).toBe('initial');
    expect(c['tombstones.on.delete']).toBe(true);
    expect(c['decimal.handling.mode']).toBe('precise');
    expect(c['time.precision.mode']).toBe('adaptive');
    expect(c['skipped.operations']).toEqual(['t']);
    expect(c['max.batch.size']).toBe(2048);
    expect(c['max.queue.size']).toBe(8192);
    expect(c['poll.interval.ms']).toBe(500);
    expect(c['incremental.snapshot.chunk.size']).toBe(1024);
  });

  it('rejects bad values and cross-key conflicts with the key named', () => {
    expect(() => parsePostgresCdcConfig({ ...required, 'topic.prefix': 'bad prefix!' })).toThrow(/topic.prefix/);
    expect(() => parsePostgresCdcConfig({ ...required, 'plugin.name': 'decoderbufs' })).toThrow(/plugin.name/);
    expect(() => parsePostgresCdcConfig({ ...required, 'slot.name': 'Bad-Slot' })).toThrow(/slot.name/);
    expect(() => parsePostgresCdcConfig({ ...required, 'table.include.list': 'a', 'table.exclude.list': 'b' })).toThrow(/cannot both be set/);
    expect(() => parsePostgresCdcConfig({ ...required, 'max.queue.size': '10', 'max.batch.size': '10' })).toThrow(/max.queue.size/);
    expect(() => parsePostgresCdcConfig({ ...required, 'skipped.operations': 'x' })).toThrow(/skipped.operations/);
  });

  it('reports cross-key errors through validate, per key', async () => {
    const values = await new PostgresCdcConnector().validate({ ...required, 'max.queue.size': '10', 'max.batch.size': '20' });
    expect(values.find((v) => v.name === 'max.queue.size')!.errors[0]).toMatch(/larger than/);
  });

  it('registers under the Debezium class name', () => {
    expect(descriptors[0]!.aliases).toContain('io.debezium.connector.postgresql.PostgresConnector');
    expect(descriptors[0]!.configDef).toBe(postgresCdcConfigDef);
    expect(descriptors[0]!.create()).toBeInstanceOf(PostgresCdcConnector);
  });
});
