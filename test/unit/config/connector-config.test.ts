import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineConfig } from '../../../src/api/config/index.js';
import {
  type SinkConnectorConfig,
  connectorConfigDef,
  sinkConnectorConfigDef,
  sinkTopicsError,
  sourceConnectorConfigDef,
} from '../../../src/config/connector-config.js';

describe('framework connector ConfigDefs', () => {
  it('have Kafka Connect key order and groups', () => {
    expect(connectorConfigDef.keys.map((k) => k.name)).toEqual([
      'name', 'connector.class', 'tasks.max', 'tasks.max.enforce', 'key.converter', 'value.converter', 'header.converter',
      'transforms', 'predicates', 'config.action.reload', 'errors.retry.timeout', 'errors.retry.delay.max.ms',
      'errors.tolerance', 'errors.log.enable', 'errors.log.include.messages',
    ]);
    expect(sinkConnectorConfigDef.groups).toEqual(['Common', 'Transforms', 'Predicates', 'Error Handling']);
    expect(sourceConnectorConfigDef.groups).toEqual([
      'Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic',
    ]);
  });

  it('parse a typical sink config with defaults', () => {
    const c = sinkConnectorConfigDef.parse({ name: 'jdbc-sink', 'connector.class': 'JdbcSink', topics: 'orders, customers', transforms: 'a,b' });
    expectTypeOf(c).toEqualTypeOf<SinkConnectorConfig>();
    expectTypeOf(c['errors.tolerance']).toEqualTypeOf<'none' | 'all'>();
    expect(c).toMatchObject({
      name: 'jdbc-sink',
      'tasks.max': 1,
      topics: ['orders', 'customers'],
      'topics.regex': '',
      transforms: ['a', 'b'],
      'errors.tolerance': 'none',
      'errors.retry.delay.max.ms': 60000,
      'errors.deadletterqueue.topic.replication.factor': 3,
      'key.converter': null,
    });
  });

  it('ConfigInfos for a plugin merged onto the sink keys reports framework and plugin errors', () => {
    const plugin = defineConfig({
      'connection.url': { type: 'string', importance: 'high', doc: 'JDBC URL.', group: 'Connection', orderInGroup: 1 },
      'tasks.max': { type: 'int', default: 2, importance: 'high', doc: 'Plugin override.' },
    });
    const infos = sinkConnectorConfigDef.merge(plugin).toConfigInfos('io.confluent.connect.jdbc.JdbcSinkConnector', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      name: 'bad\u0007name',
      transforms: 'a,a',
      'errors.tolerance': 'ALL',
    });
    const errors = Object.fromEntries(infos.configs.filter((c) => c.value?.errors.length).map((c) => [c.value?.name, c.value?.errors]));
    expect(errors).toEqual({
      name: ['Invalid value bad\u0007name for configuration name: String may not contain control sequences but had the following ASCII chars: 7'],
      transforms: ['Invalid value [a, a] for configuration transforms: Duplicate alias provided.'],
      'errors.tolerance': ['Invalid value ALL for configuration errors.tolerance: String must be one of: none, all'],
      'connection.url': ['Missing required configuration "connection.url" which has no default value.'],
    });
    expect(infos.error_count).toBe(4);
    expect(infos.groups).toEqual(['Common', 'Transforms', 'Predicates', 'Error Handling', 'Connection']);
    const tasksMax = infos.configs.find((c) => c.definition?.name === 'tasks.max');
    expect(tasksMax?.definition?.default_value).toBe('2');
    expect(infos.configs.find((c) => c.definition?.name === 'topics')?.definition?.default_value).toBe('');
  });

  it.each([
    [{ topics: 'a' }, undefined],
    [{ 'topics.regex': 'a.*' }, undefined],
    [{ topics: 'a', 'topics.regex': 'a.*' }, 'topics and topics.regex are mutually exclusive options, but both are set.'],
    [{ topics: ' ', 'topics.regex': '' }, 'Must configure one of topics or topics.regex'],
  ])('sinkTopicsError(%j)', (raw, expected) => {
    expect(sinkTopicsError(raw)).toBe(expected);
  });
});
