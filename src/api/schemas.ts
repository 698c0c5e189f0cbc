import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

/**
 * Ready-made primitive schemas, required and optional. They are frozen singletons, so code may compare
 * them by identity (`schema === Schemas.STRING`) — though `schemaEquals` is the safe test for schemas
 * that came off the wire.
 */
export const Schemas = Object.freeze({
  INT8: SchemaBuilder.int8().build(),
  INT16: SchemaBuilder.int16().build(),
  INT32: SchemaBuilder.int32().build(),
  INT64: SchemaBuilder.int64().build(),
  FLOAT32: SchemaBuilder.float32().build(),
  FLOAT64: SchemaBuilder.float64().build(),
  BOOLEAN: SchemaBuilder.bool().build(),
  STRING: SchemaBuilder.string().build(),
  BYTES: SchemaBuilder.bytes().build(),
  OPTIONAL_INT8: SchemaBuilder.int8().optional().build(),
  OPTIONAL_INT16: SchemaBuilder.int16().optional().build(),
  OPTIONAL_INT32: SchemaBuilder.int32().optional().build(),
  OPTIONAL_INT64: SchemaBuilder.int64().optional().build(),
  OPTIONAL_FLOAT32: SchemaBuilder.float32().optional().build(),
  OPTIONAL_FLOAT64: SchemaBuilder.float64().optional().build(),
  OPTIONAL_BOOLEAN: SchemaBuilder.bool().optional().build(),
  OPTIONAL_STRING: SchemaBuilder.string().optional().build(),
  OPTIONAL_BYTES: SchemaBuilder.bytes().optional().build(),
} satisfies Record<string, Schema>);
