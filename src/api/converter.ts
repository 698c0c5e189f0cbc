/**
 * Converters turn a record's key or value between Connect data (schema + plain JS value, see schema.ts)
 * and the bytes stored in Kafka. The runtime calls them once per record on both the source and the sink
 * side, so they are synchronous: no promise per record. They throw `DataError`/`ConversionError`
 * (errors.ts) and never retry or swallow; the runtime's error policy decides what happens next.
 *
 * Configuration: the runtime passes the `key.converter.`/`value.converter.` sub-config (prefix stripped)
 * to `configure(configs, isKey)`, as Kafka Connect does.
 */
import { defineConfig, type ConfigDef, type RawConfig } from './config/define-config.js';
import { oneOf } from './config/validators.js';
import type { ReadonlyHeaders } from './headers.js';
import type { PluginDescriptor } from './plugin-descriptor.js';
import type { Schema } from './schema.js';

/** The key every converter accepts (Kafka's `ConverterConfig`); the runtime sets it from `isKey`. */
export const CONVERTER_TYPE_CONFIG = 'converter.type';

/**
 * Kafka's `ConverterConfig.newConfigDef()`: the base every converter's ConfigDef extends. Kafka declares
 * the key without a default because its runtime always sets it; here it may be absent (null).
 */
export const converterTypeConfigDef = defineConfig({
  [CONVERTER_TYPE_CONFIG]: {
    type: 'string',
    default: null,
    validator: oneOf('key', 'value', 'header'),
    importance: 'low',
    doc: 'How this converter will be used.',
  },
});

/** A schema and the value it describes. Both are null for a tombstone / absent value. */
export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/** Where bytes came from, so a conversion error can name the record (ConversionError carries these). */
export interface RecordOrigin {
  readonly partition?: number;
  readonly offset?: number;
}

/** A converter's output in two parts (see Converter.fromConnectDataParts): the bytes are `shared ++ own`. */
export interface ConvertedParts {
  /** Bytes many records share (the same object each time), or null when there are none. */
  readonly shared: Uint8Array | null;
  readonly own: Uint8Array;
}

export interface Converter {
  /** Called once before use. `isKey` says whether this instance converts keys or values. */
  configure(configs: RawConfig, isKey: boolean): void;
  /** The keys this converter accepts (drives REST validate and the docs). */
  config(): ConfigDef;
  /**
   * Connect data → bytes; `null` for a tombstone. `headers` are the record's headers (undefined when
   * there are none); converters that don't need them ignore them.
   */
  fromConnectData(
    topic: string,
    headers: ReadonlyHeaders | undefined,
    schema: Schema | null | undefined,
    value: unknown,
  ): Uint8Array | null;
  /**
   * Optional, for speed: fromConnectData's bytes in two parts, `shared ++ own`, where `shared` is the same
   * bytes for many records (the same object, e.g. JsonConverter's `{"schema":…,"payload":` for one Schema)
   * and `own` the record's rest. Source tasks hand both to the producer, which writes them one after the
   * other, so the shared part is neither copied nor allocated per record. `null` for a tombstone. The
   * runtime uses fromConnectData when this is absent; both must give the same bytes.
   */
  fromConnectDataParts?(
    topic: string,
    headers: ReadonlyHeaders | undefined,
    schema: Schema | null | undefined,
    value: unknown,
  ): ConvertedParts | null;
  /**
   * Bytes → Connect data. `null` bytes (a tombstone) give `{ schema: null, value: null }`. `origin` lets a
   * ConversionError name the record's partition and offset.
   */
  toConnectData(topic: string, headers: ReadonlyHeaders | undefined, bytes: Uint8Array | null, origin?: RecordOrigin): SchemaAndValue;
  /** Releases resources; safe to call more than once. */
  close(): void;
}

/** What a converter plugin module exports (in its `descriptors` array) so the registry can list and build it. */
export interface ConverterDescriptor extends PluginDescriptor<Converter> {
  readonly kind: 'converter';
  /** The short name (also an alias), e.g. `JsonConverter`. */
  readonly name: string;
  readonly configDef: ConfigDef;
}
