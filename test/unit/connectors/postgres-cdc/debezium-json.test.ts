/**
 * The event through JsonConverter (schemas.enable=true) compared field by field with what Debezium 3.1's
 * PostgreSQL connector writes for the same row (its tutorial's inventory.customers table).
 */
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../../converters/json-converter.js';
import { EventRecords } from '../../../../connectors/postgres-cdc/event-records.js';
import { TableFilter } from '../../../../connectors/postgres-cdc/table-filter.js';
import { TableSchema } from '../../../../connectors/postgres-cdc/table-schema.js';
import { parsePostgresCdcConfig } from '../../../../connectors/postgres-cdc/postgres-cdc-config.js';
import type { CatalogColumn } from '../../../../connectors/postgres-cdc/table-catalog.js';

const cfg = parsePostgresCdcConfig({ 'topic.prefix': 'dbserver1', 'database.hostname': 'h', 'database.user': 'u', 'database.dbname': 'postgres' });
const text = (name: string, pk = -1): CatalogColumn => ({
  name, notNull: true, pkPosition: pk,
  type: { oid: pk >= 0 ? 23 : 1043, typeMod: -1, typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null },
});
const catalog = [text('id', 0), text('first_name'), text('last_name'), text('email')];
const table = new TableSchema('inventory', 'customers', catalog.map((c) => ({ name: c.name, typeOid: c.type.oid, typeMod: -1 })), catalog, {
  topicPrefix: 'dbserver1',
  filter: new TableFilter(cfg),
  typeOptions: { decimalMode: 'precise', timeMode: 'adaptive', intervalMode: 'numeric', binaryMode: 'bytes' },
  unavailablePlaceholder: '__debezium_unavailable_value',
});

const rowFields = [
  { type: 'int32', optional: false, field: 'id' },
  { type: 'string', optional: false, field: 'first_name' },
  { type: 'string', optional: false, field: 'last_name' },
  { type: 'string', optional: false, field: 'email' },
];

/** Debezium 3.1 postgres envelope schema for inventory.customers, as its JsonConverter prints it. */
const DEBEZIUM_SCHEMA = {
  type: 'struct',
  fields: [
    { type: 'struct', fields: rowFields, optional: true, name: 'dbserver1.inventory.customers.Value', field: 'before' },
    { type: 'struct', fields: rowFields, optional: true, name: 'dbserver1.inventory.customers.Value', field: 'after' },
    {
      type: 'struct',
      fields: [
        { type: 'string', optional: false, field: 'version' },
        { type: 'string', optional: false, field: 'connector' },
        { type: 'string', optional: false, field: 'name' },
        { type: 'int64', optional: false, field: 'ts_ms' },
        {
          type: 'string', optional: true, name: 'io.debezium.data.Enum', version: 1,
          parameters: { allowed: 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental' },
          default: 'false', field: 'snapshot',
        },
        { type: 'string', optional: false, field: 'db' },
        { type: 'string', optional: true, field: 'sequence' },
        { type: 'int64', optional: true, field: 'ts_us' },
        { type: 'int64', optional: true, field: 'ts_ns' },
        { type: 'string', optional: false, field: 'schema' },
        { type: 'string', optional: false, field: 'table' },
        { type: 'int64', optional: true, field: 'txId' },
        { type: 'int64', optional: true, field: 'lsn' },
        { type: 'int64', optional: true, field: 'xmin' },
      ],
      optional: false, name: 'io.debezium.connector.postgresql.Source', version: 1, field: 'source',
    },
    {
      type: 'struct',
      fields: [
        { type: 'string', optional: false, field: 'id' },
        { type: 'int64', optional: false, field: 'total_order' },
        { type: 'int64', optional: false, field: 'data_collection_order' },
      ],
      optional: true, name: 'event.block', version: 1, field: 'transaction',
    },
    { type: 'string', optional: false, field: 'op' },
    { type: 'int64', optional: true, field: 'ts_ms' },
    { type: 'int64', optional: true, field: 'ts_us' },
    { type: 'int64', optional: true, field: 'ts_ns' },
  ],
  optional: false,
  name: 'dbserver1.inventory.customers.Envelope',
  version: 2,
};

function toJson(schema: Parameters<JsonConverter['fromConnectData']>[2], value: unknown): any {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': 'true' }, false);
  return JSON.parse(Buffer.from(c.fromConnectData('t', null, schema, value)!).toString('utf8'));
}

describe('Debezium JSON compatibility', () => {
  it('writes the create event exactly as Debezium does (schema and payload)', () => {
    const records = new EventRecords('dbserver1', 'postgres');
    const tuple = ['1004', 'Anne', 'Kretchmar', 'annek@noanswer.org'];
    const rec = records.change(table, 'c', table.key(tuple), null, table.row(tuple), {
      tsMicros: 1_559_033_904_863_123n, snapshot: 'false', txId: 555, lsn: 24023128, lastCommitLsn: 24023119,
    }, { lsn: 24023128 });
    const value = toJson(rec.valueSchema, rec.value);
    expect(value.schema).toEqual(DEBEZIUM_SCHEMA);
    const { ts_ms, ts_us, ts_ns, ...payload } = value.payload;
    expect(payload).toEqual({
      before: null,
      after: { id: 1004, first_name: 'Anne', last_name: 'Kretchmar', email: 'annek@noanswer.org' },
      source: {
        version: '3.1.0.Final', connector: 'postgresql', name: 'dbserver1', ts_ms: 1559033904863, snapshot: 'false', db: 'postgres',
        sequence: '["24023119","24023128"]', ts_us: 1559033904863123, ts_ns: 1559033904863123000, schema: 'inventory', table: 'customers',
        txId: 555, lsn: 24023128, xmin: null,
      },
      transaction: null,
      op: 'c',
    });
    expect(typeof ts_ms).toBe('number');
    expect(ts_us).toBe(ts_ms * 1000);
    expect(typeof ts_ns).toBe('number');

    expect(toJson(rec.keySchema, rec.key)).toEqual({
      schema: { type: 'struct', fields: [{ type: 'int32', optional: false, field: 'id' }], optional: false, name: 'dbserver1.inventory.customers.Key' },
      payload: { id: 1004 },
    });
  });

  it('writes a tombstone as a null value (no schema, no payload bytes)', () => {
    const records = new EventRecords('dbserver1', 'postgres');
    const t = records.tombstone(table, { id: 1 }, { lsn: 1 });
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': 'true' }, false);
    expect(c.fromConnectData('t', null, t.valueSchema, t.value)).toBeNull();
  });
});
