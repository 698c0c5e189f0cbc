/**
 * S3: a sink that writes Kafka partitions into S3 objects laid out exactly as Confluent's S3 sink does
 * (its config keys and class name work unchanged), with exactly-once object naming and recovery from the
 * bucket; and a source that reads those objects back (backup/restore, replay).
 */
import type { PluginDescriptor } from '../../src/api/index.js';
import { S3_CONNECTOR_VERSION } from './s3-common-config.js';
import { s3SinkConfigDef } from './sink/s3-sink-config.js';
import { S3SinkConnector } from './sink/s3-sink-connector.js';
import { s3SourceConfigDef } from './source/s3-source-config.js';
import { S3SourceConnector } from './source/s3-source-connector.js';

export { S3SinkConnector, S3SourceConnector };

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'sink',
    className: 'io.tributary.connect.s3.S3SinkConnector',
    aliases: ['io.confluent.connect.s3.S3SinkConnector', 'S3SinkConnector', 'S3Sink'],
    version: S3_CONNECTOR_VERSION,
    configDef: s3SinkConfigDef,
    description: 'Kafka partitions into S3 objects, Confluent-compatible layout, exactly-once file naming and recovery.',
    create: () => new S3SinkConnector(),
  },
  {
    kind: 'source',
    className: 'io.tributary.connect.s3.S3SourceConnector',
    aliases: ['S3SourceConnector', 'S3Source'],
    version: S3_CONNECTOR_VERSION,
    configDef: s3SourceConfigDef,
    description: 'Reads files written by the S3 sink back into Kafka, in order, resuming at the next record.',
    create: () => new S3SourceConnector(),
  },
];
