/**
 * The framework keys every connector config has (Kafka's ConnectorConfig), plus the sink and source additions
 * (SinkConnectorConfig / SourceConnectorConfig). Key names, types, defaults, validators, groups and order follow
 * Kafka Connect, so the validate endpoint and generated docs look the same. A connector's full ConfigDef is
 * `sinkConnectorConfigDef.merge(plugin.configDef)` (the plugin's own keys win on a clash).
 */
import { type ConfigOf, defineConfig } from '../api/config/define-config.js';
import { invalidValue } from '../api/config/parse-type.js';
import {
  atLeast,
  describedAs,
  nonEmptyString,
  nonEmptyStringWithoutControlChars,
  oneOf,
  oneOfIgnoreCase,
  validRegex,
} from '../api/config/validators.js';
import type { Validator } from '../api/config/config-types.js';

function uniqueAliases(kind: string): Validator {
  return describedAs(`unique ${kind} aliases`, (name, value) => {
    if (value === null || value === undefined) throw invalidValue(name, 'null', 'entry must be non null');
    if (Array.isArray(value) && new Set(value).size < value.length) {
      throw invalidValue(name, value, 'Duplicate alias provided.');
    }
  });
}

const common = 'Common';
const errorsGroup = 'Error Handling';

export const connectorConfigDef = defineConfig({
  name: {
    type: 'string', validator: nonEmptyStringWithoutControlChars, importance: 'high',
    doc: 'Unique name of this connector within the Connect cluster.',
    group: common, orderInGroup: 1, width: 'medium', displayName: 'Connector name',
  },
  'connector.class': {
    type: 'string', importance: 'high',
    doc: 'Connector class name or alias, e.g. org.apache.kafka.connect.file.FileStreamSinkConnector, FileStreamSinkConnector or FileStreamSink.',
    group: common, orderInGroup: 2, width: 'long', displayName: 'Connector class',
  },
  'tasks.max': {
    type: 'int', default: 1, validator: atLeast(1), importance: 'high',
    doc: 'Upper bound on the number of tasks this connector may run.',
    group: common, orderInGroup: 3, width: 'short', displayName: 'Tasks max',
  },
  'tasks.max.enforce': {
    type: 'boolean', default: true, importance: 'low',
    doc: 'Deprecated. When true, a connector that returns more task configs than tasks.max fails instead of running them.',
    group: common, orderInGroup: 4, width: 'short', displayName: 'Enforce tasks max',
  },
  'key.converter': {
    type: 'class', default: null, importance: 'low',
    doc: 'Converter for record keys; unset means the worker\'s key.converter. Sub-configs go under key.converter.*.',
    group: common, orderInGroup: 5, width: 'short', displayName: 'Key converter class',
  },
  'value.converter': {
    type: 'class', default: null, importance: 'low',
    doc: 'Converter for record values; unset means the worker\'s value.converter. Sub-configs go under value.converter.*.',
    group: common, orderInGroup: 6, width: 'short', displayName: 'Value converter class',
  },
  'header.converter': {
    type: 'class', default: null, importance: 'low',
    doc: 'HeaderConverter for record headers; unset means the worker\'s header.converter.',
    group: common, orderInGroup: 7, width: 'short', displayName: 'Header converter class',
  },
  transforms: {
    type: 'list', default: [], validator: uniqueAliases('transformation'), importance: 'low',
    doc: 'Ordered aliases of the single message transforms to apply; configure each under transforms.<alias>.*.',
    group: 'Transforms', orderInGroup: 8, width: 'long', displayName: 'Transforms',
  },
  predicates: {
    type: 'list', default: [], validator: uniqueAliases('predicate'), importance: 'low',
    doc: 'Aliases of the predicates transforms may refer to; configure each under predicates.<alias>.*.',
    group: 'Predicates', orderInGroup: 9, width: 'long', displayName: 'Predicates',
  },
  'config.action.reload': {
    type: 'string', default: 'restart', validator: oneOf('none', 'restart'), importance: 'low',
    doc: 'What to do when a value from a config provider changes: none, or restart the connector with the new value.',
    group: common, orderInGroup: 10, width: 'medium', displayName: 'Reload Action',
  },
  'errors.retry.timeout': {
    type: 'long', default: 0, importance: 'medium',
    doc: 'How long, in ms, a failed operation is retried. 0 = no retries, -1 = retry forever.',
    group: errorsGroup, orderInGroup: 1, width: 'medium', displayName: 'Retry Timeout for Errors',
  },
  'errors.retry.delay.max.ms': {
    type: 'long', default: 60000, importance: 'medium',
    doc: 'Cap, in ms, on the backoff between retries (jitter is added once the cap is reached).',
    group: errorsGroup, orderInGroup: 2, width: 'medium', displayName: 'Maximum Delay Between Retries for Errors',
  },
  'errors.tolerance': {
    type: 'string', default: 'none', validator: oneOf('none', 'all'), importance: 'medium',
    doc: 'none: any error fails the task. all: problem records are skipped (and reported to the log/DLQ when enabled).',
    group: errorsGroup, orderInGroup: 3, width: 'short', displayName: 'Error Tolerance',
  },
  'errors.log.enable': {
    type: 'boolean', default: false, importance: 'medium',
    doc: 'Log every failed operation and problem record; by default only errors that are not tolerated are logged.',
    group: errorsGroup, orderInGroup: 4, width: 'short', displayName: 'Log Errors',
  },
  'errors.log.include.messages': {
    type: 'boolean', default: false, importance: 'medium',
    doc: 'Include the record key, value and headers in error logs (topic/partition/offset are always logged).',
    group: errorsGroup, orderInGroup: 5, width: 'short', displayName: 'Log Error Details',
  },
});

export const sinkConnectorConfigDef = connectorConfigDef.extend({
  topics: {
    type: 'list', default: '', importance: 'high',
    doc: 'Comma-separated topics to consume. Set exactly one of topics and topics.regex.',
    group: common, orderInGroup: 4, width: 'long', displayName: 'Topics',
  },
  'topics.regex': {
    type: 'string', default: '', validator: validRegex, importance: 'high',
    doc: 'Regular expression of topics to consume. Set exactly one of topics and topics.regex.',
    group: common, orderInGroup: 4, width: 'long', displayName: 'Topics regex',
  },
  'errors.deadletterqueue.topic.name': {
    type: 'string', default: '', importance: 'medium',
    doc: 'Topic that receives records this sink, its transforms or converters failed on. Blank = no dead letter queue.',
    group: errorsGroup, orderInGroup: 6, width: 'medium', displayName: 'DLQ Topic Name',
  },
  'errors.deadletterqueue.topic.replication.factor': {
    type: 'short', default: 3, importance: 'medium',
    doc: 'Replication factor used when the dead letter queue topic has to be created.',
    group: errorsGroup, orderInGroup: 7, width: 'medium', displayName: 'Dead Letter Queue Topic Replication Factor',
  },
  'errors.deadletterqueue.context.headers.enable': {
    type: 'boolean', default: false, importance: 'medium',
    doc: 'Add __connect.errors.* headers describing the failure to records sent to the dead letter queue.',
    group: errorsGroup, orderInGroup: 8, width: 'medium', displayName: 'Enable Error Context Headers',
  },
});

export const sourceConnectorConfigDef = connectorConfigDef.extend({
  'topic.creation.groups': {
    type: 'list', default: [], validator: uniqueAliases('topic creation group'), importance: 'low',
    doc: 'Extra topic creation groups (the default group always exists); configure each under topic.creation.<group>.*.',
    group: 'Topic Creation', orderInGroup: 1, width: 'long', displayName: 'Topic Creation Groups',
  },
  'exactly.once.support': {
    type: 'string', default: 'requested', validator: oneOfIgnoreCase('requested', 'required'), importance: 'medium',
    doc: 'required: refuse to create the connector unless exactly-once delivery can be guaranteed. requested: best effort.',
    group: 'Exactly Once Support', orderInGroup: 2, width: 'short', displayName: 'Exactly once support',
  },
  'transaction.boundary': {
    type: 'string', default: 'poll', validator: oneOfIgnoreCase('poll', 'interval', 'connector'), importance: 'medium',
    doc: 'With exactly-once: commit a transaction per poll() batch, per time interval, or where the connector says.',
    group: 'Exactly Once Support', orderInGroup: 3, width: 'short', displayName: 'Transaction Boundary',
  },
  'transaction.boundary.interval.ms': {
    type: 'long', default: null, validator: atLeast(0), importance: 'low',
    doc: 'Commit interval when transaction.boundary=interval; unset means the worker\'s offset.flush.interval.ms.',
    group: 'Exactly Once Support', orderInGroup: 4, width: 'short', displayName: 'Transaction boundary interval',
  },
  'offsets.storage.topic': {
    type: 'string', default: null, validator: nonEmptyString, importance: 'low',
    doc: 'A separate offsets topic for this connector (distributed mode only); unset means the worker\'s offsets topic.',
    group: 'offsets.topic', orderInGroup: 1, width: 'long', displayName: 'Offsets topic',
  },
});

export type ConnectorConfig = ConfigOf<typeof connectorConfigDef>;
export type SinkConnectorConfig = ConfigOf<typeof sinkConnectorConfigDef>;
export type SourceConnectorConfig = ConfigOf<typeof sourceConnectorConfigDef>;

/**
 * Kafka's SinkConnectorConfig.validate: exactly one of `topics` / `topics.regex`. Returns the error message or
 * undefined; the caller attaches it to both keys' ConfigValues.
 */
export function sinkTopicsError(raw: Readonly<Record<string, unknown>>): string | undefined {
  const set = (k: string) => typeof raw[k] === 'string' && (raw[k] as string).trim() !== '';
  const hasTopics = set('topics') || (Array.isArray(raw['topics']) && raw['topics'].length > 0);
  const hasRegex = set('topics.regex');
  if (hasTopics && hasRegex) return 'topics and topics.regex are mutually exclusive options, but both are set.';
  if (!hasTopics && !hasRegex) return 'Must configure one of topics or topics.regex';
  return undefined;
}
