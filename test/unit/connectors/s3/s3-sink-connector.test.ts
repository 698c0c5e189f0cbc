import { describe, expect, it } from 'vitest';
import { S3SinkConnector } from '../../../../connectors/s3/sink/s3-sink-connector.js';

const base = { 's3.bucket.name': 'b', 'format.class': 'JsonFormat', 'flush.size': '10' };
const errorsOf = (raw: Record<string, string>) =>
  Object.fromEntries(new S3SinkConnector().validate(raw).filter((v) => v.errors.length > 0).map((v) => [v.name, v.errors]));

describe('S3SinkConnector.validate', () => {
  it('accepts a minimal Confluent config', () => {
    expect(errorsOf(base)).toEqual({});
  });

  it('names the keys each partitioner needs', () => {
    expect(Object.keys(errorsOf({ ...base, 'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner' }))).toEqual(['partition.field.name']);
    expect(Object.keys(errorsOf({ ...base, 'partitioner.class': 'TimeBasedPartitioner', timezone: 'UTC' })).sort()).toEqual(['partition.duration.ms', 'path.format']);
    expect(Object.keys(errorsOf({ ...base, 'partitioner.class': 'DailyPartitioner' }))).toEqual(['timezone']);
    expect(Object.keys(errorsOf({ ...base, 'partitioner.class': 'HourlyPartitioner', timezone: 'Nowhere/Land' }))).toEqual(['timezone']);
    expect(Object.keys(errorsOf({ ...base, 'partitioner.class': 'TimeBasedPartitioner', timezone: 'UTC', 'partition.duration.ms': '1000', 'path.format': 'ww' }))).toEqual(['path.format']);
  });

  it('reports missing required keys and bad values from the ConfigDef', () => {
    expect(Object.keys(errorsOf({ 'format.class': 'XmlFormat', 's3.part.size': '1024' })).sort()).toEqual(['flush.size', 'format.class', 's3.bucket.name', 's3.part.size']);
  });

  it('gives each task the connector props', () => {
    const c = new S3SinkConnector();
    c.start(base);
    expect(c.taskConfigs(2)).toEqual([base, base]);
  });
});
