/** XmlSink keys: where and how records are written as XML, plus the XmlConverter's format keys. */
import { atLeast, defineConfig, nonEmptyString, oneOf, regex, type ConfigOf } from '../../src/api/index.js';
import { xmlFormatConfigDef } from '../../converters/xml/xml-config.js';

export const xmlSinkConfigDef = xmlFormatConfigDef.merge(
  defineConfig({
    'output.path': { type: 'string', validator: nonEmptyString, importance: 'high', group: 'Output', doc: 'Directory the XML files are written to.' },
    'file.mode': {
      type: 'string', default: 'batch', validator: oneOf('record', 'batch'), importance: 'high', group: 'Output',
      doc: 'record: one document per record, <topic>+<partition>+<offset>.xml. batch: records of one partition collected under batch.root.element.name in <topic>+<partition>+<first offset>.xml, rotated by flush.size and rotate.interval.ms.',
    },
    'flush.size': {
      type: 'int', default: 1000, validator: atLeast(1), importance: 'medium', group: 'Output',
      doc: 'batch mode: records per file; a file is written once it holds this many.',
    },
    'rotate.interval.ms': {
      type: 'long', default: 60000, validator: atLeast(1), importance: 'medium', group: 'Output',
      doc: 'batch mode: a file open this long (since its first record) is written at the next put or offset commit, so idle partitions flush too.',
    },
    'batch.root.element.name': {
      type: 'string', default: 'records', validator: regex(/[A-Za-z_][A-Za-z0-9._-]*/), importance: 'low', group: 'Output',
      doc: 'batch mode: the root element that wraps the records of a file.',
    },
    'behavior.on.null.values': {
      type: 'string', default: 'ignore', validator: oneOf('ignore', 'fail'), importance: 'low', group: 'Output',
      doc: 'What to do with a record whose value is null (a tombstone): ignore it, or fail the task.',
    },
    // Embedding an XSD in every record of a batch file is rarely wanted, so the sink's default differs.
    'schemas.enable': {
      type: 'boolean', default: false, importance: 'medium',
      doc: 'Embed an XSD generated from the struct schema in each written record element.',
    },
  }),
);
export type XmlSinkConfig = ConfigOf<typeof xmlSinkConfigDef>;
