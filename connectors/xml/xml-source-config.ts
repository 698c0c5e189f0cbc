/**
 * XmlSource keys: where documents come from (a directory, optionally an HTTP URL), how they split into
 * records, plus the XmlConverter's format keys (XSD, attribute prefix, arrays, typing) for the record values.
 */
import { atLeast, defineConfig, nonEmptyString, oneOf, validRegex, type ConfigOf } from '../../src/api/index.js';
import { xmlFormatConfigDef } from '../../converters/xml/xml-config.js';

export const XML_CONNECTOR_VERSION = '1.0.0';

export const xmlSourceConfigDef = xmlFormatConfigDef.merge(
  defineConfig({
    topic: { type: 'string', validator: nonEmptyString, importance: 'high', doc: 'The topic to write records to.' },
    'input.path': {
      type: 'string', default: null, importance: 'high', group: 'Input',
      doc: 'Directory to read XML files from (files are read in name order; new files are picked up).',
    },
    'input.file.pattern': {
      type: 'string', default: '^.*\\.xml$', validator: validRegex, importance: 'medium', group: 'Input',
      doc: 'Regular expression a file name must match to be read.',
    },
    'input.file.min.age.ms': {
      type: 'long', default: 0, validator: atLeast(0), importance: 'medium', group: 'Input',
      doc: 'A file is read only once it has not been modified for this long, so a file still being copied in is not taken for a truncated document. 0: read files as soon as they are seen (drop them with an atomic rename).',
    },
    'xml.record.path': {
      type: 'string', validator: nonEmptyString, importance: 'high', group: 'Records',
      doc: 'Slash path from the root element to the elements that become records, e.g. orders/order ("*" matches any name). Names are compared without namespace prefixes unless xml.namespace.prefixes=keep.',
    },
    'batch.size': {
      type: 'int', default: 1000, validator: atLeast(1), importance: 'low', group: 'Records',
      doc: 'Most records returned by one poll.',
    },
    'poll.interval.ms': {
      type: 'int', default: 1000, validator: atLeast(1), importance: 'low', group: 'Input',
      doc: 'How long to wait before looking for new files when every known file is done.',
    },
    'read.buffer.bytes': {
      type: 'int', default: 65536, validator: atLeast(64), importance: 'low', group: 'Input',
      doc: 'Bytes read from a file (or HTTP body) at a time; with the record being built, this bounds the memory per task.',
    },
    'on.malformed.xml': {
      type: 'string', default: 'fail', validator: oneOf('fail', 'skip'), importance: 'medium', group: 'Records',
      doc: 'A document that is not well-formed, or a record that does not match the XSD: fail the task (naming file, line and column), or skip (log an error; for a malformed document the rest of it).',
    },
    'http.url': {
      type: 'string', default: null, importance: 'medium', group: 'HTTP',
      doc: 'Optional URL whose response body is one XML document, polled every http.poll.interval.ms (read by task 0).',
    },
    'http.poll.interval.ms': {
      type: 'int', default: 60000, validator: atLeast(1), importance: 'low', group: 'HTTP',
      doc: 'How often to fetch http.url. A response whose ETag (or Last-Modified) equals the last one read completely is skipped.',
    },
  }),
);
export type XmlSourceConfig = ConfigOf<typeof xmlSourceConfigDef>;

/** Task-level keys the connector adds to each task config (not user-facing). */
export const TASK_INDEX_KEY = 'xml.task.index';
export const TASK_COUNT_KEY = 'xml.task.count';

/** Source partition/offset field names. */
export const FILE_FIELD = 'file';
export const URL_FIELD = 'url';
export const RECORD_FIELD = 'record';
export const DONE_FIELD = 'done';
export const VERSION_FIELD = 'version';
