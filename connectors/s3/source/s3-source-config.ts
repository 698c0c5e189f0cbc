/**
 * The S3 source's keys: the sink's connection and layout keys (same names, so a sink config minus its
 * sink-only keys reads the files back), plus what to restore and where to.
 */
import { atLeast, defineConfig, type ConfigOf } from '../../../src/api/index.js';
import { s3ConnectionConfigDef } from '../s3-common-config.js';

export const s3SourceConfigDef = s3ConnectionConfigDef.merge(defineConfig({
  'source.topics': {
    type: 'list', default: [], importance: 'high', group: 'Source',
    doc: 'The original topics to read back (directories under `topics.dir`). Empty means every topic found.',
  },
  'topic.mapping': {
    type: 'list', default: [], importance: 'medium', group: 'Source',
    doc: 'Renames on restore, as `original:target` pairs (e.g. `orders:orders_restored`). Unmapped topics keep their name.',
  },
  'poll.interval.ms': {
    type: 'long', default: 5000, validator: atLeast(1), importance: 'low', group: 'Source',
    doc: 'How long to wait before listing the bucket again once every known file was read.',
  },
  'batch.max.records': {
    type: 'int', default: 1000, validator: atLeast(1), importance: 'low', group: 'Source',
    doc: 'At most this many records per poll.',
  },
  'task.index': {
    type: 'int', default: 0, validator: atLeast(0), importance: 'low', group: 'Internal',
    doc: 'Set by the connector: this task reads the Kafka partitions whose hash modulo `task.count` is this index.',
  },
  'task.count': {
    type: 'int', default: 1, validator: atLeast(1), importance: 'low', group: 'Internal',
    doc: 'Set by the connector: the number of tasks sharing the files.',
  },
}));
export type S3SourceConfig = ConfigOf<typeof s3SourceConfigDef>;
