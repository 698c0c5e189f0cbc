/**
 * JSON schemas of the REST API's shapes (Kafka Connect's entities). Routes use them to validate requests and
 * to serialize responses, and `openapi.ts` publishes them. Response schemas list no `required` keys: a missing
 * field must never turn an answer into a serializer 500.
 */
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const anyJson = {} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const taskId = { type: 'object', properties: { connector: str, task: int } } as const;
const state = { type: 'object', properties: { state: str, worker_id: str, trace: str } } as const;
/** Tributary extension: gauges the task set through `context.metrics` (absent when none). */
const taskMetrics = {
  type: 'array', items: { type: 'object', properties: { name: str, labels: stringMap, value: { type: 'number' } } },
} as const;
const taskState = { type: 'object', properties: { id: int, state: str, worker_id: str, trace: str, metrics: taskMetrics } } as const;
const connectorType = { type: 'string', enum: ['source', 'sink', 'unknown'] } as const;
const connectorInfo = {
  type: 'object',
  properties: { name: str, config: stringMap, tasks: { type: 'array', items: taskId }, type: connectorType },
} as const;
const stateInfo = {
  type: 'object',
  properties: { name: str, connector: state, tasks: { type: 'array', items: taskState }, type: connectorType },
} as const;
const configKeyInfo = { type: 'object', additionalProperties: true, description: 'ConfigKeyInfo (name, type, required, default_value, importance, documentation, group, order, width, display_name, dependents)' } as const;
const nameOnly = { type: 'object', properties: { name: str }, required: ['name'] } as const;

export const S = {
  error: { type: 'object', properties: { error_code: int, message: str }, description: 'Kafka Connect error body' },
  empty: { type: 'null', description: 'No content' },
  stringMap,
  serverInfo: { type: 'object', properties: { version: str, commit: str, kafka_cluster_id: str } },
  health: { type: 'object', properties: { status: str, message: str } },
  connectorInfo,
  stateInfo,
  taskState,
  taskInfos: { type: 'array', items: { type: 'object', properties: { id: taskId, config: stringMap } } },
  /** Deprecated `GET /connectors/{name}/tasks-config`: `{"<name>-<id>": {config}}`. */
  tasksConfig: { type: 'object', additionalProperties: stringMap },
  connectorList: {
    description: 'Names, or with ?expand= an object name → {status?, info?}',
    anyOf: [
      { type: 'array', items: str },
      { type: 'object', additionalProperties: { type: 'object', properties: { status: stateInfo, info: connectorInfo } } },
    ],
  },
  offsets: {
    type: 'object',
    properties: { offsets: { type: 'array', items: { type: 'object', properties: { partition: anyJson, offset: anyJson } } } },
  },
  message: { type: 'object', properties: { message: str } },
  activeTopics: { type: 'object', additionalProperties: { type: 'object', properties: { topics: { type: 'array', items: str } } } },
  pluginInfos: { type: 'array', items: { type: 'object', properties: { class: str, type: str, version: str } } },
  configKeyInfos: { type: 'array', items: configKeyInfo },
  configInfos: {
    type: 'object',
    properties: {
      name: str,
      error_count: int,
      groups: { type: 'array', items: str },
      configs: { type: 'array', items: { type: 'object', properties: { definition: anyJson, value: anyJson } } },
    },
  },
  loggerLevel: { type: 'object', properties: { level: str, last_modified: int } },
  loggerLevels: { type: 'object', additionalProperties: { type: 'object', properties: { level: str, last_modified: int } } },
  /** Any JSON object (the handler checks the details and answers Kafka's messages). */
  objectBody: { type: 'object' },
  /** PATCH config: values are strings (numbers/booleans are stringified) or null to remove the key. */
  patchBody: { type: 'object', additionalProperties: { description: 'a string (numbers and booleans are stringified), or null to remove the key' } },
  nameParams: nameOnly,
  taskParams: { type: 'object', properties: { name: str, task: str }, required: ['name', 'task'] },
  pluginParams: { type: 'object', properties: { plugin: str }, required: ['plugin'] },
  loggerParams: { type: 'object', properties: { logger: str }, required: ['logger'] },
} as const;

// Documentation keys our routes put beside the schemas; openapi.ts reads them, fastify ignores them.
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    tags?: readonly string[];
    /** Left out of /openapi.json. */
    hide?: boolean;
    /** 'text' when the 200 answer is text/plain. */
    produces?: 'text';
  }
}
