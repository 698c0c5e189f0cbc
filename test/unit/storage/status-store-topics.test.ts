import { describe, expect, it } from 'vitest';
import { parseStatusKey, parseTopicStatusKey, topicStatusKey, topicStatusValue } from '../../../src/storage/status-store.js';

describe('status topic: topic status records (KIP-558)', () => {
  it('keys and values in Kafka Connect\'s format', () => {
    expect(topicStatusKey('my-conn', 'orders.v1')).toBe('status-topic-orders.v1:connector-my-conn');
    expect(topicStatusValue({ topic: 'orders.v1', connector: 'my-conn', task: 2, discoverTimestamp: 1700000000123 }))
      .toBe('{"topic":{"name":"orders.v1","connector":"my-conn","task":2,"discoverTimestamp":1700000000123}}');
  });

  it('parses keys back, even when the connector name contains the separator', () => {
    expect(parseTopicStatusKey('status-topic-orders.v1:connector-my-conn')).toEqual({ topic: 'orders.v1', connector: 'my-conn' });
    expect(parseTopicStatusKey('status-topic-t:connector-a:connector-b')).toEqual({ topic: 't', connector: 'a:connector-b' });
    expect(parseTopicStatusKey('status-topic-no-separator')).toBeUndefined();
    expect(parseTopicStatusKey('status-task-c-0')).toBeUndefined();
    expect(parseStatusKey('status-topic-t:connector-c')).toBeUndefined();
  });
});
