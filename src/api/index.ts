/**
 * Tributary's plugin API: the only module connector, transform and converter authors import.
 * It has no runtime dependencies (no pino, no kafkajs).
 *
 *     import { SourceConnector, SourceTask, SchemaBuilder, Schemas, sourceRecord, defineConfig } from 'tributary';
 */

// Schemas and values
export * from './schema.js';
export * from './schema-builder.js';
export * from './schemas.js';
export * from './logical-types.js';
export * from './decimal-codec.js';
export * from './schema-validate.js';
export * from './schema-equals.js';
export * from './struct-field.js';

// Records and headers
export * from './headers.js';
export * from './records.js';
export * from './topic-partition.js';

// Connectors and tasks
export * from './task.js';
export * from './connector.js';
export * from './source-connector.js';
export * from './sink-connector.js';
export * from './source-task.js';
export * from './sink-task.js';
export * from './offset-storage-reader.js';
export * from './task-metrics.js';

// Transforms, predicates, converters
export * from './transformation.js';
export * from './predicate.js';
export * from './converter.js';
export * from './header-converter.js';

// Config, errors, logging, plugin descriptors
export * from './config/index.js';
export * from './errors.js';
export * from './logger.js';
export * from './plugin-descriptor.js';
export * from './abortable-wait.js';
