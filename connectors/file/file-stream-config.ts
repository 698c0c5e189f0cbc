/**
 * FileStreamSource/FileStreamSink config keys, as Apache Kafka's connect-file declares them (same names,
 * types and defaults), so a Kafka `connect-file-source.properties` runs unchanged.
 */
import { defineConfig, nonEmptyString, atLeast, type ConfigOf } from '../../src/api/index.js';

export const fileStreamSourceConfigDef = defineConfig({
  file: {
    type: 'string', default: null, importance: 'high',
    doc: 'Source filename. If not specified, the standard input will be used.',
  },
  topic: {
    type: 'string', validator: nonEmptyString, importance: 'high',
    doc: 'The topic to publish data to.',
  },
  'batch.size': {
    type: 'int', default: 2000, validator: atLeast(1), importance: 'low',
    doc: 'The maximum number of records the source task can read from the file each time it is polled.',
  },
});
export type FileStreamSourceConfig = ConfigOf<typeof fileStreamSourceConfigDef>;

export const fileStreamSinkConfigDef = defineConfig({
  file: {
    type: 'string', default: null, importance: 'high',
    doc: 'Destination filename. If not specified, the standard output will be used.',
  },
});
export type FileStreamSinkConfig = ConfigOf<typeof fileStreamSinkConfigDef>;

/** Kafka's partition and offset field names, so offsets copy between Kafka and Tributary. */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';
export const FILE_CONNECTOR_VERSION = '1.0.0';
