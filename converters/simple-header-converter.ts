/**
 * SimpleHeaderConverter, compatible with Kafka's `org.apache.kafka.connect.storage.SimpleHeaderConverter`
 * (Kafka Connect's default `header.converter`): writes a header value as the UTF-8 text of
 * `Values.convertToString`, and reads text back by inferring its schema (`Values.parseString`, see
 * values/values-parser.ts for the rules and the deliberate differences). Bytes that are not valid UTF-8
 * come back as the raw bytes with a BYTES schema, as Kafka does when parsing fails.
 */
import { defineConfig, type RawConfig } from '../src/api/config/define-config.js';
import type { RecordOrigin, SchemaAndValue } from '../src/api/converter.js';
import type { HeaderConverter, HeaderConverterDescriptor } from '../src/api/header-converter.js';
import type { Schema } from '../src/api/schema.js';
import { Schemas } from '../src/api/schemas.js';
import { conversionFailure } from './common/conversion-failure.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';
import { convertToString } from './values/values-format.js';
import { parseString } from './values/values-parser.js';

export const simpleHeaderConverterConfigDef = defineConfig({});

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

export class SimpleHeaderConverter implements HeaderConverter {
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });

  config() {
    return simpleHeaderConverterConfigDef;
  }

  configure(_configs: RawConfig): void {
    // no settings
  }

  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    try {
      return Buffer.from(convertToString(schema, value) ?? '', 'utf8');
    } catch (err) {
      throw conversionFailure(`Failed to serialize header '${headerKey}' for topic '${topic}'`, err, topic);
    }
  }

  toConnectHeader(_topic: string, _headerKey: string, bytes: Uint8Array | null, _origin?: RecordOrigin): SchemaAndValue {
    if (bytes === null || bytes === undefined) return NULL_SCHEMA_AND_VALUE;
    let text: string;
    try {
      text = this.#utf8.decode(bytes);
    } catch {
      return { schema: Schemas.BYTES, value: bytes };
    }
    try {
      return parseString(text);
    } catch {
      return { schema: Schemas.BYTES, value: bytes }; // as Kafka: unparseable text falls back to the raw bytes
    }
  }

  close(): void {
    // nothing to release
  }
}

export const simpleHeaderConverterDescriptor: HeaderConverterDescriptor = {
  kind: 'header_converter',
  name: 'SimpleHeaderConverter',
  className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
  aliases: ['SimpleHeaderConverter'],
  version: CONVERTERS_VERSION,
  configDef: simpleHeaderConverterConfigDef,
  description: 'Header values as text, with the schema inferred on read (booleans, numbers, dates, arrays, maps).',
  create: () => new SimpleHeaderConverter(),
};

export const descriptors = [simpleHeaderConverterDescriptor];
