/**
 * XmlConverter, compatible with IBM's `com.ibm.eventstreams.kafkaconnect.plugins.xml.XmlConverter`
 * (kafka-connect-xml-converter): XML bytes ⇄ Connect data, typed by an XSD when one is given (or embedded in
 * the document), schemaless otherwise. See converters/README.md ("XmlConverter") and docs/connectors/xml.md.
 */
import type { RawConfig } from '../src/api/config/define-config.js';
import { CONVERTER_TYPE_CONFIG, type Converter, type ConverterDescriptor, type RecordOrigin, type SchemaAndValue } from '../src/api/converter.js';
import { ConfigError } from '../src/api/errors.js';
import type { Schema } from '../src/api/schema.js';
import { conversionFailure } from './common/conversion-failure.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';
import { XmlCodec } from './xml/xml-codec.js';
import { xmlConverterConfigDef } from './xml/xml-config.js';
import { decodeXml } from './xml/xml-text-decoder.js';

export { xmlConverterConfigDef };

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

export class XmlConverter implements Converter {
  #codec: XmlCodec | undefined;

  config() {
    return xmlConverterConfigDef;
  }

  configure(configs: RawConfig, isKey: boolean): void {
    const config = xmlConverterConfigDef.parse({ ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' });
    try {
      this.#codec = new XmlCodec(config);
    } catch (err) {
      throw new ConfigError(`XmlConverter: ${(err as Error).message}`, { 'xsd.schema.path': [(err as Error).message] });
    }
  }

  #ready(): XmlCodec {
    return (this.#codec ??= new XmlCodec(xmlConverterConfigDef.parse({})));
  }

  /** null → null bytes (a tombstone stays a tombstone; IBM writes an empty byte array). */
  fromConnectData(topic: string, _headers: unknown, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    try {
      return Buffer.from(this.#ready().write(schema, value), 'utf8');
    } catch (err) {
      throw conversionFailure(`Converting Kafka Connect data to XML for topic '${topic}' failed`, err, topic);
    }
  }

  /** null or empty bytes → null (as IBM). Bytes are UTF-8 unless a BOM or the XML declaration says otherwise. */
  toConnectData(topic: string, _headers: unknown, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue {
    if (bytes === null || bytes === undefined || bytes.length === 0) return NULL_SCHEMA_AND_VALUE;
    const prefix = `Converting XML from topic '${topic}' to Kafka Connect data failed`;
    try {
      return this.#ready().read(decodeXml(bytes));
    } catch (err) {
      throw conversionFailure(prefix, err, topic, origin);
    }
  }

  close(): void {
    // nothing to release
  }
}

export const xmlConverterDescriptor: ConverterDescriptor = {
  kind: 'converter',
  name: 'XmlConverter',
  className: 'com.ibm.eventstreams.kafkaconnect.plugins.xml.XmlConverter',
  aliases: ['XmlConverter', 'io.tributary.connect.xml.XmlConverter'],
  version: CONVERTERS_VERSION,
  configDef: xmlConverterConfigDef,
  description: 'XML documents, typed by an XSD (given or embedded) or schemaless; IBM kafka-connect-xml-converter compatible.',
  create: () => new XmlConverter(),
};

export const descriptors = [xmlConverterDescriptor];
