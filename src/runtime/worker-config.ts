/**
 * The worker's own keys (Kafka Connect's WorkerConfig + StandaloneConfig), declared once. Kafka client
 * settings (`security.protocol`, `sasl.*`, `ssl.*`, `producer.*`, `consumer.*`, `admin.*`) are not declared
 * here: they pass through to `src/kafka`, which maps them.
 *
 * Differences from Kafka on purpose: `key.converter`/`value.converter` default to JsonConverter (Kafka
 * requires them), so a minimal worker.properties is just `bootstrap.servers` (+ the offsets file).
 */
import { defineConfig, type ConfigOf } from '../api/config/define-config.js';
import { atLeast, oneOfIgnoreCase } from '../api/config/validators.js';
import { DEFAULT_CONVERTER, DEFAULT_HEADER_CONVERTER } from './task-converters.js';

const common = 'Common';

export const workerConfigDef = defineConfig({
  'bootstrap.servers': {
    type: 'list', default: 'localhost:9092', importance: 'high', group: common,
    doc: 'host:port pairs of the Kafka cluster the worker and its connectors use.',
  },
  'key.converter': {
    type: 'class', default: DEFAULT_CONVERTER, importance: 'high', group: common,
    doc: 'Converter for record keys of connectors that set none; sub-configs under key.converter.*.',
  },
  'value.converter': {
    type: 'class', default: DEFAULT_CONVERTER, importance: 'high', group: common,
    doc: 'Converter for record values of connectors that set none; sub-configs under value.converter.*.',
  },
  'header.converter': {
    type: 'class', default: DEFAULT_HEADER_CONVERTER, importance: 'low', group: common,
    doc: 'HeaderConverter for record headers of connectors that set none.',
  },
  'offset.flush.interval.ms': {
    type: 'long', default: 60000, validator: atLeast(1), importance: 'low', group: common,
    doc: 'How often tasks commit offsets (source offsets to the offset store, sink offsets to the consumer group).',
  },
  'offset.flush.timeout.ms': {
    type: 'long', default: 5000, validator: atLeast(0), importance: 'low', group: common,
    doc: 'How long a source offset commit waits for outstanding records to be acknowledged before giving up until the next interval.',
  },
  'task.shutdown.graceful.timeout.ms': {
    type: 'long', default: 5000, validator: atLeast(0), importance: 'low', group: common,
    doc: 'Total time to wait for tasks to stop gracefully (commit and stop) before abandoning them.',
  },
  'source.max.in.flight.records': {
    type: 'int', default: 10000, validator: atLeast(1), importance: 'low', group: common,
    doc: 'Tributary extra: the most records a source task may have sent but not yet acknowledged by Kafka; beyond it the task stops polling (backpressure).',
  },
  'plugin.path': {
    type: 'list', default: null, importance: 'low', group: common,
    doc: 'Directories holding plugin packages (npm packages exporting plugin descriptors).',
  },
  'config.providers': {
    type: 'list', default: [], importance: 'low', group: common,
    doc: 'Aliases of config providers (config.providers.<alias>.class, .param.*) that resolve ${alias:path:key} references.',
  },
  'connector.client.config.override.policy': {
    type: 'string', default: 'All', importance: 'medium', group: common,
    doc: 'Which producer.override.*/consumer.override.*/admin.override.* keys connectors may set: All, None or Principal.',
  },
  'topic.creation.enable': {
    type: 'boolean', default: true, importance: 'low', group: common,
    doc: 'Lets source connectors create the topics they write to per their topic.creation.* settings.',
  },
  'topic.tracking.enable': {
    type: 'boolean', default: true, importance: 'low', group: common,
    doc: 'Records the topics each connector produces to or consumes from (GET /connectors/{name}/topics, KIP-558).',
  },
  'topic.tracking.allow.reset': {
    type: 'boolean', default: true, importance: 'low', group: common,
    doc: 'Allows PUT /connectors/{name}/topics/reset (else 403).',
  },
  listeners: {
    type: 'list', default: 'http://:8083', importance: 'low', group: 'REST',
    doc: 'URIs the REST API listens on, e.g. http://:8083 or http://127.0.0.1:0.',
  },
  'rest.advertised.host.name': {
    type: 'string', default: null, importance: 'low', group: 'REST',
    doc: 'Host name other workers and clients should use to reach this worker.',
  },
  'rest.advertised.port': {
    type: 'int', default: null, importance: 'low', group: 'REST',
    doc: 'Port other workers and clients should use to reach this worker.',
  },
  'rest.advertised.listener': {
    type: 'string', default: null, validator: oneOfIgnoreCase('http', 'https'), importance: 'low', group: 'REST',
    doc: 'Which listener (http or https, any case) to advertise.',
  },
  'admin.listeners': {
    type: 'list', default: null, importance: 'low', group: 'REST',
    doc: 'Where the /admin endpoints are served (KIP-495): unset = on the main listeners, empty = disabled, else these URIs only.',
  },
  'rest.host.name': {
    type: 'string', default: null, importance: 'low', group: 'REST',
    doc: 'Deprecated in Kafka: the REST host name, used only when listeners is not set.',
  },
  'rest.port': {
    type: 'int', default: 8083, importance: 'low', group: 'REST',
    doc: 'Deprecated in Kafka: the REST port, used only when listeners is not set.',
  },
  'response.http.headers.config': {
    type: 'string', default: '', importance: 'low', group: 'REST',
    doc: 'HTTP response header rules (KIP-577), e.g. "add Cache-Control: no-cache, set X-Frame-Options: DENY".',
  },
  'offset.storage.file.filename': {
    type: 'string', default: '', importance: 'high', group: 'Standalone',
    doc: 'Standalone mode: file that stores source connector offsets (JSON, written atomically).',
  },
  'client.id': {
    type: 'string', default: '', importance: 'low', group: common,
    doc: 'Client id of the worker\'s own Kafka clients.',
  },
});

export type WorkerConfig = ConfigOf<typeof workerConfigDef>;
