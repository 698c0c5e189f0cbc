/**
 * Keys the S3 sink and source share: where the bucket is, how to authenticate, where the files live and
 * how they are encoded. Names, types and defaults follow Confluent's S3 sink, so its configs run unchanged.
 */
import { atLeast, defineConfig, nonEmptyString, oneOf } from '../../src/api/index.js';

export const S3_CONNECTOR_VERSION = '1.0.0';

/** Confluent's format classes and their short names. */
export const FORMAT_CLASSES = [
  'io.confluent.connect.s3.format.json.JsonFormat',
  'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
  'io.confluent.connect.s3.format.avro.AvroFormat',
  'io.confluent.connect.s3.format.parquet.ParquetFormat',
  'JsonFormat',
  'ByteArrayFormat',
  'AvroFormat',
  'ParquetFormat',
] as const;

/** What `keys.format.class` / `headers.format.class` accept (key and header files are JSON or raw bytes). */
export const KEY_FORMAT_CLASSES = [
  'io.confluent.connect.s3.format.json.JsonFormat',
  'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
  'JsonFormat',
  'ByteArrayFormat',
] as const;

export const s3ConnectionConfigDef = defineConfig({
  's3.bucket.name': {
    type: 'string', importance: 'high', group: 'S3',
    validator: nonEmptyString,
    doc: 'The S3 bucket.',
  },
  's3.region': {
    type: 'string', default: 'us-west-2', importance: 'medium', group: 'S3',
    doc: 'The AWS region of the bucket.',
  },
  'store.url': {
    type: 'string', default: null, importance: 'high', group: 'S3',
    doc: 'Custom S3 endpoint (MinIO, LocalStack, s3rver, …), e.g. `http://127.0.0.1:9000`. Empty means AWS.',
  },
  's3.path.style.access.enabled': {
    type: 'boolean', default: true, importance: 'low', group: 'S3',
    doc: 'Use path-style addressing (`<endpoint>/<bucket>/<key>`) instead of virtual-hosted buckets.',
  },
  'aws.access.key.id': {
    type: 'string', default: null, importance: 'high', group: 'S3',
    doc: 'AWS access key id. When empty, credentials come from the AWS default chain (environment, profile, instance role).',
  },
  'aws.secret.access.key': {
    type: 'password', default: null, importance: 'high', group: 'S3',
    doc: 'AWS secret access key (with `aws.access.key.id`). Masked in REST responses and logs.',
  },
  's3.part.retries': {
    type: 'int', default: 3, validator: atLeast(0), importance: 'medium', group: 'S3',
    doc: 'Retries of each S3 request (the AWS SDK backs off between attempts).',
  },
  'topics.dir': {
    type: 'string', default: 'topics', importance: 'high', group: 'Storage',
    doc: 'Top-level prefix of the object keys. Empty puts `<topic>/…` at the bucket root.',
  },
  'directory.delim': {
    type: 'string', default: '/', importance: 'low', group: 'Storage',
    doc: 'Separator between the parts of an object key.',
  },
  'file.delim': {
    type: 'string', default: '+', importance: 'low', group: 'Storage',
    doc: 'Separator between topic, partition and start offset in a file name.',
  },
  'format.class': {
    type: 'class', importance: 'high', group: 'Storage',
    validator: oneOf(...FORMAT_CLASSES),
    doc: 'The file format: JsonFormat (one JSON value per line, `.json`), ByteArrayFormat (raw bytes plus a separator, `.bin`), AvroFormat (Avro object container, `.avro`) or ParquetFormat (`.snappy.parquet`); Avro and Parquet are sink-only. The `io.confluent.connect.s3.format.*` class names and the short names are both accepted.',
  },
  's3.compression.type': {
    type: 'string', default: 'none', validator: oneOf('none', 'gzip'), importance: 'low', group: 'Storage',
    doc: 'Compression of JSON and ByteArray files: `gzip` adds `.gz` to the extension.',
  },
  'format.bytearray.extension': {
    type: 'string', default: '.bin', importance: 'low', group: 'Storage',
    doc: 'Extension of ByteArrayFormat files.',
  },
  'format.bytearray.separator': {
    type: 'string', default: null, importance: 'low', group: 'Storage',
    doc: 'Written after each ByteArrayFormat record (and split on by the source). Empty means a line separator (`\\n`).',
  },
  'store.kafka.keys': {
    type: 'boolean', default: false, importance: 'medium', group: 'Storage',
    doc: 'Also write each record\'s key, in a `<file>.keys.<ext>` file beside each data file (the source reads it back).',
  },
  'keys.format.class': {
    type: 'class', default: 'io.confluent.connect.s3.format.json.JsonFormat', validator: oneOf(...KEY_FORMAT_CLASSES),
    importance: 'low', group: 'Storage',
    doc: 'Format of the key files: JsonFormat or ByteArrayFormat (Confluent\'s default, Avro, is not supported for keys).',
  },
  'store.kafka.headers': {
    type: 'boolean', default: false, importance: 'medium', group: 'Storage',
    doc: 'Also write each record\'s headers, one JSON array of `{key, value}` per line, in a `<file>.headers.json` file beside each data file.',
  },
  'filename.offset.zero.pad.width': {
    type: 'int', default: 10, validator: atLeast(0), importance: 'low', group: 'Storage',
    doc: 'Width the start offset in file names is zero-padded to.',
  },
});
