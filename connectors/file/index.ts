/** connect-file: FileStreamSource and FileStreamSink, config-compatible with Apache Kafka's. */
import type { PluginDescriptor } from '../../src/api/index.js';
import { FILE_CONNECTOR_VERSION, fileStreamSinkConfigDef, fileStreamSourceConfigDef } from './file-stream-config.js';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';

export { FileStreamSourceConnector, FileStreamSinkConnector };

export const descriptors: readonly PluginDescriptor[] = [
  {
    kind: 'source',
    className: 'io.tributary.connect.file.FileStreamSourceConnector',
    aliases: ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSource'],
    version: FILE_CONNECTOR_VERSION,
    configDef: fileStreamSourceConfigDef,
    description: 'Lines of a file (or stdin) into a topic; resumes by byte position and follows appends.',
    create: () => new FileStreamSourceConnector(),
  },
  {
    kind: 'sink',
    className: 'io.tributary.connect.file.FileStreamSinkConnector',
    aliases: ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSink'],
    version: FILE_CONNECTOR_VERSION,
    configDef: fileStreamSinkConfigDef,
    description: 'Record values appended to a file (or stdout), one line each.',
    create: () => new FileStreamSinkConnector(),
  },
];
