/**
 * StringConverter, compatible with Kafka's `org.apache.kafka.connect.storage.StringConverter`: writes any
 * value as `String(value)` in `converter.encoding` (null stays null); reads bytes as an optional string.
 * Also a HeaderConverter.
 */
import type { ConfigOf, RawConfig } from '../src/api/config/define-config.js';
import {
  CONVERTER_TYPE_CONFIG,
  converterTypeConfigDef,
  type Converter,
  type ConverterDescriptor,
  type RecordOrigin,
  type SchemaAndValue,
} from '../src/api/converter.js';
import type { HeaderConverter, HeaderConverterDescriptor } from '../src/api/header-converter.js';
import type { Schema } from '../src/api/schema.js';
import { Schemas } from '../src/api/schemas.js';
import { charsetFor, validCharset, type Charset } from './common/charset.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';

export const stringConverterConfigDef = converterTypeConfigDef.extend({
  'converter.encoding': {
    type: 'string',
    default: 'UTF-8',
    validator: validCharset,
    importance: 'high',
    doc: 'The name of the Java character set to use for encoding strings as byte arrays.',
    width: 'medium',
    displayName: 'Encoding',
  },
});
export type StringConverterConfig = ConfigOf<typeof stringConverterConfigDef>;

export class StringConverter implements Converter, HeaderConverter {
  #charset: Charset = charsetFor('UTF-8')!;

  config() {
    return stringConverterConfigDef;
  }

  configure(configs: RawConfig, isKey?: boolean): void {
    const raw = isKey === undefined ? configs : { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' };
    this.#charset = charsetFor(stringConverterConfigDef.parse(raw)['converter.encoding'])!;
  }

  fromConnectData(_topic: string, _headers: unknown, _schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    return value === null || value === undefined ? null : this.#charset.encode(String(value));
  }

  toConnectData(_topic: string, _headers: unknown, bytes: Uint8Array | null, _origin?: RecordOrigin): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_STRING, value: bytes === null || bytes === undefined ? null : this.#charset.decode(bytes) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, undefined, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue {
    return this.toConnectData(topic, undefined, bytes, origin);
  }

  close(): void {
    // nothing to release
  }
}

export const stringConverterDescriptor: ConverterDescriptor = {
  kind: 'converter',
  name: 'StringConverter',
  className: 'org.apache.kafka.connect.storage.StringConverter',
  aliases: ['StringConverter'],
  version: CONVERTERS_VERSION,
  configDef: stringConverterConfigDef,
  description: 'Values as text in a configurable encoding; reads as an optional string.',
  create: () => new StringConverter(),
};

export const stringHeaderConverterDescriptor: HeaderConverterDescriptor = {
  ...stringConverterDescriptor,
  kind: 'header_converter',
  create: () => new StringConverter(),
};

/** The class is both a converter and a header converter, as in Kafka: one descriptor for each kind. */
export const descriptors = [stringConverterDescriptor, stringHeaderConverterDescriptor];
