import { describe, expect, it } from 'vitest';
import { fileName, objectKey, parseFileName, type KeyLayout } from '../../../../connectors/s3/object-key.js';

const layout: KeyLayout = { topicsDir: 'topics', directoryDelim: '/', fileDelim: '+', zeroPadWidth: 10 };

describe('S3 object keys', () => {
  it('follows Confluent: <topics.dir>/<topic>/<encoded>/<topic>+<partition>+<offset %010d>.<ext>', () => {
    expect(objectKey(layout, 'orders', 'partition=3', 3, 1200, '.json')).toBe('topics/orders/partition=3/orders+3+0000001200.json');
    expect(objectKey({ ...layout, topicsDir: '' }, 'orders', 'year=2026/month=08', 0, 0, '.avro')).toBe('orders/year=2026/month=08/orders+0+0000000000.avro');
    expect(fileName(layout, 't', 0, 12345678901, '.bin')).toBe('t+0+12345678901.bin');
  });

  it('parses names back, taking partition and offset from the right (topics may contain the delimiter)', () => {
    expect(parseFileName(layout, 'topics/a+b/partition=1/a+b+1+0000000042.json.gz')).toEqual({ topic: 'a+b', partition: 1, startOffset: 42, extension: '.json.gz' });
    expect(parseFileName(layout, 'topics/x/partition=0/readme.txt')).toBeUndefined();
    expect(parseFileName(layout, 'topics/x/partition=0/x+p+0000000001.json')).toBeUndefined();
  });
});
