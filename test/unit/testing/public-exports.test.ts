/**
 * The public entry points a plugin author may import: `tributary` (= `tributary/api`) and
 * `tributary/testing`, resolved through package.json `exports` exactly as a plugin package resolves them.
 * A name removed from either fails here: removing one breaks third-party plugins, so it must be deliberate
 * (update this list and say so in the changelog). New exports are fine and need no change here.
 */
import { describe, expect, it } from 'vitest';
import * as root from 'tributary';
import * as api from 'tributary/api';
import * as testing from 'tributary/testing';
// Types vanish at runtime, so the most used ones are pinned at compile time (npm run typecheck).
import type {
  ConfigOf, ConnectRecord, ConnectorProps, Converter, ErrantRecordReporter, Logger, OffsetStorageReader, PluginDescriptor,
  Predicate, Schema, SinkRecord, SinkTaskContext, SourceRecord, SourceTaskContext, TopicPartitionOffsets, Transformation,
} from 'tributary';
import type { ConsumedRecord, TestCluster, TestClusterOptions, TestRecord } from 'tributary/testing';

type Pinned = [
  ConfigOf<never>, ConnectRecord, ConnectorProps, Converter, ErrantRecordReporter, Logger, OffsetStorageReader, PluginDescriptor,
  Predicate, Schema, SinkRecord, SinkTaskContext, SourceRecord, SourceTaskContext, TopicPartitionOffsets, Transformation,
  ConsumedRecord, TestCluster, TestClusterOptions, TestRecord,
];
export type { Pinned };

const API = [
  'CONVERTER_TYPE_CONFIG', 'ConfigDef', 'ConfigError', 'ConnectDate', 'ConnectError', 'ConnectTime', 'ConnectTimestamp', 'Connector',
  'ConversionError', 'DECIMAL_SCALE_PARAM', 'DataError', 'Decimal', 'EMPTY_HEADERS', 'HIDDEN', 'Headers', 'LogicalTypeNames',
  'Password', 'RetriableError', 'SchemaBuilder', 'SchemaValidationError', 'Schemas', 'SinkConnector', 'SinkTask', 'SourceConnector',
  'SourceTask', 'Task', 'allOf', 'atLeast', 'atMost', 'bigintFromTwosComplement', 'bigintToTwosComplement', 'buildConfigInfos',
  'checkValue', 'connectRecord', 'convertToString', 'converterTypeConfigDef', 'dateFromDays', 'dateToDays', 'decimalFromBytes',
  'decimalFromUnscaled', 'decimalScale', 'decimalToBytes', 'decimalToUnscaled', 'defineConfig', 'describeSchema', 'describeValue',
  'describedAs', 'fieldOf', 'fieldValue', 'invalidValueMessage', 'listOf', 'logicalTypeOf', 'newRecord', 'noopTaskMetrics', 'nonEmptyString',
  'nonEmptyStringWithoutControlChars', 'nonNullOrEmpty', 'oneOf', 'oneOfIgnoreCase', 'parseDecimal', 'parseType', 'range', 'regex',
  'requireField', 'rescaleUnscaled', 'schemaEquals', 'silentLogger', 'sinkRecord', 'sourceRecord', 'subConfig', 'timeFromMillis',
  'timeToMillis', 'timestampFromMillis', 'timestampToMillis', 'toConfigKeyInfo', 'toConfigValueInfo', 'topicPartitionKey',
  'validRegex', 'validateValue', 'validationMessage', 'valuesEqual',
];

const TESTING = [
  'CollectingErrantRecordReporter', 'MapOffsetStorageReader', 'RecordingSinkTaskContext', 'SinkTaskHarness', 'SourceTaskHarness', 'TaskGauges',
  'applyTransform', 'configureConverter', 'roundTrip', 'startTestCluster', 'waitUntil',
];

const missing = (mod: object, names: readonly string[]) => names.filter((n) => !(n in mod) || (mod as Record<string, unknown>)[n] === undefined);

describe('public entry points (package.json exports)', () => {
  it('tributary and tributary/api are the same module and export every pinned name', () => {
    expect(Object.keys(root).sort()).toEqual(Object.keys(api).sort());
    expect(root.SourceTask).toBe(api.SourceTask);
    expect(missing(root, API)).toEqual([]);
  });

  it('tributary/testing exports every pinned name', () => {
    expect(missing(testing, TESTING)).toEqual([]);
  });

  it('a removed export is caught (the check is not vacuous)', () => {
    const { SourceTask: _gone, ...withoutOne } = root;
    expect(missing(withoutOne, API)).toEqual(['SourceTask']);
  });
});
