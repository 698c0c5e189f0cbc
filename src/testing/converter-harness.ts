import type { RawConfig } from '../api/config/define-config.js';
import type { Converter, SchemaAndValue } from '../api/converter.js';
import type { ReadonlyHeaders } from '../api/headers.js';
import type { Schema } from '../api/schema.js';

/** A configured converter for a unit test; `isKey` defaults to false (a value converter). */
export function configureConverter<C extends Converter>(converter: C, config: RawConfig = {}, isKey = false): C {
  converter.configure(config, isKey);
  return converter;
}

export interface RoundTrip {
  readonly bytes: Uint8Array | null;
  readonly back: SchemaAndValue;
}

/** Connect data → bytes → Connect data through one converter, as a record makes the trip source → sink. */
export function roundTrip(
  converter: Converter,
  topic: string,
  schema: Schema | null,
  value: unknown,
  headers?: ReadonlyHeaders,
): RoundTrip {
  const bytes = converter.fromConnectData(topic, headers, schema, value);
  return { bytes, back: converter.toConnectData(topic, headers, bytes) };
}
