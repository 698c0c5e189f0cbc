/**
 * Our answers have the shapes Kafka Connect documents (kafka-connect-fixtures.ts): same keys, same JSON types,
 * nothing extra — endpoint by endpoint against a running worker.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/broker.js';
import { kafkaConnectFixtures as K, MAP, shapeDiff } from './kafka-connect-fixtures.js';
import { withRestWorker } from './rest-harness.js';

const { http } = withRestWorker();

const datagen = {
  'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
  'kafka.topic': 'fx', quickstart: 'users', 'max.interval': '20', 'random.seed': '1', 'tasks.max': '1',
};
const sink = { 'connector.class': 'FileStreamSinkConnector', file: `/tmp/tributary-fixtures-${process.pid}.txt`, topics: 'fx', 'tasks.max': '1' };

async function shape(path: string, fixture: unknown, method = 'GET', body?: unknown) {
  const r = await http(method, path, body);
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 300)}`).toBeLessThan(300);
  expect(shapeDiff(r.body, fixture), `${method} ${path}`).toEqual([]);
  return r.body;
}

describe('Kafka Connect shapes', () => {
  it('root, health, plugins and plugin config keys', async () => {
    await shape('/', K.serverInfo);
    await shape('/health', K.health);
    await shape('/connector-plugins', K.connectorPlugins);
    await shape('/connector-plugins?connectorsOnly=false', K.connectorPlugins);
    await shape('/connector-plugins/DatagenConnector/config', [K.pluginConfigKey]);
  });

  it('connector info, status, tasks, tasks-config, task status, topics, offsets', async () => {
    await shape('/connectors', K.connectorInfo, 'POST', { name: 'fx', config: datagen });
    await shape('/connectors', K.connectorInfo, 'POST', { name: 'fx-sink', config: sink });
    await waitFor(async () => (await http('GET', '/connectors/fx/status')).body?.tasks?.[0]?.state === 'RUNNING', 'fx running');
    await waitFor(async () => (await http('GET', '/connectors/fx-sink/status')).body?.tasks?.[0]?.state === 'RUNNING', 'fx-sink running');
    await shape('/connectors/fx', K.connectorInfo);
    await shape('/connectors/fx/config', MAP);
    await shape('/connectors/fx/status', K.connectorStatus);
    await shape('/connectors/fx/tasks', K.tasks);
    await shape('/connectors/fx/tasks-config', { 'fx-0': MAP });
    await shape('/connectors/fx/tasks/0/status', K.taskStatus);
    await shape('/connectors/fx-sink/topics', { 'fx-sink': K.activeTopics['hdfs-sink-connector'] });
    await waitFor(async () => (await http('GET', '/connectors/fx/offsets')).body?.offsets?.length > 0, 'source offsets');
    await shape('/connectors/fx/offsets', K.sourceOffsets);
    await shape('/connectors?expand=status&expand=info', { fx: { status: K.connectorStatus, info: K.connectorInfo }, 'fx-sink': { status: K.connectorStatus, info: K.connectorInfo } });
    const plan = await http('POST', '/connectors/fx/restart?includeTasks=true');
    expect(plan.status).toBe(202);
    expect(shapeDiff(plan.body, K.connectorStatus)).toEqual([]);
    expect((await http('PUT', '/connectors/fx/stop')).status).toBe(204);
    await shape('/connectors/fx/offsets', K.offsetsMessage, 'DELETE');
  });

  it('loggers and errors', async () => {
    await shape('/admin/loggers/root', { level: 'INFO' });
    await shape('/admin/loggers/connector.fx', K.loggerList, 'PUT', { level: 'WARN' });
    await shape('/admin/loggers/connector.fx', K.loggerLevel);
    for (const [method, path] of [['GET', '/connectors/nope'], ['GET', '/nowhere'], ['DELETE', '/connectors/nope']] as const) {
      const r = await http(method, path);
      expect(r.status).toBe(404);
      expect(shapeDiff(r.body, K.error)).toEqual([]);
    }
  });
});
