/**
 * Header converters turn one header value between Connect data and bytes (Kafka Connect's
 * `header.converter`, default SimpleHeaderConverter). Synchronous, like `Converter`.
 */
import type { ConfigDef, RawConfig } from './config/define-config.js';
import type { RecordOrigin, SchemaAndValue } from './converter.js';
import type { PluginDescriptor } from './plugin-descriptor.js';
import type { Schema } from './schema.js';

export interface HeaderConverter {
  configure(configs: RawConfig): void;
  config(): ConfigDef;
  /** One header's value → bytes; `null` value → `null` bytes. */
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null | undefined, value: unknown): Uint8Array | null;
  /** One header's bytes → schema + value; `null` bytes → `{ schema: null, value: null }`. */
  toConnectHeader(topic: string, headerKey: string, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue;
  close(): void;
}

export interface HeaderConverterDescriptor extends PluginDescriptor<HeaderConverter> {
  readonly kind: 'header_converter';
  readonly name: string;
  readonly configDef: ConfigDef;
}
