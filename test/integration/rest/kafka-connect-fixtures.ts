/**
 * Response bodies as Apache Kafka Connect documents them (connect REST API docs and KIPs 495, 558, 745, 875,
 * 980, 1017), written out here as fixtures. Tests compare the *shape* of our answers with these: the same keys
 * and JSON types, recursively. Maps keyed by user data (configs, offsets) are marked with `MAP`.
 */
export const MAP = Symbol('map of string → string');

export const kafkaConnectFixtures = {
  serverInfo: { version: '3.8.0', commit: 'e2f0b0b24bc1a0ee', kafka_cluster_id: 'I4ZmrWqfT2e-upky_4fdPA' },
  connectorInfo: {
    name: 'hdfs-sink-connector',
    config: MAP,
    tasks: [{ connector: 'hdfs-sink-connector', task: 1 }],
    type: 'sink',
  },
  connectorStatus: {
    name: 'hdfs-sink-connector',
    connector: { state: 'RUNNING', worker_id: 'fakehost:8083' },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: 'fakehost:8083' }],
    type: 'sink',
  },
  taskStatus: { id: 0, state: 'RUNNING', worker_id: 'fakehost:8083' },
  tasks: [{ id: { connector: 'hdfs-sink-connector', task: 0 }, config: MAP }],
  tasksConfig: { 'hdfs-sink-connector-0': MAP },
  connectorPlugins: [{ class: 'test.class', type: 'source', version: '1.0' }],
  pluginConfigKey: {
    name: 'tasks.max', type: 'INT', required: false, default_value: '1', importance: 'HIGH',
    documentation: 'Maximum number of tasks to use for this connector.', group: 'Common', order: 3, width: 'SHORT',
    display_name: 'Tasks max', dependents: [] as string[],
  },
  activeTopics: { 'hdfs-sink-connector': { topics: ['topic-1'] } },
  sourceOffsets: { offsets: [{ partition: MAP, offset: MAP }] },
  offsetsMessage: { message: 'The offsets for this connector have been reset successfully' },
  loggerLevel: { level: 'DEBUG', last_modified: 1696590322365 },
  loggerList: ['org.apache.kafka.connect'],
  health: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' },
  error: { error_code: 404, message: 'Connector foo not found' },
} as const;

/** Differences between the shape of `actual` and of `fixture` (empty = same keys and JSON types). */
export function shapeDiff(actual: unknown, fixture: unknown, path = '$'): string[] {
  if (fixture === MAP) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object map`];
    return [];
  }
  if (Array.isArray(fixture)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${typeName(actual)}`];
    return actual.flatMap((a, i) => shapeDiff(a, fixture[0], `${path}[${i}]`));
  }
  if (typeof fixture === 'object' && fixture !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object, got ${typeName(actual)}`];
    const out: string[] = [];
    const fx = fixture as Record<string, unknown>;
    const ac = actual as Record<string, unknown>;
    for (const k of Object.keys(fx)) if (!(k in ac)) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(ac)) {
      if (!(k in fx)) out.push(`${path}.${k}: not in Kafka's shape`);
      else out.push(...shapeDiff(ac[k], fx[k], `${path}.${k}`));
    }
    return out;
  }
  // a nullable scalar (default_value, group) may be null on either side
  if (actual === null || fixture === null) return [];
  return typeof actual === typeof fixture ? [] : [`${path}: expected ${typeof fixture}, got ${typeName(actual)}`];
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
