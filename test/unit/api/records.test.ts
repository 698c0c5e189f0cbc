import { describe, expect, it } from 'vitest';
import { EMPTY_HEADERS, Headers } from '../../../src/api/headers.js';
import { connectRecord, newRecord, sinkRecord, sourceRecord, type SinkRecord, type SourceRecord } from '../../../src/api/records.js';
import { Schemas } from '../../../src/api/schemas.js';

describe('record factories', () => {
  it('sourceRecord fills every field, missing ones null', () => {
    const r = sourceRecord({ topic: 't', value: 'v', valueSchema: Schemas.STRING, sourcePartition: { table: 'a' }, sourceOffset: { id: 5 } });
    expect(r).toEqual({
      topic: 't',
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: Schemas.STRING,
      value: 'v',
      timestamp: null,
      headers: EMPTY_HEADERS,
      sourcePartition: { table: 'a' },
      sourceOffset: { id: 5 },
    });
  });

  it('sinkRecord defaults original coordinates and the timestamp type', () => {
    const r = sinkRecord({ topic: 't', kafkaPartition: 2, kafkaOffset: 40, value: 1, timestamp: 1000 });
    expect(r).toMatchObject({ originalTopic: 't', originalKafkaPartition: 2, originalKafkaOffset: 40, timestampType: 'CreateTime' });
    expect(sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0 }).timestampType).toBe('NoTimestampType');
  });

  it('keeps a given Headers object and copies header entries', () => {
    const h = new Headers().add('a', 1);
    expect(connectRecord({ topic: 't', headers: h }).headers).toBe(h);
    const fromEntries = connectRecord({ topic: 't', headers: [{ key: 'b', value: 2 }] }).headers;
    expect(fromEntries.lastWithName('b')?.value).toBe(2);
  });
});

describe('newRecord', () => {
  it('copies with changes and leaves the input untouched', () => {
    const input: SourceRecord = Object.freeze(
      sourceRecord({ topic: 't', key: 'k', value: { a: 1 }, sourcePartition: { p: 1 }, sourceOffset: { o: 9 } }),
    );
    const out = newRecord(input, { topic: 'u', value: { a: 2 }, valueSchema: null });
    expect(out).not.toBe(input);
    expect(out).toMatchObject({ topic: 'u', key: 'k', value: { a: 2 }, sourcePartition: { p: 1 }, sourceOffset: { o: 9 } });
    expect(input.topic).toBe('t');
    expect(input.value).toEqual({ a: 1 });
  });

  it('keeps sink coordinates so the runtime commits the consumed offset', () => {
    const input = sinkRecord({ topic: 'orders', kafkaPartition: 3, kafkaOffset: 77, value: 1 });
    const out: SinkRecord = newRecord(input, { topic: 'orders-renamed', kafkaPartition: 0 });
    expect(out).toMatchObject({
      topic: 'orders-renamed',
      kafkaPartition: 0,
      kafkaOffset: 77,
      originalTopic: 'orders',
      originalKafkaPartition: 3,
      originalKafkaOffset: 77,
    });
  });

  it('ignores undefined in changes but applies null', () => {
    const input = connectRecord({ topic: 't', key: 'k', value: 'v' });
    expect(newRecord(input, { key: undefined, value: null })).toMatchObject({ key: 'k', value: null });
  });

  it('is read-only at compile time, and shared empty headers are guarded at run time too', () => {
    const r = connectRecord({ topic: 't' });
    const mutations = () => {
      // @ts-expect-error records are readonly: transforms must use newRecord
      r.topic = 'x';
    };
    expect(mutations).toBeTypeOf('function');
    // @ts-expect-error record headers are ReadonlyHeaders: duplicate() before editing
    expect(() => r.headers.add('a', 1)).toThrow(/duplicate\(\)/);
    expect(r.headers.duplicate().add('a', 1).size).toBe(1);
    expect(r.headers.size).toBe(0);
  });
});
