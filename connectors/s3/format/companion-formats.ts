/** The `store.kafka.keys` / `store.kafka.headers` files written beside each data file, as Confluent names them. */
import { ByteArrayFormat } from './bytearray-format.js';
import { byteArraySeparator, formatKind, type FormatOptions } from './create-format.js';
import { HeadersJsonFormat } from './headers-json-format.js';
import { JsonFormat } from './json-format.js';
import type { RecordFormat } from './record-format.js';

export interface CompanionFormat {
  readonly kind: 'keys' | 'headers';
  readonly format: RecordFormat;
  /** `.keys.json`, `.headers.json.gz`, …: replaces the data file's extension. */
  readonly extension: string;
}

export interface CompanionOptions extends FormatOptions {
  readonly 'store.kafka.keys': boolean;
  readonly 'keys.format.class': string;
  readonly 'store.kafka.headers': boolean;
  readonly 's3.compression.type': string;
}

export function companionFormats(options: CompanionOptions): CompanionFormat[] {
  const gz = options['s3.compression.type'] === 'gzip' ? '.gz' : '';
  const decimal = options['json.decimal.format'] ?? 'BASE64';
  const out: CompanionFormat[] = [];
  if (options['store.kafka.keys']) {
    const format = formatKind(options['keys.format.class']) === 'bytearray'
      ? new ByteArrayFormat(options['format.bytearray.extension'], byteArraySeparator(options), 'key')
      : new JsonFormat(decimal, 'key');
    out.push({ kind: 'keys', format, extension: `.keys${format.extension}${gz}` });
  }
  if (options['store.kafka.headers']) out.push({ kind: 'headers', format: new HeadersJsonFormat(decimal), extension: `.headers.json${gz}` });
  return out;
}
