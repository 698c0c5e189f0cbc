/** Builds the partitioner `partitioner.class` names, checking the keys it needs. */
import { ConfigError } from '../../../src/api/index.js';
import type { S3SinkConfig } from '../sink/s3-sink-config.js';
import { DefaultPartitioner } from './default-partitioner.js';
import { FieldPartitioner } from './field-partitioner.js';
import type { Partitioner } from './partitioner.js';
import { TimeBasedPartitioner } from './time-based-partitioner.js';
import { ZoneOffsets } from './zone-offsets.js';

const HOUR = 3_600_000;
const DAILY_FORMAT = "'year'=YYYY/'month'=MM/'day'=dd";

export function partitionerKind(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

export function createPartitioner(cfg: S3SinkConfig): Partitioner {
  const kind = partitionerKind(cfg['partitioner.class']);
  switch (kind) {
    case 'DefaultPartitioner':
      return new DefaultPartitioner();
    case 'FieldPartitioner':
      if (cfg['partition.field.name'].length === 0) {
        throw new ConfigError('FieldPartitioner needs partition.field.name (a list of value fields)', { 'partition.field.name': ['required by FieldPartitioner'] });
      }
      return new FieldPartitioner(cfg['partition.field.name'], cfg['directory.delim']);
    case 'DailyPartitioner':
      return new TimeBasedPartitioner(DAILY_FORMAT.replaceAll('/', cfg['directory.delim']), 24 * HOUR, cfg.locale, zoneOf(cfg));
    case 'HourlyPartitioner':
      return new TimeBasedPartitioner(`${DAILY_FORMAT}/'hour'=HH`.replaceAll('/', cfg['directory.delim']), HOUR, cfg.locale, zoneOf(cfg));
    default: {
      const errors: Record<string, string[]> = {};
      if (cfg['path.format'] === '') errors['path.format'] = ['required by TimeBasedPartitioner'];
      if (cfg['partition.duration.ms'] <= 0) errors['partition.duration.ms'] = ['must be > 0 for TimeBasedPartitioner'];
      if (Object.keys(errors).length > 0) {
        throw new ConfigError('TimeBasedPartitioner needs path.format and partition.duration.ms > 0', errors);
      }
      return new TimeBasedPartitioner(cfg['path.format'], cfg['partition.duration.ms'], cfg.locale, zoneOf(cfg));
    }
  }
}

function zoneOf(cfg: S3SinkConfig): ZoneOffsets {
  if (cfg.timezone === '') {
    throw new ConfigError(`${partitionerKind(cfg['partitioner.class'])} needs timezone (e.g. UTC)`, { timezone: ['required by the time-based partitioners'] });
  }
  return new ZoneOffsets(cfg.timezone);
}
