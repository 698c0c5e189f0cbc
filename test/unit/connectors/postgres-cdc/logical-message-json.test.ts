/** Logical decoding message events through JsonConverter (schemas.enable=true): Debezium's schema layout. */
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../../converters/json-converter.js';
import { EventRecords } from '../../../../connectors/postgres-cdc/event-records.js';
import { LogicalMessageRecords } from '../../../../connectors/postgres-cdc/logical-message-records.js';

function toJson(schema: Parameters<JsonConverter['fromConnectData']>[2], value: unknown): any {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': 'true' }, false);
  return JSON.parse(Buffer.from(c.fromConnectData('t', null, schema, value)!).toString('utf8'));
}

describe('logical decoding message JSON', () => {
  const pos = { tsMicros: 1_700_000_000_000_000n, snapshot: 'false', txId: null, lsn: 4242, lastCommitLsn: 4242 } as const;

  it('has Debezium\'s MessageKey and MessageValue schemas, field by field', () => {
    const rec = new LogicalMessageRecords(new EventRecords('dbserver1', 'postgres'), 'bytes').message('audit', Buffer.from('hi'), pos, { lsn: 4242 }, null);
    expect(rec.topic).toBe('dbserver1.message');
    expect(toJson(rec.keySchema, rec.key)).toEqual({
      schema: { type: 'struct', fields: [{ type: 'string', optional: true, field: 'prefix' }], optional: false, name: 'io.debezium.connector.postgresql.MessageKey', version: 1 },
      payload: { prefix: 'audit' },
    });
    const value = toJson(rec.valueSchema, rec.value);
    expect(value.schema.name).toBe('io.debezium.connector.postgresql.MessageValue');
    expect(value.schema.version).toBe(1);
    expect(value.schema.fields.map((f: { field: string; type: string; optional: boolean }) => [f.field, f.type, f.optional])).toEqual([
      ['op', 'string', false], ['ts_ms', 'int64', true], ['source', 'struct', false], ['transaction', 'struct', true], ['message', 'struct', false],
    ]);
    expect(value.schema.fields[4]).toEqual({
      type: 'struct',
      fields: [{ type: 'string', optional: true, field: 'prefix' }, { type: 'bytes', optional: true, field: 'content' }],
      optional: false, name: 'io.debezium.connector.postgresql.Message', version: 1, field: 'message',
    });
    expect(value.payload).toMatchObject({ op: 'm', transaction: null, message: { prefix: 'audit', content: 'aGk=' } });
    expect(value.payload.source).toMatchObject({ schema: '', table: '', txId: null, lsn: 4242, ts_ms: 1_700_000_000_000 });
  });

  it('writes the content as a string under the string binary modes', () => {
    const hex = new LogicalMessageRecords(new EventRecords('s', 'd'), 'hex').message('p', Buffer.from([0xfb, 0xff]), pos, {}, null);
    expect((hex.value as { message: { content: string } }).message.content).toBe('fbff');
    expect(hex.valueSchema!.fields![4]!.schema.fields![1]!.schema.type).toBe('string');
    const url = new LogicalMessageRecords(new EventRecords('s', 'd'), 'base64-url-safe').message('p', Buffer.from([0xfb, 0xff]), pos, {}, null);
    expect((url.value as { message: { content: string } }).message.content).toBe('-_8=');
  });
});
