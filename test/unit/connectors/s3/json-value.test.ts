import { describe, expect, it } from 'vitest';
import { Decimal, SchemaBuilder, Schemas, ConnectDate, ConnectTimestamp, ConnectTime } from '../../../../src/api/index.js';
import { toJsonText } from '../../../../connectors/s3/format/json-value.js';

describe('toJsonText (JsonFormat values)', () => {
  it('writes structs in field order with logical types as Kafka\'s JsonConverter does', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT64)
      .field('price', Decimal.builder(2).build())
      .field('day', ConnectDate.SCHEMA)
      .field('at', ConnectTimestamp.SCHEMA)
      .field('time', ConnectTime.SCHEMA)
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .field('opt', Schemas.OPTIONAL_STRING)
      .build();
    const value = { opt: null, tags: ['a'], time: new Date(Date.UTC(1970, 0, 1, 0, 0, 1)), at: new Date(86_400_000), day: new Date(86_400_000 * 2), price: '1.23', id: 7n };
    expect(toJsonText(schema, value, 'BASE64')).toBe('{"id":7,"price":"ew==","day":2,"at":86400000,"time":1000,"tags":["a"],"opt":null}');
    expect(toJsonText(schema, value, 'NUMERIC')).toContain('"price":1.23');
  });

  it('writes schemaless values, maps with non-string keys as pairs, and non-finite numbers as strings', () => {
    expect(toJsonText(null, { a: [1, 'x', true, null], b: new Uint8Array([255]) }, 'BASE64')).toBe('{"a":[1,"x",true,null],"b":"/w=="}');
    expect(toJsonText(null, new Map([[1, 'one']]), 'BASE64')).toBe('[[1,"one"]]');
    expect(toJsonText(null, new Map([['k', 1]]), 'BASE64')).toBe('{"k":1}');
    expect(toJsonText(null, Number.NaN, 'BASE64')).toBe('"NaN"');
  });
});
