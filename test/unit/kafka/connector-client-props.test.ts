import { describe, expect, it } from 'vitest';
import { sinkConsumerProps, sourceProducerProps, dlqProducerProps } from '../../../src/kafka/connector-client-props.js';
import { checkOverridePolicy, overridePolicyErrors, parseOverridePolicy } from '../../../src/kafka/override-policy.js';
import { consumerOptions, producerOptions, acksOf, fromBeginning } from '../../../src/kafka/kafkajs-options.js';

const worker = {
  'bootstrap.servers': 'k:9092',
  'group.id': 'connect-cluster',
  'client.id': 'worker-1',
  'security.protocol': 'PLAINTEXT',
  'producer.compression.type': 'gzip',
  'consumer.max.poll.interval.ms': '120000',
};

describe('connector client props', () => {
  it("layers Kafka Connect's producer defaults, worker producer.* and producer.override.*", () => {
    const p = sourceProducerProps(worker, { 'producer.override.acks': '1', 'consumer.override.x': 'y' }, 'orders', 2);
    expect(p).toMatchObject({
      'bootstrap.servers': 'k:9092',
      'client.id': 'connector-producer-orders-2',
      'max.in.flight.requests.per.connection': '1',
      'compression.type': 'gzip',
      acks: '1',
    });
    expect(p['group.id']).toBeUndefined();
    expect(p['x']).toBeUndefined();
    expect(acksOf(sourceProducerProps(worker, {}, 'o', 0))).toBe(-1);
  });

  it('gives sink consumers group connect-<name>, no auto commit, earliest; group.id overridable', () => {
    const c = sinkConsumerProps(worker, {}, 'pg-sink', 0);
    expect(c).toMatchObject({
      'group.id': 'connect-pg-sink',
      'enable.auto.commit': 'false',
      'auto.offset.reset': 'earliest',
      'client.id': 'connector-consumer-pg-sink-0',
      'max.poll.interval.ms': '120000',
    });
    expect(sinkConsumerProps(worker, { 'consumer.override.group.id': 'g2' }, 'pg-sink', 0)['group.id']).toBe('g2');
    expect(fromBeginning(c)).toBe(true);
    const opts = consumerOptions(c, 'connect-pg-sink');
    expect(opts).toMatchObject({ groupId: 'connect-pg-sink', rebalanceTimeout: 120000, readUncommitted: true });
    expect(dlqProducerProps(worker, {}, 'pg-sink', 3)['client.id']).toBe('connector-dlq-producer-pg-sink-3');
    expect(producerOptions({ 'enable.idempotence': 'true' }).idempotent).toBe(true);
  });
});

describe('connector.client.config.override.policy', () => {
  it('accepts short and Kafka class names', () => {
    expect(parseOverridePolicy(undefined)).toBe('All');
    expect(parseOverridePolicy('org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy')).toBe('None');
    expect(parseOverridePolicy('Principal')).toBe('Principal');
    expect(() => parseOverridePolicy('Some')).toThrow(/Unknown/);
  });
  it('None rejects every override, Principal all but the principal keys, All nothing', () => {
    const cfg = { 'producer.override.acks': '1', 'consumer.override.sasl.jaas.config': 'x', name: 'n' };
    expect(Object.keys(overridePolicyErrors('None', cfg)).sort()).toEqual(['consumer.override.sasl.jaas.config', 'producer.override.acks']);
    expect(Object.keys(overridePolicyErrors('Principal', cfg))).toEqual(['producer.override.acks']);
    expect(overridePolicyErrors('All', cfg)).toEqual({});
    expect(() => checkOverridePolicy('None', cfg)).toThrow(/producer.override.acks/);
  });
});
