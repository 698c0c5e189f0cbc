// Plugin packages type-check this entry from source: bring along the project's ambient declarations
// for untyped vendor modules, which a plugin's own tsconfig does not include.
/// <reference path="../broker/protocol/compression/vendor-modules.d.ts" />
/**
 * `tributary/testing`: test kit for plugin authors.
 *
 * - `startTestCluster()` — embedded broker + one standalone worker in the test's own process, with helpers
 *   to create connectors, wait for states, produce/consume records through converters and read the DLQ.
 * - `SourceTaskHarness`, `SinkTaskHarness`, `applyTransform`, `roundTrip` — drive one task, transform or
 *   converter directly, with an offset reader over a Map, a recording sink context and a collecting
 *   errant-record reporter.
 */
export { startTestCluster } from './start-test-cluster.js';
export type { TestCluster, TestClusterOptions, ProduceOptions, ConsumeOptions } from './start-test-cluster.js';
export type { TestRecord, ConsumedRecord } from './record-io.js';
export type { ConverterSpec } from './resolve-converter.js';
export { waitUntil } from './wait-until.js';
export { MapOffsetStorageReader } from './map-offset-storage-reader.js';
export { SourceTaskHarness, type SourceTaskHarnessOptions } from './source-task-harness.js';
export { SinkTaskHarness, type SinkTaskHarnessOptions } from './sink-task-harness.js';
export { RecordingSinkTaskContext } from './recording-sink-task-context.js';
export { TaskGauges, type TaskGaugeValue } from '../runtime/task-gauges.js';
export { CollectingErrantRecordReporter, type ReportedRecord } from './collecting-errant-record-reporter.js';
export { applyTransform } from './transform-harness.js';
export { configureConverter, roundTrip, type RoundTrip } from './converter-harness.js';
