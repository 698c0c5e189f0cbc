/** Resolves `format.class` (Confluent class name or short name) to a format. */
import { ConfigError } from '../../../src/api/index.js';
import { ByteArrayFormat } from './bytearray-format.js';
import { JsonFormat } from './json-format.js';
import type { DecimalFormat } from './json-value.js';
import type { RecordFormat } from './record-format.js';

export type FormatKind = 'json' | 'bytearray' | 'avro' | 'parquet';

export function formatKind(formatClass: string): FormatKind {
  const short = formatClass.slice(formatClass.lastIndexOf('.') + 1);
  if (short === 'JsonFormat') return 'json';
  if (short === 'ByteArrayFormat') return 'bytearray';
  if (short === 'AvroFormat') return 'avro';
  if (short === 'ParquetFormat') return 'parquet';
  throw new ConfigError(`Invalid value ${formatClass} for configuration format.class`, { 'format.class': [`unknown format ${formatClass}`] });
}

export interface FormatOptions {
  readonly 'format.class': string;
  readonly 'format.bytearray.extension': string;
  readonly 'format.bytearray.separator': string | null;
  readonly 'json.decimal.format'?: DecimalFormat;
  readonly 'avro.codec'?: string;
  readonly 'parquet.codec'?: 'none' | 'snappy' | 'gzip';
}

/** The separator ByteArrayFormat writes after each record (and the source splits on). */
export function byteArraySeparator(options: FormatOptions): string {
  const sep = options['format.bytearray.separator'];
  return sep === null || sep === '' ? '\n' : sep;
}

export async function createFormat(options: FormatOptions): Promise<RecordFormat> {
  switch (formatKind(options['format.class'])) {
    case 'json':
      return new JsonFormat(options['json.decimal.format'] ?? 'BASE64');
    case 'bytearray':
      return new ByteArrayFormat(options['format.bytearray.extension'], byteArraySeparator(options));
    case 'avro': {
      const { AvroFormat } = await import('./avro-format.js');
      return new AvroFormat(options['avro.codec'] === 'deflate' ? 'deflate' : 'null');
    }
    case 'parquet': {
      const { ParquetFormat } = await import('./parquet-format.js');
      return new ParquetFormat(options['parquet.codec'] ?? 'snappy');
    }
  }
}
