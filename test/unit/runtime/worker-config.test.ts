import { describe, expect, it } from 'vitest';
import { workerConfigDef } from '../../../src/runtime/worker-config.js';

describe('worker config', () => {
  it("has Kafka Connect's defaults (converters default to JsonConverter here)", () => {
    const c = workerConfigDef.parse({});
    expect(c['bootstrap.servers']).toEqual(['localhost:9092']);
    expect(c['offset.flush.interval.ms']).toBe(60000);
    expect(c['offset.flush.timeout.ms']).toBe(5000);
    expect(c['task.shutdown.graceful.timeout.ms']).toBe(5000);
    expect(c['header.converter']).toBe('org.apache.kafka.connect.storage.SimpleHeaderConverter');
    expect(c['key.converter']).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(c['listeners']).toEqual(['http://:8083']);
    expect(c['connector.client.config.override.policy']).toBe('All');
    expect(c['topic.creation.enable']).toBe(true);
  });

  it('parses strings from worker.properties and rejects bad values naming the key', () => {
    const c = workerConfigDef.parse({ 'offset.flush.interval.ms': '10000', 'plugin.path': '/a,/b', 'offset.storage.file.filename': '/tmp/o' });
    expect(c['offset.flush.interval.ms']).toBe(10000);
    expect(c['plugin.path']).toEqual(['/a', '/b']);
    expect(() => workerConfigDef.parse({ 'offset.flush.interval.ms': 'soon' })).toThrow(/offset.flush.interval.ms/);
    expect(() => workerConfigDef.parse({ 'offset.flush.interval.ms': '0' })).toThrow(/offset.flush.interval.ms/);
  });

  it("accepts Kafka's REST keys as Kafka does: any-case advertised listener, admin.listeners empty or set", () => {
    expect(workerConfigDef.parse({ 'rest.advertised.listener': 'HTTPS' })['rest.advertised.listener']).toBe('HTTPS');
    expect(() => workerConfigDef.parse({ 'rest.advertised.listener': 'ftp' })).toThrow(/rest.advertised.listener/);
    expect(workerConfigDef.parse({ 'admin.listeners': '' })['admin.listeners']).toEqual([]);
    expect(workerConfigDef.parse({})['admin.listeners']).toBeNull();
    expect(workerConfigDef.parse({ 'rest.port': '8084' })['rest.port']).toBe(8084);
  });
});
