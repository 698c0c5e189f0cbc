/**
 * JsonConverter, compatible with Apache Kafka's `org.apache.kafka.connect.json.JsonConverter`: with
 * `schemas.enable=true` every key/value is the envelope `{"schema":…,"payload":…}`; without it, bare JSON.
 * Also a HeaderConverter (same format per header). See converters/README.md for the exact rules.
 */
import { oneOfIgnoreCase, atLeast } from '../src/api/config/validators.js';
import type { ConfigOf, RawConfig } from '../src/api/config/define-config.js';
import {
  CONVERTER_TYPE_CONFIG,
  converterTypeConfigDef,
  type Converter,
  type ConverterDescriptor,
  type ConvertedParts,
  type RecordOrigin,
  type SchemaAndValue,
} from '../src/api/converter.js';
import { ConversionError } from '../src/api/errors.js';
import type { HeaderConverter, HeaderConverterDescriptor } from '../src/api/header-converter.js';
import type { Schema } from '../src/api/schema.js';
import { conversionFailure } from './common/conversion-failure.js';
import { CONVERTERS_VERSION } from './common/converter-version.js';
import { JsonDecoder } from './json/json-decoder.js';
import { JsonEncoder } from './json/json-encoder.js';
import { JsonReader, parseJsonExact, type JsonValue } from './json/json-reader.js';

export const jsonConverterConfigDef = converterTypeConfigDef.extend({
  'schemas.enable': {
    type: 'boolean',
    default: true,
    importance: 'high',
    doc: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas',
    orderInGroup: 0,
    width: 'medium',
    displayName: 'Enable Schemas',
  },
  'schemas.cache.size': {
    type: 'int',
    default: 1000,
    validator: atLeast(0),
    importance: 'high',
    doc: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas',
    orderInGroup: 1,
    width: 'medium',
    displayName: 'Schema Cache Size',
  },
  'decimal.format': {
    type: 'string',
    default: 'BASE64',
    validator: oneOfIgnoreCase('BASE64', 'NUMERIC'),
    importance: 'low',
    doc: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization',
    orderInGroup: 0,
    width: 'medium',
    displayName: 'Decimal Format',
  },
  'replace.null.with.default': {
    type: 'boolean',
    default: true,
    importance: 'low',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization',
    orderInGroup: 1,
    width: 'medium',
    displayName: 'Replace null with default',
  },
});
export type JsonConverterConfig = ConfigOf<typeof jsonConverterConfigDef>;

const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });
const ENVELOPE_REQUIRED =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

export class JsonConverter implements Converter, HeaderConverter {
  #config: JsonConverterConfig = jsonConverterConfigDef.parse({});
  #encoder!: JsonEncoder;
  #decoder!: JsonDecoder;
  /** The schema text seen last and its Schema: consecutive records usually share one. */
  #lastSchemaText: string | undefined;
  #lastSchema: Schema | null = null;
  readonly #reader = new JsonReader();
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor() {
    this.#apply();
  }

  config() {
    return jsonConverterConfigDef;
  }

  /** As a Converter pass `isKey`; as a HeaderConverter `converter.type=header` may come in `configs`. */
  configure(configs: RawConfig, isKey?: boolean): void {
    const raw = isKey === undefined ? configs : { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' };
    this.#config = jsonConverterConfigDef.parse(raw);
    this.#apply();
  }

  #apply(): void {
    const c = this.#config;
    const replaceNullWithDefault = c['replace.null.with.default'];
    this.#encoder = new JsonEncoder({ decimalNumeric: c['decimal.format'].toUpperCase() === 'NUMERIC', replaceNullWithDefault });
    this.#decoder = new JsonDecoder({ replaceNullWithDefault, schemaCacheSize: c['schemas.cache.size'] });
    this.#lastSchemaText = undefined;
    this.#lastSchema = null;
  }

  #schemaless(node: JsonValue | undefined, mayHoldDecimals: boolean): unknown {
    if (node === undefined) return null;
    return mayHoldDecimals ? this.#decoder.schemaless(node) : node;
  }

  /** How many schema texts are interned right now (bounded by `schemas.cache.size`). */
  get cachedSchemaCount(): number {
    return this.#decoder.cachedSchemaCount;
  }

  fromConnectData(topic: string, _headers: unknown, schema: Schema | null | undefined, value: unknown): Uint8Array | null {
    if ((schema === null || schema === undefined) && (value === null || value === undefined)) return null;
    try {
      if (this.#config['schemas.enable']) return this.#encoder.envelopeBytes(schema, value);
      return this.#bareBytes(schema, value);
    } catch (err) {
      throw conversionFailure(`Converting Kafka Connect data to JSON for topic '${topic}' failed`, err, topic);
    }
  }

  /** fromConnectData's bytes as the envelope's schema part (shared by every record of a Schema) and the rest. */
  fromConnectDataParts(topic: string, _headers: unknown, schema: Schema | null | undefined, value: unknown): ConvertedParts | null {
    if ((schema === null || schema === undefined) && (value === null || value === undefined)) return null;
    try {
      if (this.#config['schemas.enable']) return this.#encoder.envelopeParts(schema, value);
      return { shared: null, own: this.#bareBytes(schema, value) };
    } catch (err) {
      throw conversionFailure(`Converting Kafka Connect data to JSON for topic '${topic}' failed`, err, topic);
    }
  }

  #bareBytes(schema: Schema | null | undefined, value: unknown): Buffer {
    if (schema === null || schema === undefined) return Buffer.from(this.#encoder.value(null, value), 'utf8');
    return this.#encoder.valueBytes(schema, value);
  }

  toConnectData(topic: string, _headers: unknown, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue {
    if (bytes === null || bytes === undefined) return NULL_SCHEMA_AND_VALUE;
    const prefix = `Converting JSON from topic '${topic}' to Kafka Connect data failed`;
    try {
      const text = this.#utf8.decode(bytes);
      if (!this.#config['schemas.enable']) {
        const parsed = parseJsonExact(text, this.#reader);
        return { schema: null, value: this.#schemaless(parsed.value, parsed.mayHoldDecimals) };
      }
      const env = this.#reader.parseEnvelope(text, this.#lastSchemaText);
      if (env === undefined || env.keyCount !== 2 || env.schemaText === undefined || env.payloadText === undefined) {
        throw new ConversionError(`${prefix}: ${ENVELOPE_REQUIRED}`, { topic, partition: origin?.partition, offset: origin?.offset });
      }
      let schema: Schema | null;
      if (env.schemaText === this.#lastSchemaText) {
        schema = this.#lastSchema;
      } else {
        schema = this.#decoder.schemaFromText(env.schemaText);
        this.#lastSchemaText = env.schemaText;
        this.#lastSchema = schema;
      }
      const payload = parseJsonExact(env.payloadText, this.#reader);
      if (schema === null) return { schema, value: this.#schemaless(payload.value, payload.mayHoldDecimals) };
      return { schema, value: this.#decoder.value(schema, payload.value) };
    } catch (err) {
      throw conversionFailure(prefix, err, topic, origin);
    }
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

const CLASS_NAME = 'org.apache.kafka.connect.json.JsonConverter';

export const jsonConverterDescriptor: ConverterDescriptor = {
  kind: 'converter',
  name: 'JsonConverter',
  className: CLASS_NAME,
  aliases: ['JsonConverter'],
  version: CONVERTERS_VERSION,
  configDef: jsonConverterConfigDef,
  description: 'JSON with an optional {"schema","payload"} envelope, byte-compatible with Kafka Connect.',
  create: () => new JsonConverter(),
};

export const jsonHeaderConverterDescriptor: HeaderConverterDescriptor = {
  ...jsonConverterDescriptor,
  kind: 'header_converter',
  create: () => new JsonConverter(),
};

/** Kafka's JsonConverter is both a converter and a header converter: one descriptor for each kind. */
export const descriptors = [jsonConverterDescriptor, jsonHeaderConverterDescriptor];
