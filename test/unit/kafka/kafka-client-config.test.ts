import { describe, expect, it } from 'vitest';
import { clientProps, kafkaJsConfig, parseBootstrapServers, parseJaasCredentials } from '../../../src/kafka/kafka-client-config.js';

describe('kafka client config mapping', () => {
  it('parses bootstrap.servers with listener prefixes and IPv6', () => {
    expect(parseBootstrapServers('PLAINTEXT://a:9092, b:9093,[::1]:9094')).toEqual(['a:9092', 'b:9093', '[::1]:9094']);
    expect(parseBootstrapServers(undefined)).toEqual(['localhost:9092']);
    expect(() => parseBootstrapServers('nohost')).toThrow(/Invalid bootstrap.servers entry 'nohost'/);
    expect(() => parseBootstrapServers(' , ')).toThrow(/empty/);
  });

  it('reads JAAS credentials, with escaped quotes', () => {
    expect(
      parseJaasCredentials('org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s\\"cret";'),
    ).toEqual({ username: 'alice', password: 's"cret' });
    expect(() => parseJaasCredentials('PlainLoginModule required;')).toThrow(/username/);
  });

  it('maps SASL_SSL + SCRAM + timeouts to kafkajs options', () => {
    const cfg = kafkaJsConfig(
      {
        'bootstrap.servers': 'k1:9092',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': 'x.ScramLoginModule required username="u" password="p";',
        'ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----x',
        'ssl.endpoint.identification.algorithm': '',
        'request.timeout.ms': '1234',
      },
      'worker',
    );
    expect(cfg.brokers).toEqual(['k1:9092']);
    expect(cfg.clientId).toBe('worker');
    expect(cfg.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(cfg.requestTimeout).toBe(1234);
    const ssl = cfg.ssl as { ca: string[]; checkServerIdentity: () => undefined };
    expect(ssl.ca).toEqual(['-----BEGIN CERTIFICATE-----x']);
    expect(ssl.checkServerIdentity()).toBeUndefined();
  });

  it('rejects unknown protocols and mechanisms with the key named', () => {
    expect(() => kafkaJsConfig({ 'security.protocol': 'TLS' }, 'c')).toThrow(/Unknown security.protocol 'TLS'/);
    expect(() =>
      kafkaJsConfig({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'GSSAPI', 'sasl.jaas.config': 'a username="u" password="p";' }, 'c'),
    ).toThrow(/Unsupported sasl.mechanism 'GSSAPI'/);
    expect(() => kafkaJsConfig({ 'request.timeout.ms': '-5' }, 'c')).toThrow(/request.timeout.ms/);
  });

  it('layers worker, worker-prefixed and connector override client properties', () => {
    const props = clientProps(
      { 'bootstrap.servers': 'k:1', 'producer.linger.ms': '5', 'producer.acks': '1', 'consumer.max.poll.records': '9' },
      'producer.',
      { 'producer.override.acks': 'all', 'consumer.override.x': 'y' },
    );
    expect(props).toEqual({ 'bootstrap.servers': 'k:1', 'linger.ms': '5', acks: 'all' });
  });
});
