/**
 * The S3 sink's keys: Confluent's names, types and defaults (plus two Tributary extras, marked so), so an
 * `io.confluent.connect.s3.S3SinkConnector` config runs unchanged.
 */
import { atLeast, defineConfig, oneOf, range, type ConfigOf } from '../../../src/api/index.js';
import { s3ConnectionConfigDef } from '../s3-common-config.js';

export const PARTITIONER_CLASSES = [
  'io.confluent.connect.storage.partitioner.DefaultPartitioner',
  'io.confluent.connect.storage.partitioner.FieldPartitioner',
  'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
  'io.confluent.connect.storage.partitioner.DailyPartitioner',
  'io.confluent.connect.storage.partitioner.HourlyPartitioner',
  'DefaultPartitioner',
  'FieldPartitioner',
  'TimeBasedPartitioner',
  'DailyPartitioner',
  'HourlyPartitioner',
] as const;

export const TIMESTAMP_EXTRACTORS = [
  'Wallclock',
  'Record',
  'RecordField',
  'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$Wallclock',
  'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor',
  'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordFieldTimestampExtractor',
] as const;

const MIB = 1024 * 1024;

export const s3SinkConfigDef = s3ConnectionConfigDef.extend({
  'flush.size': {
    type: 'int', validator: atLeast(1), importance: 'high', group: 'Connector',
    doc: 'Records per file: after this many records of one Kafka partition its open files are uploaded (committed).',
  },
  'rotate.interval.ms': {
    type: 'long', default: -1, importance: 'high', group: 'Connector',
    doc: 'Commit open files when a record\'s timestamp (per `timestamp.extractor`) is this far past the first record of the files, or when the encoded partition changes. Record time makes it deterministic, so a replay rewrites the same files. -1 disables.',
  },
  'rotate.schedule.interval.ms': {
    type: 'long', default: -1, importance: 'medium', group: 'Connector',
    doc: 'Commit open files on the wall clock, at multiples of this interval in `timezone` — including idle partitions, checked on every put and offset commit. Exactly-once is kept (see README). -1 disables.',
  },
  'behavior.on.null.values': {
    type: 'string', default: 'fail', validator: oneOf('ignore', 'fail', 'write'), importance: 'low', group: 'Connector',
    doc: 'Records with a null value: `fail` reports them as bad records (DLQ when configured, else the task fails), `ignore` skips them, `write` writes them under `tombstone.encoded.partition`.',
  },
  'tombstone.encoded.partition': {
    type: 'string', default: 'tombstone', importance: 'low', group: 'Connector',
    doc: 'Encoded partition that null values go to with `behavior.on.null.values=write`.',
  },
  'partitioner.class': {
    type: 'class', default: 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
    validator: oneOf(...PARTITIONER_CLASSES), importance: 'high', group: 'Partitioner',
    doc: 'How records map to directories: Default (`partition=<n>`), Field (`<field>=<value>/…`), TimeBased (`path.format`), Daily (`year=YYYY/month=MM/day=dd`), Hourly (Daily plus `/hour=HH`). Package-qualified and short names are accepted.',
  },
  'partition.field.name': {
    type: 'list', default: [], importance: 'medium', group: 'Partitioner',
    doc: 'FieldPartitioner: the value fields (dotted paths into nested structs/objects) that name the directories.',
  },
  'path.format': {
    type: 'string', default: '', importance: 'medium', group: 'Partitioner',
    doc: 'TimeBasedPartitioner: a Joda-Time pattern for the directories, with literals in quotes, e.g. `\'year\'=YYYY/\'month\'=MM/\'day\'=dd/\'hour\'=HH`.',
  },
  'partition.duration.ms': {
    type: 'long', default: -1, importance: 'medium', group: 'Partitioner',
    doc: 'TimeBasedPartitioner: the width of one time bucket (directory) in ms.',
  },
  'locale': {
    type: 'string', default: '', importance: 'medium', group: 'Partitioner',
    doc: 'Time partitioners: locale for month and day names in `path.format` (e.g. `en-US`). Empty means `en-US`.',
  },
  'timezone': {
    type: 'string', default: '', importance: 'medium', group: 'Partitioner',
    doc: 'Time partitioners and `rotate.schedule.interval.ms`: the IANA time zone (e.g. `UTC`, `Europe/Paris`). Required by the time partitioners.',
  },
  'timestamp.extractor': {
    type: 'string', default: 'Wallclock', validator: oneOf(...TIMESTAMP_EXTRACTORS), importance: 'medium', group: 'Partitioner',
    doc: 'The record time used by time partitioners and `rotate.interval.ms`: `Wallclock` (now), `Record` (the Kafka timestamp) or `RecordField` (`timestamp.field`).',
  },
  'timestamp.field': {
    type: 'string', default: 'timestamp', importance: 'medium', group: 'Partitioner',
    doc: 'RecordField extractor: the value field holding the time (epoch ms number, Date, or ISO-8601 string; dotted path for nested fields).',
  },
  's3.part.size': {
    type: 'int', default: 25 * MIB, validator: range(5 * MIB, 2 ** 31 - 1), importance: 'high', group: 'S3',
    doc: 'Multipart upload part size: a file grows past it in uploaded parts, so each open file holds at most about this many bytes in memory.',
  },
  's3.compression.level': {
    type: 'int', default: -1, validator: range(-1, 9), importance: 'low', group: 'Storage',
    doc: 'gzip level (-1 = zlib default).',
  },
  'json.decimal.format': {
    type: 'string', default: 'BASE64', validator: oneOf('BASE64', 'NUMERIC'), importance: 'low', group: 'Storage',
    doc: 'How JsonFormat writes Decimal values: `BASE64` (the unscaled two\'s-complement bytes, as Kafka\'s JsonConverter) or `NUMERIC` (a JSON number).',
  },
  'avro.codec': {
    type: 'string', default: 'null', validator: oneOf('null', 'deflate'), importance: 'low', group: 'Storage',
    doc: 'AvroFormat block compression.',
  },
  'parquet.codec': {
    type: 'string', default: 'snappy', validator: oneOf('none', 'snappy', 'gzip'), importance: 'low', group: 'Storage',
    doc: 'ParquetFormat page compression; it also names the extension (`.snappy.parquet`, `.gz.parquet`, `.parquet`).',
  },
  's3.max.buffered.bytes': {
    type: 'long', default: 256 * MIB, validator: atLeast(MIB), importance: 'medium', group: 'S3',
    doc: 'Tributary extra: a cap on the bytes all open files of the task hold in memory. Past it, the partition holding the most is committed early, so many partitions × directories cannot exhaust memory.',
  },
  's3.recover.from.bucket': {
    type: 'boolean', default: true, importance: 'low', group: 'Connector',
    doc: 'Tributary extra: when a partition is assigned, list its files in the bucket and resume from the start of the last written batch, so a crash between upload and offset commit neither duplicates nor loses records.',
  },
});
export type S3SinkConfig = ConfigOf<typeof s3SinkConfigDef>;
