import { describe, expect, it } from 'vitest';
import { sinkRecord } from '../../../../src/api/index.js';
import { createTimestampExtractor } from '../../../../connectors/s3/partitioner/timestamp-extractor.js';
import { taskOwns } from '../../../../connectors/s3/source/task-owns.js';

const rec = (value: unknown, timestamp: number | null = 5) => sinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 9, value, timestamp });

describe('timestamp extractors', () => {
  it('Wallclock is now, Record the Kafka timestamp (Confluent class names accepted)', () => {
    expect(createTimestampExtractor('Wallclock', 'x')(rec({}), 42)).toBe(42);
    expect(createTimestampExtractor('io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor', 'x')(rec({}), 42)).toBe(5);
    expect(() => createTimestampExtractor('Record', 'x')(rec({}, null), 42)).toThrow(expect.objectContaining({ code: 'TRIB_DATA' }));
  });

  it('RecordField reads epoch ms, bigint, Date or ISO-8601 from a (nested) field, and names bad ones', () => {
    const f = createTimestampExtractor('RecordField', 'm.at');
    expect(f(rec({ m: { at: 1000 } }), 0)).toBe(1000);
    expect(f(rec({ m: { at: 2000n } }), 0)).toBe(2000);
    expect(f(rec({ m: { at: new Date(3000) } }), 0)).toBe(3000);
    expect(f(rec({ m: new Map([['at', '1970-01-01T00:00:04Z']]) }), 0)).toBe(4000);
    expect(() => f(rec({ m: { at: 'soon' } }), 0)).toThrow(/m\.at.*offset 9/);
  });
});

describe('taskOwns', () => {
  it('gives every partition to exactly one task', () => {
    for (let p = 0; p < 50; p++) {
      const owners = [0, 1, 2].filter((i) => taskOwns('orders', p, i, 3));
      expect(owners).toHaveLength(1);
    }
    expect(taskOwns('x', 1, 0, 1)).toBe(true);
  });
});
