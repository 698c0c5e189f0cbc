/**
 * ByteArrayConverter, compatible with Kafka's `org.apache.kafka.connect.converters.ByteArrayConverter`:
 * passes bytes through unchanged. Writing accepts only a bytes schema (or none) and a Uint8Array/Buffer
 * (or null); reading gives an optional-bytes schema. Also a HeaderConverter.
 */
import type { RawConfig } from '../src/api/config/define-config.js';
import {
  converterTypeConfigDef,
  type Converter,
  type ConverterDescriptor,
  type RecordOrigin,
  type SchemaAndValue,
} from '../src/api/converter.js';
import { ConversionError } from '../src/api/errors.js';
import type { HeaderConverter, HeaderConverterDescriptor } from '../src/api/header-converter.js';
import type { Schema } from '../src/api/schema.js';
import { Schemas } from '../src/api/schemas.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';

export const byteArrayConverterConfigDef = converterTypeConfigDef;

export class ByteArrayConverter implements Converter, HeaderConverter {
  config() {
    return byteArrayConverterConfigDef;
  }

  configure(_configs: RawConfig, _isKey?: boolean): void {
    // no settings
  }

  fromConnectData(topic: string, _headers: unknown, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    if (schema !== null && schema !== undefined && schema.type !== 'bytes') {
      throw new ConversionError(`Invalid schema type for ByteArrayConverter: ${schema.type} (topic '${topic}'); use a bytes schema or another converter`, {
        topic,
      });
    }
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    const what = Array.isArray(value) ? 'array' : typeof value;
    throw new ConversionError(`ByteArrayConverter is not compatible with values of type ${what} (topic '${topic}'); it needs a Uint8Array`, { topic });
  }

  toConnectData(_topic: string, _headers: unknown, bytes: Uint8Array | null, _origin?: RecordOrigin): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES, value: bytes ?? null };
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

export const byteArrayConverterDescriptor: ConverterDescriptor = {
  kind: 'converter',
  name: 'ByteArrayConverter',
  className: 'org.apache.kafka.connect.converters.ByteArrayConverter',
  aliases: ['ByteArrayConverter'],
  version: CONVERTERS_VERSION,
  configDef: byteArrayConverterConfigDef,
  description: 'Raw bytes passed through unchanged.',
  create: () => new ByteArrayConverter(),
};

export const byteArrayHeaderConverterDescriptor: HeaderConverterDescriptor = {
  ...byteArrayConverterDescriptor,
  kind: 'header_converter',
  create: () => new ByteArrayConverter(),
};

/** The class is both a converter and a header converter, as in Kafka: one descriptor for each kind. */
export const descriptors = [byteArrayConverterDescriptor, byteArrayHeaderConverterDescriptor];
